from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "community_sites"  # "sites" is taken by django.contrib.sites in the wider ecosystem
    verbose_name = _("Community sites")
