"""Every CSV and XLSX download of the portal, written one way.

A download is one or more tables, each a title, typed columns and rows, and an `About`: what
the file is, its period and the filters applied (`leadvet.lib.tables`). `prepare` turns them
into a `FileToWrite`, which a background job writes into the file storage
(`leadvet.lib.jobs`), or a view small enough to answer at once writes into its response.

- CSV: UTF-8 with a byte order mark (Excel reads it as UTF-8 only then), one table per file;
  several tables become a ZIP of CSV files. The delimiter follows the active language's
  decimal separator, as Excel's list separator does: `;` where decimals take a comma
  (all but English), `,` elsewhere. Numbers carry the language's decimal separator, dates are ISO
  (every Excel reads them), percentages are percentage points under a "(%)" header.
- XLSX (`leadvet.lib.xlsx`): typed cells, a bold frozen header with a filter, day-month-year
  dates, and a first sheet naming the file, its period and filters and every table.

Rows are written as they are read (a queryset's `iterator`: on PostgreSQL a server-side
cursor), so a million-row export takes the memory of a few thousand. A table that can say its
rows as SQL text (`Table.csv_text`, made with `sql_text` and its kin) is written on
PostgreSQL by `COPY ... TO STDOUT`: the database formats the cells and this process only
passes the bytes on (ten million contacts: no Python object per cell). Its rows then end in
a line feed rather than CR LF, which every spreadsheet and CSV reader takes alike.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula,
so every text cell that starts so gets an apostrophe in front, in CSV and XLSX alike; numbers
stay numbers, so -3 is a number and never text.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import BinaryIO

from django.db import connections, transaction
from django.db.models import Case, F, Func, TextField, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from leadvet.lib.downloads import FileToWrite, Progress
from leadvet.lib.tables import (
    FORMULA_STARTS,
    About,
    Column,
    Kind,
    Table,
    about_rows,
    applied_filters,
    as_text,
    display,
    is_number,
    local_time,
    month_label,
    neutralise,
)
from leadvet.lib.xlsx import MAX_SHEET_ROWS, XLSX_TYPE, write_xlsx

# The names apps import from here: a download's parts, and how values read.
__all__ = [
    "MAX_SHEET_ROWS",
    "About",
    "Column",
    "Kind",
    "Table",
    "applied_filters",
    "display",
    "month_label",
    "neutralise",
    "prepare",
    "sql_date",
    "sql_joined",
    "sql_labels",
    "sql_text",
    "write_csv",
    "write_csv_zip",
]

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8; header=present"
ZIP_TYPE = "application/zip"


def prepare(
    file_format: str,
    tables: Sequence[Table],
    *,
    about: About,
    filename: str,
    progress: Progress | None = None,
) -> FileToWrite:
    """The tables as a file to write: "xlsx" a workbook; "csv" one CSV file per table (a ZIP
    of them when there are several). `filename` is given without its extension. Each row
    written advances `progress`, which learns first how many rows to expect."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    language = translation.get_language() or "en"
    progress = progress or Progress()
    counted = [replace(table, rows=_counted(table, progress)) for table in tables]

    if file_format == "xlsx":
        return FileToWrite(
            f"{filename}.xlsx",
            XLSX_TYPE,
            lambda file: write_xlsx(counted, file, about=about),
            language,
        )
    if len(tables) == 1:
        return FileToWrite(
            f"{filename}.csv",
            CSV_TYPE,
            lambda file: write_csv(counted[0], file, progress=progress),
            language,
        )
    return FileToWrite(
        f"{filename}.zip",
        ZIP_TYPE,
        lambda file: write_csv_zip(counted, file, about=about, progress=progress),
        language,
    )


def _counted(table: Table, progress: Progress) -> Iterator[Sequence]:
    """The table's rows, each advancing `progress`; the expected count is asked when the
    writer reaches the table, so a table that is never written is never counted."""
    expected = table.expected_rows()
    if expected:
        progress.expect(expected)
    for row in table.rows:
        yield row
        progress.advance()


# CSV ---------------------------------------------------------------------------------------


