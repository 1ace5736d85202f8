"""Embedded default for a first run: SQLite, local media, in-process jobs, debug on."""

from cms.settings.base import *  # noqa: F401,F403
from cms.settings.environment import derived_fernet_key, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1", "[::1]"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PAGE_CACHE_SECONDS = 0  # editors see their changes at once; the cache tests turn it on

# Throwaway keys for personal data; never used in production (which requires its own).
DATA_ENCRYPTION_KEYS = DATA_ENCRYPTION_KEYS or [derived_fernet_key("dev-only-data-key")]  # noqa: F405
DATA_LOOKUP_KEY = DATA_LOOKUP_KEY or "dev-only-lookup-key"  # noqa: F405

# SQLite cannot keep "one open finding per case and kind" as a constraint (NULLS NOT DISTINCT);
# the assistance service checks it itself, and PostgreSQL enforces it in production.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
