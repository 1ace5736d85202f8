from wagtail import hooks

from cms.accounts.views import StaffProfileViewSet


@hooks.register("register_admin_viewset")
def register_staff_viewset():
    return StaffProfileViewSet("staff_accounts")
