"""Tables as an XLSX workbook (openpyxl's write-only mode: row by row, in constant memory).

Numbers, dates and percentages are typed cells with a number format (dates day-month-year,
as Finnish Excel writes them); each table has a bold frozen header row with a filter and
widths fitted to its first rows; a first sheet names the file, its period and filters, and
every table by its full name (a sheet name holds 31 characters). A table longer than a sheet
holds goes on over further sheets.
"""

import datetime
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from leadvet.lib.tables import (
    About,
    Column,
    Kind,
    Table,
    about_rows,
    as_text,
    is_number,
    local_time,
    neutralise,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LENGTH = 31
CELL_LENGTH = 32767
# Columns are fitted to the header and this many first rows (a big export is not read twice).
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
MAX_SHEET_ROWS = 1_048_575  # a sheet holds 1,048,576 rows, the header one of them

# Day-month-year as each language writes it (leadvet/formats' SHORT_DATE_FORMAT): 5.12.2026 in
# English, Finnish, Swedish and Estonian, 5-12-2026 in Dutch.
XLSX_DATE_FORMATS = {"nl": "d-m-yyyy"}
XLSX_DEFAULT_DATE_FORMAT = "d.m.yyyy"


def _xlsx_formats() -> dict[str, str]:
    day = XLSX_DATE_FORMATS.get(translation.get_language() or "", XLSX_DEFAULT_DATE_FORMAT)
    return {"date": day, "datetime": f"{day} hh:mm", "month": "mmm yyyy"}


class _Sheets:
    """Valid, unique sheet names: at most 31 characters, none of []:*?/\\, not "History"."""

    def __init__(self):
        self.taken = {"history"}  # Excel keeps it for itself

    def name(self, title: str) -> str:
        cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip().strip("'").strip()
        cleaned = re.sub(r"\s+", " ", cleaned) or _("Table")
        candidate, number = cleaned[:SHEET_NAME_LENGTH].rstrip(), 2
        while candidate.lower() in self.taken:
            suffix = f" ({number})"
            candidate = cleaned[: SHEET_NAME_LENGTH - len(suffix)].rstrip() + suffix
            number += 1
        self.taken.add(candidate.lower())
        return candidate


class _XlsxCells:
    def __init__(self, sheet):
        self.sheet = sheet
        self.formats = _xlsx_formats()
        self.bold = Font(bold=True)

    def header(self, column: Column):
        return self.text(str(column.label), bold=True)

    def text(self, text: str, *, bold: bool = False):
        """A text cell: without the control characters XML cannot hold, neutralised, and cut
        to the 32,767 characters a cell holds."""
        text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))[:CELL_LENGTH]
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"  # text, even when it reads like an error code ("#N/A")
        if bold:
            cell.font = self.bold
        return cell

    def value(self, value, column: Column):
        """Numbers and dates as typed cells with their number format, the rest as text."""
        if value is None:
            return self.text(str(column.missing)) if column.missing else None
        if is_number(value):
            if column.kind == Kind.PERCENT:
                return self.formatted(value / 100, "0%" if value == int(value) else "0.0%")
            if column.signed:
                return self.formatted(value, "+0.00;-0.00;0.00")
            return value
        if isinstance(value, datetime.datetime):
            return self.formatted(local_time(value), self.formats["datetime"])
        if isinstance(value, datetime.date):
            return self.formatted(
                value, self.formats[column.kind.value if column.kind == Kind.MONTH else "date"]
            )
        return self.text(as_text(value))

    def formatted(self, value, number_format: str):
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = number_format
        return cell


def _width(value, column: Column) -> int:
    if value is None:
        return len(str(column.missing))
    if isinstance(value, datetime.datetime):
        return 17
    if isinstance(value, datetime.date):
        return 11
    if is_number(value):
        return len(str(value)) + (3 if column.kind == Kind.PERCENT else 1)
    text = as_text(value)
    return max((len(line) for line in text.splitlines()), default=0) + 1


def _write_table(sheet, columns: Sequence[Column], rows: Iterator[Sequence]) -> int:
    """A header and at most MAX_SHEET_ROWS rows on a write-only sheet; the number of rows."""
    cells = _XlsxCells(sheet)
    sample = list(itertools.islice(rows, min(WIDTH_SAMPLE, MAX_SHEET_ROWS)))
    for index, column in enumerate(columns, start=1):
        width = max(
            [len(str(column.label)) + 3]  # room for the filter's button
            + [_width(row[index - 1], column) for row in sample]
        )
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width + 1, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    sheet.append([cells.header(column) for column in columns])
    count = 0
    rest = itertools.islice(rows, MAX_SHEET_ROWS - len(sample))
    for row in itertools.chain(sample, rest):
        sheet.append(
            [cells.value(value, column) for value, column in zip(row, columns, strict=True)]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
    return count


def _write_tables(workbook, sheets: _Sheets, tables: Sequence[Table]) -> list[tuple[str, str, int]]:
    """A sheet per table, continued on further sheets past Excel's row limit; (sheet name,
    full title, rows) of each sheet."""
    contents = []
    for table in tables:
        rows, part = iter(table.rows), 1
        while True:
            title = table.title
            if part > 1:
                title = _("%(title)s (continued, part %(part)s)") % {
                    "title": table.title,
                    "part": part,
                }
            name = sheets.name(title)
            count = _write_table(workbook.create_sheet(name), table.columns, rows)
            contents.append((name, title, count))
            following = next(rows, None)
            if following is None:
                break
            rows, part = itertools.chain([following], rows), part + 1
    return contents


def _write_contents(sheet, about: About, contents: list[tuple[str, str, int]]) -> None:
    """The first sheet: the export's name, period, filters and when it was made, then every
    sheet with the full name of its table."""
    cells = _XlsxCells(sheet)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = min(
        max([len(str(about.title)), 20] + [len(str(title)) for _s, title, _n in contents]) + 2,
        90,
    )
    sheet.column_dimensions["C"].width = 10
    title = cells.text(str(about.title))
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append([])
    for label, value in about_rows(about):
        sheet.append([cells.text(str(label), bold=True), cells.value(value, Column(label))])
    sheet.append([])
    sheet.append(
        [
            cells.text(_("Sheet"), bold=True),
            cells.text(_("Table"), bold=True),
            cells.text(_("Rows"), bold=True),
        ]
    )
    link_font = Font(color="0563C1", underline="single")
    for name, table_title, count in contents:
        link = cells.text(name)
        quoted = name.replace("'", "''")
        link.hyperlink = Hyperlink(ref="", location=f"'{quoted}'!A1", display=name)
        link.font = link_font
        sheet.append([link, cells.text(str(table_title)), count])


def write_xlsx(tables: Sequence[Table], file: BinaryIO, *, about: About) -> None:
    """The tables as a workbook in `file`, one sheet each after the contents sheet, written
    row by row."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(about.title)
    workbook.properties.creator = "LeadVET"
    sheets = _Sheets()
    contents_sheet = workbook.create_sheet(sheets.name(_("Contents")))
    contents = _write_tables(workbook, sheets, tables)
    _write_contents(contents_sheet, about, contents)
    workbook.save(file)
