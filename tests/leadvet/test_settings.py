import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from leadvet import env

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_accepts_common_spellings(monkeypatch):
    monkeypatch.setenv("DEBUG", "yes")
    assert env.env_bool("DEBUG") is True
    monkeypatch.setenv("DEBUG", "0")
    assert env.env_bool("DEBUG", default=True) is False


def test_env_bool_refuses_garbage_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool("DEBUG")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "a.example.org, b.example.org,")
    assert env.env_list("ALLOWED_HOSTS") == ["a.example.org", "b.example.org"]


def test_env_int_refuses_non_numbers(monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_AGE", "ten")
    with pytest.raises(ImproperlyConfigured, match="SESSION_COOKIE_AGE"):
        env.env_int("SESSION_COOKIE_AGE", 5)


def test_database_url_postgres_is_parsed(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example.org:5433/leadvet")
    config = env.database_config("DATABASE_URL", "sqlite:///x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "leadvet")


def test_postgres_connections_turn_jit_off_after_the_urls_own_options(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/leadvet")
    assert env.database_config("DATABASE_URL", "")["OPTIONS"]["options"] == "-c jit=off"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/leadvet?options=-c%20work_mem%3D64MB")
    assert (
        env.database_config("DATABASE_URL", "")["OPTIONS"]["options"]
        == "-c work_mem=64MB -c jit=off"
    )


def test_database_url_defaults_to_sqlite(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database_config("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"


def test_malformed_database_url_names_the_variable(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://whatever")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env.database_config("DATABASE_URL", "sqlite:///x")


def test_broker_url_prefers_celery_broker_url_then_redis_url(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/1")
    assert (
        env.broker_url(("CELERY_BROKER_URL", "REDIS_URL"), "filesystem://")
        == "redis://cache:6379/1"
    )
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://broker:6379/0")
    assert (
        env.broker_url(("CELERY_BROKER_URL", "REDIS_URL"), "filesystem://")
        == "redis://broker:6379/0"
    )


def test_broker_url_refuses_unknown_scheme(monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "http://nope")
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL"):
        env.broker_url(("CELERY_BROKER_URL",), "filesystem://")


def test_email_url_smtp_becomes_a_mailer(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://me%40x.org:s3cret@mail.example.org:2525")
    config = env.mailer_config("EMAIL_URL", "console://")
    assert config["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 2525,
        "username": "me@x.org",
        "password": "s3cret",
        "use_tls": True,
        "use_ssl": False,
    }


def test_email_url_file_backend_for_development(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "file:///tmp/leadvet-mail")
    config = env.mailer_config("EMAIL_URL", "console://")
    assert config == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": "/tmp/leadvet-mail"},
    }


def test_email_url_unknown_scheme_names_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "pigeon://coop")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        env.mailer_config("EMAIL_URL", "console://")


def _manage(*args, **extra_env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_startup_with_malformed_env_stops_with_one_clear_line():
    result = _manage("check", DEBUG="sometimes")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("Configuration error: DEBUG")


def test_production_settings_without_secret_key_refuse_to_start():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-9f8e7d6c5b4a",
        ALLOWED_HOSTS="portal.example.org",
        LEADVET_VAR_DIR=str(tmp_path),
        EMAIL_URL="smtp+tls://mail.example.org:587",
        SITE_URL="https://portal.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_warns_of_a_site_url_without_https(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        DEBUG="false",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-9f8e7d6c5b4a",
        ALLOWED_HOSTS="portal.example.org",
        LEADVET_VAR_DIR=str(tmp_path),
        SITE_URL="http://portal.example.org",
    )
    assert "leadvet.W001" in result.stdout + result.stderr


def test_redis_url_becomes_the_fail_safe_cache_and_proxies_are_declared_from_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']); "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER); "
        "print(s.ACCOUNT_RATE_LIMITS['login_failed'])"
    )
    result = _manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        REDIS_URL="redis://cache.example.org:6379/1",
        TRUSTED_PROXY_COUNT="1",
        TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
        LOGIN_FAILURES_PER_ADDRESS="50",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "leadvet.lib.cache.FailSafeRedisCache redis://cache.example.org:6379/1",
        "1 X-Real-IP",
        "50/5m/ip,5/5m/key",
    ]
