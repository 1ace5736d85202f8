"""Production: everything from the environment; refuses to start without a SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import *  # noqa: F401,F403
from cms.settings.environment import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
DATA_ENCRYPTION_KEYS = env_list("DATA_ENCRYPTION_KEYS")
if not DATA_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("Environment variable DATA_ENCRYPTION_KEYS is required.")
DATA_LOOKUP_KEY = env_str("DATA_LOOKUP_KEY", required=True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS is terminated at nginx/the load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows the page in a same-origin iframe, so frames stay SAMEORIGIN (not DENY).
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Media on object storage (S3-compatible, e.g. MinIO or a cloud bucket) when a bucket is given.
MEDIA_BUCKET = env_str("MEDIA_BUCKET")
if MEDIA_BUCKET:
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env_str("MEDIA_ENDPOINT_URL"),
            "access_key": env_str("MEDIA_ACCESS_KEY"),
            "secret_key": env_str("MEDIA_SECRET_KEY"),
            "custom_domain": env_str("MEDIA_CUSTOM_DOMAIN"),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
SERVER_EMAIL = DEFAULT_FROM_EMAIL  # noqa: F405

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
