from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "community_sites"  # "sites" would clash with django.contrib.sites in the wider ecosystem
    verbose_name = _("Community sites")

    def ready(self):
        from sites import signals

        signals.connect()
