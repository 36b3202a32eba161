"""The mentor tasks, vocational fields and languages come from data migrations, so a
freshly migrated database (production included) has them without seed_demo.

These tests read the test database as the migrations left it (after a transactional test's
flush, tests/conftest.py puts the rows back by running the same migration functions); the
last test migrates an empty database of its own, which nothing puts anything back into.
"""

import importlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from colleges.models import VocationalField
from mentors.models import Language, Mentor, MentorTask
from tests.conftest import AS_MIGRATED, REFERENCE_DATA_MIGRATIONS
from tests.factories import PartnerCollegeFactory
from tests.mentors.test_import import csv_file, upload

pytestmark = pytest.mark.django_db

# The seed's short names of the eight tasks (their descriptions are the seed's sentences).
TASK_NAMES = {
    1: "Contact person & recruitment",
    2: "Coordinating teacher students' training",
    3: "Teacher education curriculum",
    4: "Expert by experience in VTE sessions",
    5: "Study visits",
    6: "Wellbeing at work",
    7: "Everyday VET in VTE",
    8: "Member of the organised structure",
}
SHORTAGE_FIELDS = {
    "Early childhood education",
    "Health and social care",
    "Construction",
    "ICT",
    "Electrical and automation engineering",
}
OTHER_FIELDS = {
    "Business and administration",
    "Hospitality and catering",
    "Logistics",
    "Beauty care",
    "Youth and leisure instruction",
}
LANGUAGES = {
    "fi": "Finnish",
    "sv": "Swedish",
    "en": "English",
    "et": "Estonian",
    "nl": "Dutch",
    "ru": "Russian",
}


def seed_text(prefix: str) -> str:
    """A seed document, beside the repository (CI) or where it lives on the dev machine."""
    beside_repo = Path(settings.BASE_DIR).parent / "shared" / "seeds"
    seeds = beside_repo if beside_repo.is_dir() else Path("/work/shared/seeds")
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def reference_rows() -> dict:
    return {
        "tasks": list(MentorTask.objects.order_by("pk").values_list()),
        "fields": list(VocationalField.objects.order_by("pk").values_list()),
        "languages": list(Language.objects.order_by("pk").values_list()),
    }


def run_the_migration_functions() -> None:
    schema_editor = SimpleNamespace(connection=connection)
    for module, functions in REFERENCE_DATA_MIGRATIONS.items():
        for function in functions:
            getattr(importlib.import_module(module), function)(apps, schema_editor)


def test_migrations_create_the_eight_mentor_tasks_of_the_seed():
    tasks = list(MentorTask.objects.order_by("number"))
    assert {t.number: t.name for t in tasks} == TASK_NAMES
    text = seed_text("001")
    for task in tasks:
        assert f"- {task.number}. {task.description}" in text


def test_migrations_create_the_vocational_fields_with_their_shortage_flags():
    fields = dict(VocationalField.objects.values_list("name", "is_shortage"))
    assert fields == {
        **dict.fromkeys(SHORTAGE_FIELDS, True),
        **dict.fromkeys(OTHER_FIELDS, False),
    }


def test_migrations_create_the_languages():
    assert dict(Language.objects.values_list("code", "name")) == LANGUAGES


def test_running_the_migration_functions_again_changes_nothing():
    before = reference_rows()
    run_the_migration_functions()
    run_the_migration_functions()
    assert reference_rows() == before


def test_the_migration_functions_keep_edits_and_only_add_what_is_missing():
    MentorTask.objects.filter(number=2).update(name="Teacher students' training periods")
    VocationalField.objects.filter(name="Logistics").update(is_shortage=True)
    Language.objects.filter(code="ru").delete()

    run_the_migration_functions()

    assert MentorTask.objects.get(number=2).name == "Teacher students' training periods"
    assert VocationalField.objects.get(name="Logistics").is_shortage
    assert Language.objects.get(code="ru").name == "Russian"
    assert MentorTask.objects.count() == 8 and Language.objects.count() == len(LANGUAGES)


def test_the_importer_matches_the_migrated_tasks_fields_and_languages(
    client, coordinator, django_capture_on_commit_callbacks
):
    """Nothing but the migrations and one college: the `tasks` column's numbers are found."""
    PartnerCollegeFactory(name="Vantaa Vocational College Varia", short_name="Varia")
    client.force_login(coordinator)
    mentor_import = upload(
        client,
        csv_file("anna@varia.fi,Anna,Virtanen,Varia,,ICT;Logistics,1;3,candidate,fi;English,"),
    )
    assert mentor_import.status == "valid", mentor_import.errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mentors:import_confirm", args=[mentor_import.pk]))

    anna = Mentor.objects.get(user__email="anna@varia.fi")
    assert [(t.number, t.name) for t in anna.tasks.order_by("number")] == [
        (1, TASK_NAMES[1]),
        (3, TASK_NAMES[3]),
    ]
    assert sorted(f.name for f in anna.fields.all()) == ["ICT", "Logistics"]
    assert sorted(lang.code for lang in anna.languages.all()) == ["en", "fi"]
    assert MentorTask.objects.count() == 8  # matched, not created


def test_seed_demo_stops_with_a_clear_error_when_reference_data_is_missing():
    MentorTask.objects.filter(number=8).delete()
    with pytest.raises(CommandError, match=r"mentor task 8.*migrate"):
        call_command("seed_demo", "--force", verbosity=0)
    assert not Mentor.objects.exists()


def test_generate_network_stops_with_a_clear_error_when_reference_data_is_missing():
    Language.objects.all().delete()
    with pytest.raises(CommandError, match=r"languages.*migrate"):
        call_command("generate_network", scale="small", seed=1, stdout=None)
    assert not Mentor.objects.exists()


def test_migrate_on_an_empty_database_creates_the_reference_data(django_db_setup):
    """What `migrate` made in the test database, on this engine (SQLite or PostgreSQL), noted
    before any test ran (tests/conftest.py): what production gets from `manage.py migrate`."""
    tasks, fields, languages = (AS_MIGRATED[name] for name in ("tasks", "fields", "languages"))
    assert dict(tasks) == TASK_NAMES
    assert {name for name, shortage in fields if shortage} == SHORTAGE_FIELDS
    assert {name for name, shortage in fields if not shortage} == OTHER_FIELDS
    assert dict(languages) == LANGUAGES
