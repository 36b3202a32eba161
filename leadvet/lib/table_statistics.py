"""Planner statistics for the tables autovacuum never analyses (PostgreSQL).

Autovacuum analyses a table once 50 rows and a tenth of it have changed. The reference tables
the data migrations fill (the eight mentor tasks, the languages, the vocational fields, the
countries) never get there, and without statistics the planner takes each for ten pages of
wide rows: at a million contacts it then grouped the contact minutes by walking an index
through the whole table (15 s) instead of hashing a scan of it (3 s). So `migrate`, when it
applied migrations, ends by analysing every table that has never been analysed or vacuumed,
and `generate_network` does the same after loading.
"""

from django.db import DEFAULT_DB_ALIAS, connections

# pg_class.reltuples is -1 until the table is first vacuumed or analysed (PostgreSQL 14+).
NEVER_ANALYSED = """
    SELECT c.relname FROM pg_class c
    WHERE c.relkind IN ('r', 'p') AND c.reltuples < 0
      AND c.relnamespace = current_schema()::regnamespace
    ORDER BY c.relname
"""


def analyse_never_analysed_tables(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """ANALYZE each table of the schema that has no statistics yet; return their names."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(NEVER_ANALYSED)
        names = [name for (name,) in cursor.fetchall()]
        for name in names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    return names


def analyse_after_migrate(sender, *, using: str = DEFAULT_DB_ALIAS, plan=None, **kwargs) -> None:
    """post_migrate receiver. `flush` sends the signal too, without a plan: nothing to do then
    (its emptied tables are analysed by autovacuum once they fill)."""
    if plan:
        analyse_never_analysed_tables(using=using)
