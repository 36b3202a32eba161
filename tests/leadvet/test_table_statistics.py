"""Tables autovacuum never analyses get statistics after migrate (PostgreSQL)."""

import pytest
from django.db import connection

from leadvet.lib.table_statistics import analyse_after_migrate, analyse_never_analysed_tables
from mentors.models import MentorTask

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
)


def reltuples(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_table_never_analysed_is_analysed_and_one_with_statistics_is_left_alone():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE catalogue_of_twelve AS SELECT generate_series(1, 12) AS n")
    assert reltuples("catalogue_of_twelve") < 0  # the planner knows nothing about it

    analysed = analyse_never_analysed_tables()

    assert "catalogue_of_twelve" in analysed
    assert reltuples("catalogue_of_twelve") == 12
    assert analyse_never_analysed_tables() == []


@pytest.mark.django_db
def test_the_reference_data_has_statistics_once_migrate_has_run():
    """The test database was made by `migrate`: its receiver analysed the data migrations'
    tables, which are far too small for autovacuum ever to analyse."""
    assert reltuples(MentorTask._meta.db_table) == MentorTask.objects.count() == 8


@pytest.mark.django_db
def test_flush_sends_post_migrate_without_a_plan_and_nothing_is_analysed():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE emptied_by_flush AS SELECT 1 AS n")

    analyse_after_migrate(sender=None, using="default")

    assert reltuples("emptied_by_flush") < 0


@pytest.mark.django_db
def test_the_portals_connections_plan_without_jit():
    """JIT compiled the reports' grouped reads for seconds before running them in a fraction
    of one (leadvet/env.py): every connection the portal opens has it off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
