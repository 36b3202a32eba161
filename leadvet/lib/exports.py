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
cursor), so a million-row export takes the memory of a few thousand.

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
            f"{filename}.csv", CSV_TYPE, lambda file: write_csv(counted[0], file), language
        )
    return FileToWrite(
        f"{filename}.zip",
        ZIP_TYPE,
        lambda file: write_csv_zip(counted, file, about=about),
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


def _write_table(table: Table, text: io.TextIOBase) -> None:
    dialect = _Dialect()
    writer = csv.writer(text, delimiter=dialect.delimiter, lineterminator="\r\n")
    text.write("\ufeff")
    writer.writerow([dialect.header(column) for column in table.columns])
    cells = [dialect.writer(column) for column in table.columns]
    for row in table.rows:
        writer.writerow([cell(value) for cell, value in zip(cells, row, strict=True)])


def write_csv(table: Table, file: BinaryIO) -> None:
    """One table as a CSV file in the active language, written row by row into `file`."""
    text = io.TextIOWrapper(file, encoding="utf-8", newline="", write_through=False)
    try:
        _write_table(table, text)
        text.flush()
    finally:
        text.detach()  # leaves `file` open for its owner


def write_csv_zip(tables: Sequence[Table], file: BinaryIO, *, about: About) -> None:
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
                write_csv(table, member)


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