class _Dialect:
    """The active language's CSV: its decimal separator, and the delimiter Excel expects."""

    def __init__(self):
        self.decimal = get_format("DECIMAL_SEPARATOR")
        self.delimiter = ";" if self.decimal == "," else ","

    def number(self, value) -> str:
        if isinstance(value, int):
            return str(value)
        text = format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
        return text.replace(".", self.decimal)

    def cell(self, value, column: Column) -> str:
        """Numbers in the language's way (a percentage in points), dates in ISO 8601."""
        if value is None:
            return neutralise(str(column.missing))
        if is_number(value):
            return self.number(value)
        if isinstance(value, datetime.datetime):
            return local_time(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m") if column.kind == Kind.MONTH else value.isoformat()
        return neutralise(as_text(value))

    def header(self, column: Column) -> str:
        label = str(column.label)
        if column.kind == Kind.PERCENT and "%" not in label:
            label += " (%)"
        return neutralise(label)

    def writer(self, column: Column):
        """`cell` for one column, with the commonest value of its kind taken first: a million
        rows of a dozen cells make that worth it."""
        missing = neutralise(str(column.missing))
        if column.kind == Kind.TEXT:

            def text(value):
                if value.__class__ is str:
                    return "'" + value if value.startswith(FORMULA_STARTS) else value
                return missing if value is None else self.cell(value, column)

            return text
        if column.kind == Kind.INTEGER:
            return lambda value: str(value) if value.__class__ is int else self.cell(value, column)
        if column.kind == Kind.DATE:
            return lambda value: (
                value.isoformat() if value.__class__ is datetime.date else self.cell(value, column)
            )
        return lambda value: self.cell(value, column)


def write_csv(table: Table, file: BinaryIO, *, progress: Progress | None = None) -> None:
    """One table as a CSV file in the active language, written row by row into `file` (by
    COPY when the table has `csv_text` and the database is PostgreSQL). `progress` advances
    with the rows COPY writes; the Python rows advance it themselves (`prepare`)."""
    dialect = _Dialect()
    copied = _copy_source(table)
    text = io.TextIOWrapper(file, encoding="utf-8", newline="", write_through=False)
    try:
        writer = csv.writer(
            text, delimiter=dialect.delimiter, lineterminator="\r\n" if copied is None else "\n"
        )
        text.write("\ufeff")
        writer.writerow([dialect.header(column) for column in table.columns])
        if copied is not None:
            text.flush()
            _copy(table, copied, file, dialect.delimiter, progress or Progress())
        else:
            cells = [dialect.writer(column) for column in table.columns]
            for row in table.rows:
                writer.writerow([cell(value) for cell, value in zip(cells, row, strict=True)])
        text.flush()
    finally:
        text.detach()  # leaves `file` open for its owner


# CSV by COPY (PostgreSQL) ------------------------------------------------------------------

# What `neutralise` does, as a regular expression: a text that starts like a formula gets an
# apostrophe in front.
_FORMULA_START = "^([" + "".join(start for start in FORMULA_STARTS if start != "-") + "-])"


def sql_text(expression, *, missing: str = "") -> Func:
    """A text cell as the CSV writes it: `missing` for None, a formula's start neutralised."""
    text = Coalesce(Cast(expression, TextField()), Value(missing))
    return Func(
        text,
        Value(_FORMULA_START),
        Value("'\\1"),
        function="REGEXP_REPLACE",
        output_field=TextField(),
    )


def sql_labels(field: str, labels: dict) -> Case:
    """A choice field's values in words (`labels`: value -> label), the value itself else."""
    return Case(
        *(When(**{field: value}, then=Value(str(label))) for value, label in labels.items()),
        default=Cast(field, TextField()),
        output_field=TextField(),
    )


def sql_date(field: str) -> Func:
    """A date in ISO 8601, as `_Dialect.cell` writes it."""
    return Func(F(field), Value("YYYY-MM-DD"), function="TO_CHAR", output_field=TextField())


def sql_joined(separator: str, *parts) -> Func:
    """The parts that are not None, joined by `separator` (none: the empty text)."""
    return Func(Value(separator), *parts, function="CONCAT_WS", output_field=TextField())


def _copy_source(table: Table) -> list | None:
    """The table's `csv_text` querysets when the CSV can be written by COPY, else None."""
    if table.csv_text is None:
        return None
    parts = list(table.csv_text())
    return parts if all(connections[rows.db].vendor == "postgresql" for rows in parts) else None


COPY_WORK_MEM = "64MB"


def _copy(table: Table, parts: list, file: BinaryIO, delimiter: str, progress: Progress) -> None:
    """The rows formatted and quoted by PostgreSQL, part after part, passed on as they come.
    `progress` advances after each part: the connection serves nothing else during a COPY
    (a job writes its progress through it). A line feed inside a quoted cell counts as a
    row, so the count is capped at the rows expected."""
    expected = table.expected_rows()
    if expected:
        progress.expect(expected)
    left = expected or 0
    for rows in parts:
        sql, params = rows.query.sql_with_params()
        statement = f"COPY ({sql}) TO STDOUT (FORMAT csv, DELIMITER '{delimiter}')"
        lines = 0
        with transaction.atomic(using=rows.db), connections[rows.db].cursor() as cursor:
            # Each part sorted in memory, not in files on disk (PostgreSQL's default of 4 MB
            # spilled a month of the EU log, 280,000 rows, to disk: a quarter of its time).
            cursor.execute("SET LOCAL work_mem = %s", [COPY_WORK_MEM])
            with cursor.cursor.copy(statement, params) as copy:
                for block in copy:
                    file.write(block)
                    lines += bytes(block).count(b"\n")
        if min(lines, left):
            progress.advance(min(lines, left))
            left -= min(lines, left)


def write_csv_zip(
    tables: Sequence[Table], file: BinaryIO, *, about: About, progress: Progress | None = None
) -> None:
    """Several tables as a ZIP of CSV files named by their titles and numbered in order, the
    first one saying what the download is and which file holds which table. Each member is
    compressed as it is written."""
    taken: set[str] = set()
    names = [_file_name(index, table.title, taken) for index, table in enumerate(tables, 1)]
    about_table = _about_table(about, zip(names, tables, strict=True))
    files = [
        (_file_name(0, about_table.title, taken), about_table),
        *zip(names, tables, strict=True),
    ]
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in files:
            with archive.open(name, "w", force_zip64=True) as member:
                write_csv(table, member, progress=progress)


def _file_name(index: int, title: str, taken: set[str]) -> str:
    slug = slugify(title)
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    stem = f"{index:02d}-{slug or 'table'}"
    name, number = f"{stem}.csv", 2
    while name in taken:
        name, number = f"{stem}-{number}.csv", number + 1
    taken.add(name)
    return name


def _about_table(about: About, files: Iterable[tuple[str, Table]]) -> Table:
    rows = [[_("Export"), about.title], *about_rows(about)]
    rows += [[name, table.title] for name, table in files]
    return Table(_("About this export"), [Column(_("Item")), Column(_("Value"))], rows)
