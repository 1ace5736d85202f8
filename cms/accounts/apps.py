from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cms.accounts"
    label = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.accounts.services import sync_all_role_groups

        # Runs after every app's migrations, so permissions of apps migrated later are included.
        post_migrate.connect(sync_all_role_groups, dispatch_uid="sync_role_groups")
