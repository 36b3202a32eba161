"""Every CSV and XLSX download of the portal, written one way.

A download is one or more tables, each a title, typed columns and rows, and an `About`: what
the file is, its period and the filters applied.

- CSV: UTF-8 with a byte order mark (Excel reads it as UTF-8 only then), one table per file;
  several tables become a ZIP of CSV files. The delimiter follows the active language's
  decimal separator, as Excel's list separator does: `;` where decimals take a comma
  (Finnish), `,` elsewhere. Numbers carry the language's decimal separator, dates are ISO
  (every Excel reads them), percentages are percentage points under a "(%)" header.
- XLSX: numbers, dates and percentages as typed cells with a number format, a bold frozen
  header row with a filter, widths fitted to the content, and a first sheet naming the file,
  its period and filters, and every table by its full name (a sheet name holds 31 characters).

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula,
so every text cell that starts so gets an apostrophe in front, in CSV and XLSX alike; numbers
stay numbers, so -3 is a number and never text.
"""

import csv
import datetime
import enum
import io
import itertools
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db import models
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format, get_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8; header=present"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LENGTH = 31
CELL_LENGTH = 32767
# Columns are fitted to the header and this many first rows (a big export is not read twice).
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 8, 60
MAX_SHEET_ROWS = 1_048_575  # a sheet holds 1,048,576 rows, the header one of them


class Kind(enum.StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    PERCENT = "percent"  # in percentage points: 62 is 62 %
    DATE = "date"
    MONTH = "month"  # a date: the first day of the month
    DATETIME = "datetime"


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.TEXT
    missing: str = ""  # what an empty value (None) reads as, e.g. "never"
    signed: bool = False  # a change: +3 and -2

    def __str__(self) -> str:
        return str(self.label)


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]  # one value per column; a generator is streamed


@dataclass(frozen=True)
class About:
    """What a download is: written on the first sheet of a workbook and first in a ZIP."""

    title: str
    period: str = ""  # in words: "Spring 2026"
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    subject: Sequence[tuple[str, str]] = field(default_factory=tuple)  # ("Survey", its title)
    filters: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, value in words)


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _is_date(value) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def _text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _local(value: datetime.datetime) -> datetime.datetime:
    """A naive local time: spreadsheets have no time zones."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def month_label(month: datetime.date) -> str:
    return f"{MONTHS_3[month.month].title()} {month.year}"


def display(value, column: Column):
    """A value as a page shows it: numbers are left to the template, which localises them."""
    if value is None:
        return column.missing
    if column.kind == Kind.PERCENT and _is_number(value):
        return f"{value} %"
    if column.signed and _is_number(value):
        return f"{value:+}"
    if column.kind == Kind.MONTH and _is_date(value):
        return month_label(value)
    if column.kind == Kind.DATE and _is_date(value):
        return date_format(value)
    return value


def applied_filters(form: forms.Form) -> list[tuple[str, str]]:
    """The filters a bound, valid form applies, as (label, value in words)."""
    if not form.is_bound or not form.is_valid():
        return []
    applied = []
    for name, form_field in form.fields.items():
        value = form.cleaned_data.get(name)
        if form_field.widget.is_hidden or value is None or value is False or value == "":
            continue
        if isinstance(value, list | tuple | models.QuerySet) and not value:
            continue
        applied.append((str(form_field.label or name), _in_words(value, form_field)))
    return applied


def _in_words(value, form_field: forms.Field) -> str:
    if isinstance(value, list | tuple | models.QuerySet):
        return ", ".join(_in_words(item, form_field) for item in value)
    if value is True:
        return _("yes")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date):
        return date_format(value)
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        labels = {}
        for key, label in form_field.choices:
            if isinstance(label, list | tuple):  # an option group
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        return str(labels.get(str(value), value))
    return str(value)


# Responses ---------------------------------------------------------------------------------


def download(
    file_format: str, tables: Sequence[Table], *, about: About, filename: str
) -> HttpResponse | StreamingHttpResponse:
    """The tables as an attachment: "xlsx" a workbook; "csv" one CSV file per table (a ZIP of
    them when there are several). `filename` is given without its extension."""
    if file_format == "xlsx":
        return xlsx_response(tables, about=about, filename=filename)
    if file_format != "csv":
        raise ValueError(f"unknown export format {file_format!r}")
    if len(tables) == 1:
        return csv_response(tables[0], filename=filename)
    return csv_zip_response(tables, about=about, filename=filename)


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# CSV ---------------------------------------------------------------------------------------


class _Dialect:
    """The active language's CSV: its decimal separator, and the delimiter Excel expects."""

    def __init__(self):
        self.language = translation.get_language() or "en"
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
        if _is_number(value):
            return self.number(value)
        if isinstance(value, datetime.datetime):
            return _local(value).strftime("%Y-%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m") if column.kind == Kind.MONTH else value.isoformat()
        return neutralise(_text(value))

    def header(self, column: Column) -> str:
        label = str(column.label)
        if column.kind == Kind.PERCENT and "%" not in label:
            label += " (%)"
        return neutralise(label)


