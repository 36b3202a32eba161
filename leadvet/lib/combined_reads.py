"""Several small reads of different tables in one round trip to the database.

A page of figures reads many tables, each with a small grouped query; the query budget of a
page counts the round trips, not their size. `read_together` sends such reads as one
`UNION ALL` statement: every part selects the same columns, those it lacks as NULLs cast to
the column's type (PostgreSQL matches the parts' column types pairwise, and two untyped NULLs
would make a column text), and a first column naming the part it came from.
"""

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from django.db.models import Expression, F, Field, QuerySet, Value
from django.db.models.functions import Cast

PART = "read_part"
PREFIX = "read_"
SOURCE = ":"  # "hours:rollup" and "hours:contacts": the rows of "hours"


class TypedNull(Cast):
    """NULL of a column's type. A constant: never part of a GROUP BY, where it would only
    widen the keys the database sorts or hashes."""

    def __init__(self, output_field: Field):
        super().__init__(Value(None), output_field=output_field)

    def get_group_by_cols(self):
        return []


class Part(NamedTuple):
    """A read: the rows of `queryset` (filtered, unordered), its `columns` named as in the
    combined statement. A column with an aggregate (Count, Sum, ...) groups the part by its
    other columns; a string is a field path."""

    queryset: QuerySet
    columns: Mapping[str, Expression | str]


def sourced_parts(
    reads: Iterable[tuple[str, QuerySet | None, Mapping[str, Expression | str]]],
) -> dict[str, Part]:
    """Parts read from several sources under one name: (name, queryset or None, columns) each,
    a None source left out. `read_together` returns their rows together under the name."""
    return {
        f"{name}{SOURCE}{index}": Part(source, columns)
        for index, (name, source, columns) in enumerate(reads)
        if source is not None
    }


def read_together(parts: Mapping[str, Part], columns: Mapping[str, Field]) -> dict[str, list]:
    """The rows of each part (dicts of its own columns), read in one SQL statement.

    `columns`: every column of the statement and its type. A part whose filter can match
    nothing (an empty `__in`) is left out of the statement and has no rows. Parts named
    `<name>:<anything>` are one read from several sources (a rollup and the rows beside it):
    their rows come back together under `<name>`."""
    for name, part in parts.items():
        unknown = set(part.columns) - set(columns)
        if unknown:
            raise ValueError(f"{name}: columns {sorted(unknown)} are not in the statement")
    # Only the columns some part reads: each other one would be a NULL in every row, cast,
    # sent and converted (the outcome figures' statement has 24 columns, today's minutes 9).
    used = {column: field for column, field in columns.items() if _read_by(column, parts)}
    first, *others = (_select(name, part, used) for name, part in parts.items())
    # A union takes the first model's Meta.ordering unless told otherwise.
    statement = first.union(*others, all=True).order_by() if others else first
    rows: dict[str, list] = {name: [] for name in parts}
    # Where each part's own columns are in a row (after the part's name).
    positions = {
        name: [(column, index) for index, column in enumerate(used, 1) if column in part.columns]
        for name, part in parts.items()
    }
    for row in statement:
        name = row[0]
        rows[name].append({column: row[index] for column, index in positions[name]})
    for name in [name for name in rows if SOURCE in name]:
        rows.setdefault(name.partition(SOURCE)[0], []).extend(rows.pop(name))
    return rows


def _read_by(column: str, parts: Mapping[str, Part]) -> bool:
    return any(column in part.columns for part in parts.values())


def _select(name: str, part: Part, columns: Mapping[str, Field]) -> QuerySet:
    given = {
        PREFIX + column: F(expression) if isinstance(expression, str) else expression
        for column, expression in part.columns.items()
    }
    # An F() names a column and never aggregates.
    totals = {
        alias: value
        for alias, value in given.items()
        if getattr(value, "contains_aggregate", False)
    }
    keys = {alias: value for alias, value in given.items() if alias not in totals}
    nulls = {
        PREFIX + column: TypedNull(field)
        for column, field in columns.items()
        if column not in part.columns
    }
    # A plain QuerySet: a translated model's (django-modeltranslation) rewrites the columns
    # and their order, which every part of the statement must keep alike.
    plain = QuerySet(part.queryset.model, part.queryset.query.chain(), part.queryset.db)
    queryset = plain.order_by().annotate(**{PART: Value(name)}, **keys)
    queryset = queryset.values(PART, *keys).annotate(**totals, **nulls)
    return queryset.values_list(PART, *(PREFIX + column for column in columns))
