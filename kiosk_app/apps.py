from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KioskAppConfig(AppConfig):
    name = "kiosk_app"
    verbose_name = _("Kiosks")