class _Echo:
    """A file whose write returns the line: csv.writer output, one line at a time."""

    def write(self, value):
        return value


def _csv_lines(table: Table, dialect: _Dialect) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([dialect.header(column) for column in table.columns])
    for row in table.rows:
        yield writer.writerow(
            [dialect.cell(value, column) for value, column in zip(row, table.columns, strict=True)]
        )


def _in_language(language: str, lines: Iterator[str]) -> Iterator[str]:
    """Each line made in the language of the request: a streamed body is made after the view
    has returned, when nothing else holds the language active."""
    while True:
        with translation.override(language):
            try:
                line = next(lines)
            except StopIteration:
                return
        yield line


def csv_response(table: Table, *, filename: str) -> StreamingHttpResponse:
    """One table as a streamed CSV file."""
    dialect = _Dialect()
    response = StreamingHttpResponse(
        (
            line.encode("utf-8")
            for line in _in_language(dialect.language, _csv_lines(table, dialect))
        ),
        content_type=CSV_TYPE,
    )
    response["Content-Language"] = dialect.language
    return _attachment(response, f"{filename}.csv")


def csv_zip_response(tables: Sequence[Table], *, about: About, filename: str) -> HttpResponse:
    """Several tables as a ZIP of CSV files named by their titles and numbered in order, the
    first one saying what the download is and which file holds which table."""
    dialect = _Dialect()
    taken: set[str] = set()
    names = [_file_name(index, table.title, taken) for index, table in enumerate(tables, 1)]
    about_table = _about_table(about, zip(names, tables, strict=True))
    buffer = io.BytesIO()
    files = [
        (_file_name(0, about_table.title, taken), about_table),
        *zip(names, tables, strict=True),
    ]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, table in files:
            archive.writestr(name, "".join(_csv_lines(table, dialect)).encode("utf-8"))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Language"] = dialect.language
    return _attachment(response, f"{filename}.zip")


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
    rows = [[_("Export"), about.title], *_about_rows(about)]
    rows += [[name, table.title] for name, table in files]
    return Table(_("About this export"), [Column(_("Item")), Column(_("Value"))], rows)


def _about_rows(about: About) -> list[list]:
    """(label, value) rows: the period, what the export is of, the filters, when it was made."""
    rows: list[list] = []
    if about.period:
        rows.append([_("Period"), about.period])
    if about.starts_on:
        rows.append([_("From"), about.starts_on])
    if about.ends_on:
        rows.append([_("To"), about.ends_on])
    rows += [[label, value] for label, value in about.subject]
    if about.filters:
        rows += [[_("Filter: %(name)s") % {"name": label}, value] for label, value in about.filters]
    else:
        rows.append([_("Filters applied"), _("none")])
    rows.append([_("Created"), timezone.now()])
    return rows


# XLSX --------------------------------------------------------------------------------------


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
        if _is_number(value):
            if column.kind == Kind.PERCENT:
                return self.formatted(value / 100, "0%" if value == int(value) else "0.0%")
            if column.signed:
                return self.formatted(value, "+0.00;-0.00;0.00")
            return value
        if isinstance(value, datetime.datetime):
            return self.formatted(_local(value), self.formats["datetime"])
        if isinstance(value, datetime.date):
            return self.formatted(
                value, self.formats[column.kind.value if column.kind == Kind.MONTH else "date"]
            )
        return self.text(_text(value))

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
    if _is_number(value):
        return len(str(value)) + (3 if column.kind == Kind.PERCENT else 1)
    text = _text(value)
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
    for label, value in _about_rows(about):
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


def xlsx_response(tables: Sequence[Table], *, about: About, filename: str) -> FileResponse:
    """The tables as a workbook, one sheet each after the contents sheet. Written row by row
    (openpyxl's write-only mode) into a temporary file that the response then streams."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = str(about.title)
    workbook.properties.creator = "LeadVET"
    sheets = _Sheets()
    contents_sheet = workbook.create_sheet(sheets.name(_("Contents")))
    contents = _write_tables(workbook, sheets, tables)
    _write_contents(contents_sheet, about, contents)
    file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
    workbook.save(file)
    file.seek(0)
    response = FileResponse(file, content_type=XLSX_TYPE)
    return _attachment(response, f"{filename}.xlsx")
