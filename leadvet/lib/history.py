"""Who changed what and when: django-simple-history records turned into readable entries.

Shared by every app's detail pages (templates/includes/history.html). Needs no app model:
it takes a queryset of historical records and pairs each record with the previous record of
the same object from the same fetch, so diffing costs no extra query per row.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

HISTORY_LIMIT = 20

ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


@dataclass
class FieldChange:
    label: str
    old: str | None
    new: str | None
    is_relation: bool = False


@dataclass
class HistoryEntry:
    date: object
    user: object
    action: str
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def history_entries(
    records, *, limit: int = HISTORY_LIMIT, label=None, select_related=()
) -> list[HistoryEntry]:
    """The newest `limit` records of a history queryset, each with the fields it changed.

    `records` is e.g. `college.history.all()`; one query (plus none per row) is made.
    Relations are named without their values, which would cost a query each. `label`, a
    function of a record, names the object in each entry (for histories of many objects);
    `select_related` lists the relations it reads.
    """
    fetched = list(
        records.select_related("history_user", *select_related).order_by(
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    entries = []
    for index, record in enumerate(fetched[:limit]):
        previous = next((older for older in fetched[index + 1 :] if older.id == record.id), None)
        changes = []
        if previous is not None and record.history_type == "~":
            model = record.instance_type
            for change in record.diff_against(previous).changes:
                model_field = model._meta.get_field(change.field)
                if model_field.is_relation:
                    changes.append(FieldChange(str(model_field.verbose_name), None, None, True))
                else:
                    changes.append(
                        FieldChange(
                            str(model_field.verbose_name),
                            _display(model_field, change.old),
                            _display(model_field, change.new),
                        )
                    )
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                object_label=label(record) if label else "",
                changes=changes,
            )
        )
    return entries
