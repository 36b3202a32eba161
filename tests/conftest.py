import smtplib

import pytest

from leadvet import roles
from leadvet.celery import app as celery_app
from tests.factories import PASSWORD, MentorFactory, user_with_role
from tests.mail_server import FailingMailServer


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite the test database is a file, not memory, so that a worker in another
    process (tests/reliability/test_worker_killed.py) sees the same rows."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "test-db.sqlite3")
        # Throwaway data: no fsync on every commit of the transactional tests.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = options.get("init_command", "") + " PRAGMA synchronous=OFF;"


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in-process by default; tests that need a real worker say so (see real_worker)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached figures must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash a password for every user; the slow production hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def real_worker(transactional_db):
    """A real Celery worker (in a thread) on the configured broker: Redis in CI, else the
    embedded one. The queue is purged first so that no message left by an earlier run
    reaches this test."""
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        yield
    celery_app.control.purge()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def coordinator(db):
    return user_with_role(roles.COORDINATOR, email="coord@example.org")


@pytest.fixture
def teacher_educator(db):
    return user_with_role(roles.TEACHER_EDUCATOR, email="educator@example.org")


@pytest.fixture
def steering(db):
    return user_with_role(roles.STEERING, email="steering@example.org")


@pytest.fixture
def mentor(db):
    return MentorFactory()


@pytest.fixture
def other_mentor(db):
    return MentorFactory()


@pytest.fixture
def mail_server(settings):
    """A mail server the test can make refuse: set `accept` and `error` on what this gives."""
    settings.MAILERS = {"default": {"BACKEND": "tests.mail_server.FailingMailServer"}}
    yield FailingMailServer
    FailingMailServer.accept = None
    FailingMailServer.error = smtplib.SMTPServerDisconnected("connection lost")


# The data migrations that create the reference data, and their functions.
REFERENCE_DATA_MIGRATIONS = {
    "colleges.migrations.0003_vocational_fields": ["create_vocational_fields"],
    "mentors.migrations.0005_reference_tasks_and_languages": [
        "create_mentor_tasks",
        "create_languages",
    ],
}


def create_reference_data() -> None:
    """Run the reference-data migrations' functions against the test database: they add the
    mentor tasks, vocational fields and languages that are missing and change nothing else."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    schema_editor = SimpleNamespace(connection=connection)  # the functions read its alias
    for module, functions in REFERENCE_DATA_MIGRATIONS.items():
        migration = importlib.import_module(module)
        for function in functions:
            getattr(migration, function)(apps, schema_editor)


@pytest.fixture
def reference_data(db):
    """The migrated mentor tasks, vocational fields and languages, for tests that need them
    (seed_demo, generate_network). Every test database has them after migrating, but a
    transactional test (transactional_db, live_server) flushes every table when it ends,
    so a later transactional test would find none; this puts back what is missing."""
    create_reference_data()
