from wagtail import hooks

from cms.orgs.views import OrgUnitViewSet


@hooks.register("register_admin_viewset")
def register_org_unit_viewset():
    return OrgUnitViewSet("org_units")
