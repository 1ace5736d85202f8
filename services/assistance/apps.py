from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "services.assistance"
    label = "assistance"
    verbose_name = _("Social assistance")

    def ready(self):
        from services.assistance.approval_hooks import register_with_approval_engine

        register_with_approval_engine()
