from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatacenterConfig(AppConfig):
    name = "services.datacenter"
    label = "datacenter"
    verbose_name = _("Basic data centre")
