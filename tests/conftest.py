import contextlib
import importlib
import os
import pkgutil
import smtplib
from pathlib import Path
from urllib.parse import urlsplit

import factory.random
import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from leadvet import roles
from leadvet.celery import app as celery_app
from tests.factories import PASSWORD, MentorFactory, user_with_role
from tests.mail_server import FailingMailServer

# The same examples on every run: Hypothesis (and schemathesis, which draws through it) derives
# each test's seed from the test itself, keeps no example database between runs, and judges
# no example by the wall clock (no deadline, no too-slow health check). A test's own
# @settings(...) starts from this profile.
hypothesis_settings.register_profile(
    "deterministic",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items):
    """The browser tests first, then the other long ones (marked slow): under pytest-xdist a
    long test that starts last keeps one process busy while the others have finished."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("e2e") is None,
            item.get_closest_marker("slow") is None,
        )
    )


SKIPPED_AT_SETUP = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "setup":
        item.stash[SKIPPED_AT_SETUP] = report.skipped
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (transactional_db, live_server) flushes every table when it ends,
    the rows the data migrations made included; put those back, so that the tests after it
    find the database as `migrate` left it whatever order they run in. A test skipped before
    its setup (a PostgreSQL-only test on SQLite) flushed nothing, and may have run before
    any test made the test database."""
    result = yield
    marker = item.get_closest_marker("django_db")
    flushed = not item.stash.get(SKIPPED_AT_SETUP, False) and (
        "transactional_db" in item.fixturenames
        or (marker is not None and marker.kwargs.get("transaction", False))
    )
    # After the last test the session's teardown has dropped the test database as well.
    if flushed and nextitem is not None:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            create_reference_data()
    return result


def pytest_collection_finish(session):
    _import_the_whole_project()


def _import_the_whole_project() -> None:
    """Hypothesis now and then draws a constant it found in the project's loaded modules, so
    the loaded modules decide the examples too: load every one of them before the first test,
    rather than whichever the tests that ran earlier in this process (under xdist, a
    different set on each run) happened to need."""
    for init in sorted(ROOT.glob("*/__init__.py")):
        package = init.parent.name
        if package in ("tests", "bench"):  # bench sets up its own environment on import
            continue
        for module in pkgutil.walk_packages(
            importlib.import_module(package).__path__, prefix=f"{package}."
        ):
            importlib.import_module(module.name)


# Under pytest-xdist (`make test` runs `pytest -n ...`) each test process has an id: gw0, gw1...
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def own_var_dir() -> Path:
    """Where this test process keeps its files: var/ when the suite runs in one process,
    var/xdist-gw0/ and so on for each process under pytest-xdist."""
    from django.conf import settings

    return settings.VAR_DIR / f"xdist-{XDIST_WORKER}" if XDIST_WORKER else settings.VAR_DIR


def pytest_configure(config):
    if XDIST_WORKER:
        _own_broker_for_this_process()
        _own_static_root()
    _flush_postgresql_by_deleting()


def _own_static_root() -> None:
    """The static files a test process serves are its own (none, unless a test collects
    them), as its worker and server processes find through LEADVET_VAR_DIR: not the files
    `make bench` or a deployment collected into var/staticfiles, which WhiteNoise would scan
    for every test client (a fifth more time for the whole suite)."""
    from django.conf import settings

    settings.STATIC_ROOT = own_var_dir() / "staticfiles"


