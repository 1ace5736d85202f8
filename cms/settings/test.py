"""Test settings: PostgreSQL from DATABASE_URL (the suite's default), fast hashing, jobs in-process."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms")

from cms.settings.base import *  # noqa: E402,F401,F403
from cms.settings.environment import derived_fernet_key  # noqa: E402

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
PAGE_CACHE_SECONDS = 0  # editors see their changes at once; the cache tests turn it on
# A second task backend that goes through the real Redis on this machine (database 15).
TASKS["redis"] = {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
RQ_QUEUES = {"default": {"URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"), "DEFAULT_TIMEOUT": 60}}

# Throwaway keys for personal data; never used in production (which requires its own).
DATA_ENCRYPTION_KEYS = DATA_ENCRYPTION_KEYS or [derived_fernet_key("test-only-data-key")]  # noqa: F405
DATA_LOOKUP_KEY = DATA_LOOKUP_KEY or "test-only-lookup-key"  # noqa: F405
