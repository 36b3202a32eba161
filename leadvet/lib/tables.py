"""What a download is made of: tables of typed columns, and what the download is about.

An app describes a download as `Table`s (a title, typed `Column`s, rows that may be a
generator) and an `About` (what it is, the period, the filters applied);
`leadvet.lib.exports` writes them as CSV or XLSX. The helpers here say how a value reads as
text, on a page or in a file, and neutralise text a spreadsheet would run as a formula.
"""

import datetime
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.formats import date_format
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    # How many rows there will be, asked before a generator is written (a background job
    # shows its progress against it): e.g. the queryset's `count`.
    count: Callable[[], int] | None = None
    # The same rows as the CSV writes them, a text column each, made in SQL (values_list
    # querysets, read one after the other; leadvet.lib.exports.sql_text and its kin): on
    # PostgreSQL a CSV is then written by COPY, without a Python object per cell. Asked for
    # when the file is written, in its language.
    csv_text: Callable[[], Any] | None = None

    def expected_rows(self) -> int | None:
        if self.count is not None:
            return self.count()
        if isinstance(self.rows, Sequence):
            return len(self.rows)
        return None


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


def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def is_date(value) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def as_text(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def local_time(value: datetime.datetime) -> datetime.datetime:
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
    if column.kind == Kind.PERCENT and is_number(value):
        return f"{value} %"
    if column.signed and is_number(value):
        return f"{value:+}"
    if column.kind == Kind.MONTH and is_date(value):
        return month_label(value)
    if column.kind == Kind.DATE and is_date(value):
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


def about_rows(about: About) -> list[list]:
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
