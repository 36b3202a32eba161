"""Streaming generated rows into a table: COPY on PostgreSQL, bulk_create elsewhere."""

from collections.abc import Iterable, Sequence

from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models import Max


class TableWriter:
    """Writes rows (tuples in `attnames` order) with explicit ids into one model's table."""

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
        extra = tuple(self.defaults.values())
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            table = connection.ops.quote_name(self.model._meta.db_table)
            columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            with connection.cursor() as cursor:
                raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        values = row + extra
                        if self.json_fields:
                            values = tuple(
                                Jsonb(v) if i in self.json_fields and v is not None else v
                                for i, v in enumerate(values)
                            )
                        copy.write_row(values)
                        self.count += 1
        else:
            names = self.attnames + list(self.defaults)
            batch = []
            for row in rows:
                batch.append(self.model(**dict(zip(names, row + extra, strict=True))))
                if len(batch) == 2000:
                    self.model.objects.bulk_create(batch)
                    self.count += len(batch)
                    batch = []
            self.model.objects.bulk_create(batch)
            self.count += len(batch)
        return self.count


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
