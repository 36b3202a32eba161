"""generate_network's load on PostgreSQL: tables without their foreign keys, secondary
indexes and triggers while rows are copied in, everything back (and checked) at the end, then vacuumed."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from mentors.models import Contact, Mentor, MentorTask
from portal.synthetic.network import MODELS_WRITTEN
from portal.synthetic.writer import TableWriter, bulk_load, next_id
from tests.factories import MentorFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY and the bulk load are PostgreSQL's"
)


def schema_of(models) -> set[tuple[str, str]]:
    """Every index and foreign key of the models' tables, as PostgreSQL would recreate it."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) AND schemaname = current_schema()",
            [tables],
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname = ANY(%s)",
            [tables],
        )
        keys = set(cursor.fetchall())
        # The triggers (the survey tallies') and whether each fires ("O": as the origin).
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
            "WHERE NOT g.tgisinternal AND t.relname = ANY(%s)",
            [tables],
        )
        return indexes | keys | set(cursor.fetchall())


def contact_row(contact_id: int, mentor: Mentor) -> tuple:
    now = timezone.now()
    return (
        contact_id,
        mentor.pk,
        mentor.college_id,
        datetime.date(2026, 5, 4),
        "vte_group",
        MentorTask.objects.order_by("number").first().pk,
        "email",
        30,
        "",
        now,
        now,
    )


CONTACT_COLUMNS = [
    "id",
    "mentor_id",
    "college_id",
    "date",
    "counterpart_kind",
    "task_id",
    "channel",
    "duration_minutes",
    "summary",
    "created_at",
    "updated_at",
]


@pytest.mark.django_db
def test_generating_leaves_every_index_and_foreign_key_as_the_migrations_made_them():
    before = schema_of(MODELS_WRITTEN)
    assert any("FOREIGN KEY" in definition for _name, definition in before)
    assert any(name == "mentors_contact_date_covering" for name, _definition in before)
    assert ("surveys_answers_inserted", "O") in before

    call_command("generate_network", scale="small", seed=1, stdout=None)

    assert Contact.objects.count() == 10_000
    assert schema_of(MODELS_WRITTEN) == before


@pytest.mark.django_db
def test_the_load_drops_the_indexes_and_a_failure_brings_them_back():
    before = schema_of([Contact])
    with pytest.raises(RuntimeError), transaction.atomic(), bulk_load([Contact]):
        during = schema_of([Contact])
        raise RuntimeError("the generator failed")

    kept = {name for name, _definition in during}
    assert "mentors_contact_date_covering" not in kept
    assert "mentors_contact_pkey" in kept  # primary and unique keys stay
    assert not any("FOREIGN KEY" in definition for _name, definition in during)
    assert schema_of([Contact]) == before


@pytest.mark.django_db
def test_rows_pointing_nowhere_are_refused_when_the_foreign_keys_come_back():
    mentor = MentorFactory()
    missing_mentor = Mentor(pk=mentor.pk + 1000, college_id=mentor.college_id)
    first = next_id(Contact)

    with pytest.raises(IntegrityError), transaction.atomic(), bulk_load([Contact]):
        writer = TableWriter(Contact, CONTACT_COLUMNS)
        writer.write([contact_row(first, mentor), contact_row(first + 1, missing_mentor)])
        # Copied in: nothing checks them until the load ends.
        assert writer.count == 2

    assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_generated_network_is_vacuumed_so_index_only_scans_skip_the_table():
    call_command("generate_network", scale="small", seed=1, stdout=None)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible, reltuples FROM pg_class WHERE relname = %s",
            [Contact._meta.db_table],
        )
        pages, all_visible, tuples = cursor.fetchone()
    assert pages > 0
    assert all_visible == pages
    assert tuples == 10_000
