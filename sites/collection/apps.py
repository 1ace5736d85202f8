from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "sites.collection"
    label = "site_forms"
    verbose_name = _("Resident information collection")
