from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessModulesConfig(AppConfig):
    name = "services.business_modules"
    label = "business_modules"
    verbose_name = _("Business modules")
