"""The README's dumpdata/loaddata recipe really moves the demo network between databases."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from leadvet.models import User
from mentors.models import Contact, Mentor

pytestmark = pytest.mark.django_db

# The survey tallies are counted by database triggers as loaddata writes the answers, so
# they are left out of the dump (README, "Backups"); rebuild_rollups then recounts every rollup.
TALLIES = [
    "surveys.respondenttally",
    "surveys.questiontally",
    "surveys.collegequestiontally",
    "surveys.answertally",
    "surveys.collegeanswertally",
]
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", *TALLIES]
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in EXCLUDED_MODELS and not model._meta.proxy
    }


def flush() -> None:
    """manage.py flush, inside the test's transaction. PostgreSQL refuses to TRUNCATE with
    deferred foreign-key checks pending, so they run first; loaddata needs them deferred again."""
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if postgresql:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_dumpdata_flush_loaddata_restores_every_row_of_the_demo_network(tmp_path):
    call_command("seed_demo", "--force", verbosity=0)
    before = row_counts()
    demo_contacts = sorted(
        Contact.objects.values_list("mentor__user__email", "date", "task__number", "summary")
    )
    assert before["mentors.contact"] > 0 and before["events.registration"] > 0

    dump = tmp_path / "leadvet.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={e}" for e in EXCLUDED],
        output=str(dump),
        verbosity=0,
    )
    flush()
    assert Mentor.objects.count() == 0 and User.objects.count() == 0

    call_command("loaddata", str(dump), verbosity=0)
    call_command("rebuild_rollups", stdout=None)

    assert row_counts() == before
    call_command("rebuild_rollups", "--check", stdout=None)
    assert (
        sorted(
            Contact.objects.values_list("mentor__user__email", "date", "task__number", "summary")
        )
        == demo_contacts
    )
    assert User.objects.get(email="mentor@example.org").mentor.contacts.exists()
