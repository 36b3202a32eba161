"""Streaming generated rows into tables: COPY on PostgreSQL, bulk_create elsewhere.

On PostgreSQL the big tables are loaded the way pg_restore loads a dump (`bulk_load`): their
foreign keys and non-unique indexes are dropped for the load, then each index is built once
from the finished table and each foreign key is checked by one query over it. Loaded with the
constraints in place, every row queued one check per foreign key until COMMIT (five million
single-row lookups for a million contacts: most of the 9.5 minutes `--scale full` used to take)
and every index was updated row by row.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models import Max

from leadvet.lib.table_statistics import analyse_never_analysed_tables

# SQLite: rows per INSERT of bulk_create (its limit on variables per statement is far above).
SQLITE_BATCH = 2000

# The tables' own foreign keys (not those pointing at them: the referenced primary keys stay).
FOREIGN_KEYS = """
    SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE c.contype = 'f' AND t.relname = ANY(%s)
      AND t.relnamespace = current_schema()::regnamespace
    ORDER BY t.relname, c.conname
"""
# The type of each column, which binary COPY needs to be told.
COLUMN_TYPES = """
    SELECT a.attname, a.atttypid::int FROM pg_attribute a
    WHERE a.attrelid = (
        SELECT t.oid FROM pg_class t
        WHERE t.relname = %s AND t.relnamespace = current_schema()::regnamespace
    )
      AND a.attname = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
"""
# Secondary indexes: not primary keys, not unique ones (they keep the data's rules during the
# load), not those behind a constraint.
SECONDARY_INDEXES = """
    SELECT i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace
      AND NOT x.indisunique AND NOT x.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    ORDER BY t.relname, i.relname
"""


@contextmanager
def bulk_load(model_list: Sequence[type[models.Model]]) -> Iterator[None]:
    """Load `model_list`'s tables without their foreign keys, secondary indexes and triggers
    (PostgreSQL). The triggers keep the survey tallies: without its indexes a tally trigger would
    scan a whole table for each row written, so the caller recounts what they keep once the rows
    are in (generate_network runs rebuild_rollups in the same transaction).

    Runs inside the caller's transaction: if anything fails the dropped keys and indexes come
    back with the rollback, and no other session ever sees the tables without them (the
    ALTERs hold their locks until COMMIT). Does nothing on other databases.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise CommandError("bulk_load must run inside a transaction.")
    tables = [model._meta.db_table for model in model_list]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table with checks still queued: run the queued ones now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(FOREIGN_KEYS, [tables])
        foreign_keys = cursor.fetchall()
        cursor.execute(SECONDARY_INDEXES, [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for table in tables:
            cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, definition in indexes:
            cursor.execute(definition)
        # Each ADD checks every row of the table with one join against the referenced table.
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        # Every foreign key of the project is DEFERRABLE INITIALLY DEFERRED: as it was.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class TableWriter:
    """Writes rows (tuples in `attnames` order) with explicit ids into one model's table.

    `write` may be called several times (chunks of a stream); `count` is the running total.
    """

    def __init__(self, model: type[models.Model], attnames: Sequence[str]):
        self.model = model
        self.attnames = list(attnames)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [
            name
            for name, f in fields.items()
            if name not in self.attnames
            and not f.null
            and not f.has_default()
            and not f.primary_key
        ]
        if missing:
            raise CommandError(f"{model.__name__}: no value for {missing}")
        # Columns not given take their model default (the same for every row).
        self.defaults = {
            name: f.get_default()
            for name, f in fields.items()
            if name not in self.attnames and not f.primary_key and f.has_default()
        }
        self.columns = [fields[name].column for name in self.attnames] + [
            fields[name].column for name in self.defaults
        ]
        self.json_fields = {
            index
            for index, name in enumerate(list(self.attnames) + list(self.defaults))
            if isinstance(fields[name], models.JSONField)
        }
        self.count = 0

    def write(self, rows: Iterable[tuple]) -> int:
        """Stream `rows` into the table (one COPY on PostgreSQL); return the running total."""
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._bulk_create(rows)
        return self.count

    def _copy(self, rows: Iterable[tuple]) -> None:
        """COPY in PostgreSQL's binary format: against the text format it took a fifth of
        the client's time and half the server's per row (dates and times are not parsed)."""
        from psycopg.types.json import Jsonb

        extra = tuple(self.defaults.values())
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        json_fields = self.json_fields
        with connection.cursor() as cursor:
            cursor.execute(COLUMN_TYPES, [self.model._meta.db_table, self.columns])
            type_of = dict(cursor.fetchall())
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types([type_of[column] for column in self.columns])
                write_row = copy.write_row
                written = 0
                for row in rows:
                    values = row + extra
                    if json_fields:
                        values = tuple(
                            Jsonb(v) if i in json_fields and v is not None else v
                            for i, v in enumerate(values)
                        )
                    write_row(values)
                    written += 1
        self.count += written

    def _bulk_create(self, rows: Iterable[tuple]) -> None:
        extra = tuple(self.defaults.values())
        names = self.attnames + list(self.defaults)
        batch = []
        for row in rows:
            batch.append(self.model(**dict(zip(names, row + extra, strict=True))))
            if len(batch) == SQLITE_BATCH:
                self.model.objects.bulk_create(batch)
                self.count += len(batch)
                batch = []
        self.model.objects.bulk_create(batch)
        self.count += len(batch)


def vacuum_analyze(model_list: Sequence[type[models.Model]]) -> str:
    """Make the freshly written tables ready for the planner; return what was done.

    PostgreSQL: `VACUUM (ANALYZE)` sets the visibility map (index-only scans read the heap for
    every page not marked all-visible) and the hint bits (else the first readers write them),
    and gathers the statistics; then every table never analysed is (the reference tables).
    VACUUM cannot run in a transaction: inside one (a test) only ANALYZE. SQLite: ANALYZE.
    """
    quote = connection.ops.quote_name
    tables = ", ".join(quote(model._meta.db_table) for model in model_list)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for model in model_list:
                cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
            return "ANALYZE"
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        cursor.execute(f"{command} {tables}")
    # The reference tables the pages join (tasks, languages, fields) if `migrate` did not.
    analyse_never_analysed_tables()
    return command


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