def _flush_postgresql_by_deleting() -> None:
    """A transactional test ends with a flush of every table. On PostgreSQL Django truncates
    them, which makes new files for each of the hundred tables and their indexes: seconds per
    test. The test tables hold a few rows, so delete them instead, with the triggers (foreign
    keys and the survey tallies) off for the transaction, which needs a superuser (CI's
    `postgres`); another role, or a flush that resets sequences, truncates as before."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if tables and not reset_sequences and _is_superuser(self.connection):
            return ["SET LOCAL session_replication_role = replica"] + [
                f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))}"
                for table in tables
            ]
        return truncate(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    DatabaseOperations.sql_flush = sql_flush


def _is_superuser(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


def _own_broker_for_this_process() -> None:
    """Under pytest-xdist, each test process its own broker, for its in-process Celery app and
    the worker processes its tests start: a real worker purges its queue and takes whatever
    is in it, so two processes on one queue would take or purge each other's messages.

    The embedded broker gets its folders under own_var_dir(); a worker process finds them
    through LEADVET_VAR_DIR, which it inherits (and with it var/mail and the rest of var/).
    Redis gets the next database numbers: gw0 the configured one, gw1 the one after it, and
    so on, through CELERY_BROKER_URL, which Celery lets win over the setting and which the
    worker processes inherit too.
    """
    from django.conf import settings

    var_dir = own_var_dir()
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["LEADVET_VAR_DIR"] = str(var_dir)
    url = celery_app.conf.broker_url
    scheme = urlsplit(url).scheme
    if scheme == "filesystem":
        broker_dir = var_dir / "broker"
        folders = {
            "data_folder_in": broker_dir / "queue",
            "data_folder_out": broker_dir / "queue",
            "processed_folder": broker_dir / "processed",
            "control_folder": broker_dir / "control",
        }
        for folder in folders.values():
            folder.mkdir(parents=True, exist_ok=True)
        options = {
            **celery_app.conf.broker_transport_options,
            **{key: str(folder) for key, folder in folders.items()},
            # A test's worker looks for new messages every 0.1 s rather than every second.
            "polling_interval": 0.1,
        }
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
        celery_app.conf.broker_transport_options = options
    elif scheme in {"redis", "rediss"}:
        parts = urlsplit(url)
        database = int(parts.path.strip("/") or 0) + int(XDIST_WORKER.removeprefix("gw"))
        url = parts._replace(path=f"/{database}").geturl()
        os.environ["CELERY_BROKER_URL"] = url
        settings.CELERY_BROKER_URL = url
        celery_app.conf.broker_url = url
    elif scheme != "memory":  # kombu's memory transport lives in the process: separate already
        raise pytest.UsageError(f"no separate broker per test process for {scheme}:// yet")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite the test database is a file, not memory, so that a worker in another
    process (tests/reliability/test_worker_killed.py) sees the same rows: one file for each
    test process (pytest-django names PostgreSQL's test_<name>_gw0 and so on itself)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        own_var_dir().mkdir(parents=True, exist_ok=True)
        database.setdefault("TEST", {})["NAME"] = str(own_var_dir() / "test-db.sqlite3")
        # Throwaway data: no fsync on every commit of the transactional tests.
        options = database.setdefault("OPTIONS", {})
        options["init_command"] = options.get("init_command", "") + " PRAGMA synchronous=OFF;"


# What `migrate` left in the reference tables of the new test database, before any test ran.
AS_MIGRATED: dict[str, list] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's: `migrate` on an empty database. Then note the reference data the
    migrations made (tests/mentors/test_reference_data.py), on this database engine."""
    from django.db import connection

    queries = {
        "tasks": "SELECT number, name FROM mentors_mentortask ORDER BY number",
        "fields": "SELECT name, is_shortage FROM colleges_vocationalfield ORDER BY name",
        "languages": "SELECT code, name FROM mentors_language ORDER BY code",
    }
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql)
            AS_MIGRATED[name] = cursor.fetchall()


@pytest.fixture(autouse=True)
def _fixed_factory_seed(request):
    """factory_boy's Faker values (names) are the same on every run, whatever ran before."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in-process by default; tests that need a real worker say so (see real_worker)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: the user-language middleware activates the
    reader's language for the thread, and a test that requested a Finnish page would
    otherwise leave Finnish on for the next test in the process."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached figures must not leak from one test into the next, nor
    the values kept in this process (leadvet.lib.versions)."""
    from django.core.cache import cache

    from leadvet.lib import versions

    cache.clear()
    versions.forget_kept_in_process()
    yield
    cache.clear()
    versions.forget_kept_in_process()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash a password for every user; the slow production hasher is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def real_worker(transactional_db):
    """A real Celery worker (in a thread) on the configured broker: Redis in CI, else the
    embedded one (under pytest-xdist, this test process's own: see pytest_configure). The
    queue is purged first so that no message left by an earlier run reaches this test."""
    from celery.contrib.testing.worker import start_worker
    from celery.worker import state
    from kombu.exceptions import OperationalError

    from tests.workers import mark_worker_idle

    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        yield
        # Ask the worker to stop, and wake it with no-op tasks rather than leave it to notice
        # when its wait for messages (two seconds) runs out: the loop sees the request after
        # the first and takes one more turn, which the second ends.
        state.should_terminate = 0
        with contextlib.suppress(OperationalError):  # a test may leave the broker down
            for _ in range(2):
                mark_worker_idle.apply_async(retry=False)
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
    "leadvet.migrations.0002_role_groups": ["create_role_groups"],
    "colleges.migrations.0003_vocational_fields": ["create_vocational_fields"],
    "mentors.migrations.0005_reference_tasks_and_languages": [
        "create_mentor_tasks",
        "create_languages",
    ],
    "alumni.migrations.0002_alumni_role_group": ["create_alumni_group"],
    "outcomes.migrations.0002_extra_resource_tasks": ["mark_tasks"],
    "colleges.migrations.0006_national_defaults_and_country_coordinator_role": [
        "create_role_group"
    ],
    # The catalogue's Finnish and Swedish names.
    "colleges.migrations.0008_vocational_field_names_in_finnish_and_swedish": ["name_fields"],
    "mentors.migrations.0013_tasks_and_languages_in_finnish_and_swedish": [
        "name_tasks",
        "name_languages",
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
