"""Production settings come from the environment, refuse to start without a key, and pass the deploy check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REALISTIC_PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portal.jiangcheng.gov.cn,.jiangcheng.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://portal.jiangcheng.gov.cn",
    "DATABASE_URL": "postgres://cms:secret@db.internal:5432/cms",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ELASTICSEARCH_URL": "http://search.internal:9200",
    "MEDIA_BUCKET": "cms-media",
    "MEDIA_ENDPOINT_URL": "https://objects.internal",
    "EMAIL_HOST": "smtp.internal",
    "SMS_SENDER": "cms.notifications.senders.HttpSmsGatewaySender",
    "SMS_GATEWAY_URL": "https://sms.internal/send",
    "DATA_ENCRYPTION_KEYS": "Wm9tQWxsb3dlZFRoaXNJc0FUZXN0S2V5MzJieXRlcyE=",
    "DATA_LOOKUP_KEY": secrets.token_urlsafe(32),
}


def manage(*args, env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in REALISTIC_PRODUCTION_ENV and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120
    )


def test_production_passes_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=REALISTIC_PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = dict(REALISTIC_PRODUCTION_ENV, SECRET_KEY="")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_personal_data_keys():
    for missing in ("DATA_ENCRYPTION_KEYS", "DATA_LOOKUP_KEY"):
        result = manage("check", env=dict(REALISTIC_PRODUCTION_ENV, **{missing: ""}))
        assert result.returncode != 0
        assert missing in result.stderr


def test_production_reads_services_from_the_environment():
    script = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['HOST'], s.CACHES['default']['BACKEND'], s.TASKS['default']['BACKEND'],"
        " s.STORAGES['default']['BACKEND'], s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = manage("shell", "-c", script, env=REALISTIC_PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "db.internal",
        "django.core.cache.backends.redis.RedisCache",
        "django_tasks_rq.RQBackend",
        "storages.backends.s3.S3Storage",
        "False",
        "zh-hans",
        "Asia/Shanghai",
    ]


def test_embedded_default_needs_no_services():
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", "DATABASE_URL": "", "REDIS_URL": ""}
    script = (
        "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.TASKS['default']['BACKEND'])"
    )
    result = manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "django.db.backends.sqlite3",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]
