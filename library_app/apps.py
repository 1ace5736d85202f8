from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryAppConfig(AppConfig):
    name = "library_app"
    verbose_name = _("Children's library")
