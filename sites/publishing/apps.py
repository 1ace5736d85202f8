from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "sites.publishing"
    label = "static_publishing"
    verbose_name = _("Static publishing")

    def ready(self):
        from sites.publishing import signals

        signals.connect()
