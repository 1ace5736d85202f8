"""StaffProfile: a user's place in the org tree and their role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.orgs.models import OrgLevel


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")
    DISTRICT_STAFF = "district_staff", _("District staff")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    COMMUNITY_EDITOR = "community_editor", _("Community editor")
    DEPARTMENT_VIEWER = "department_viewer", _("Department viewer")  # 委办局: reads statistics and reports


# The org level at which each role may sit; None means any level.
ROLE_LEVEL = {
    Role.CITY_ADMIN: OrgLevel.CITY,
    Role.DISTRICT_STAFF: OrgLevel.DISTRICT,
    Role.STREET_STAFF: OrgLevel.STREET,
    Role.COMMUNITY_STAFF: OrgLevel.COMMUNITY,
    Role.COMMUNITY_EDITOR: OrgLevel.COMMUNITY,
    Role.DEPARTMENT_VIEWER: None,
}

# Roles that may build community sites for the units below them.
SITE_BUILDER_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_STAFF, Role.STREET_STAFF}


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="staff", verbose_name=_("org unit")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user.get_username()} ({self.get_role_display()}, {self.org_unit})"
