"""The mentor list and the contact log as export tables (leadvet.lib.exports writes them)."""

import datetime
from collections.abc import Iterator

from django.db import connections
from django.db.models import Case, F, Max, Min, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.exports import (
    Column,
    Kind,
    Table,
    neutralise,
    sql_date,
    sql_joined,
    sql_labels,
    sql_text,
)
from mentors.models import Channel, Contact, CounterpartKind, Mentor

# A download of many rows translates each label once, not once a row.


def _invitation_states() -> dict[str, str]:
    """The portal account column (mentor_pool's portal_account annotation) in words."""
    return {
        "signed_in": _("Uses the portal"),
        "none": _("Not invited"),
        "pending": _("Invitation pending"),
        "sent": _("Invitation sent"),
        "accepted": _("Invitation accepted"),
        "expired": _("Invitation expired"),
    }


def _yes_no() -> dict[bool, str]:
    return {True: _("yes"), False: _("no")}


def _mentor_rows(queryset):
    states, yes_no = _invitation_states(), _yes_no()
    statuses = {value: str(label) for value, label in Mentor.Status.choices}
    for mentor in queryset.iterator(chunk_size=1000):
        yield [
            mentor.user.last_name,
            mentor.user.first_name,
            mentor.user.email,
            mentor.phone,
            mentor.college.country.name,
            mentor.college.name,
            mentor.unit.name if mentor.unit else "",
            statuses[mentor.status],
            mentor.official_status_date,
            "; ".join(field.name for field in mentor.fields.all()),
            "; ".join(str(task.number) for task in mentor.tasks.all()),
            "; ".join(language.code for language in mentor.languages.all()),
            yes_no[bool(mentor.available_now)],
            states[mentor.portal_account],
        ]


def mentor_table(queryset) -> Table:
    """The filtered mentor list, every page of it, read a thousand at a time."""
    return Table(
        _("Mentors"),
        [
            Column(_("Last name")),
            Column(_("First name")),
            Column(_("Email")),
            Column(_("Phone")),
            Column(_("Country")),
            Column(_("College")),
            Column(_("Unit")),
            Column(_("Status")),
            Column(_("Date of official status"), Kind.DATE),
            Column(_("Vocational fields")),
            Column(_("Mentor tasks")),
            Column(_("Languages")),
            Column(_("Available now")),
            Column(_("Invitation")),
        ],
        _mentor_rows(queryset),
        count=queryset.count,
    )


def mentor_filename() -> str:
    return f"mentors-{timezone.localdate().isoformat()}"


# The contact log: a mentor's own log and the coordinators' log share it.


# What a row of the contact log reads; the mentor's name as Mentor.name makes it.
CONTACT_VALUES = (
    "date",
    "college__name",
    "counterpart_kind",
    "vte_group__name",
    "vte_group__term",
    "task__number",
    "task__name",
    "channel",
    "duration_minutes",
    *(field for field, _label in Contact.OUTCOME_FIELDS),
    "is_formal",
    "summary",
    "mentor__user__first_name",
    "mentor__user__last_name",
    "mentor__user__email",
)


def contact_table(contacts, *, with_mentor: bool = False) -> Table:
    """The contacts (a filtered queryset), streamed two thousand at a time."""
    columns = [
        Column(_("Date"), Kind.DATE),
        Column(_("College")),
        Column(_("Contacted")),
        Column(_("VTE group")),
        Column(_("Mentor task")),
        Column(_("Channel")),
        Column(_("Duration (minutes)"), Kind.INTEGER),
        Column(_("Outcomes")),
        Column(_("Formal")),
        Column(_("Summary")),
    ]

    def rows():
        # Values, not model instances: six objects a row would cost more than the rest of
        # writing a million rows.
        kinds = {value: str(label) for value, label in CounterpartKind.choices}
        channels = {value: str(label) for value, label in Channel.choices}
        outcomes = [str(label) for _field, label in Contact.OUTCOME_FIELDS]
        yes_no = _yes_no()
        for (
            date,
            college,
            kind,
            group,
            term,
            task_number,
            task_name,
            channel,
            minutes,
            *flags,
            formal,
            summary,
            first_name,
            last_name,
            email,
        ) in contacts.values_list(*CONTACT_VALUES).iterator(chunk_size=2000):
            row = [
                date,
                college,
                kinds.get(kind, kind),
                f"{group} ({term})" if group is not None else "",
                f"{task_number}. {task_name}",
                channels.get(channel, channel),
                minutes,
                "; ".join(label for label, flag in zip(outcomes, flags, strict=True) if flag),
                yes_no[formal],
                summary,
            ]
            if with_mentor:
                row.insert(0, f"{first_name} {last_name}".strip() or email)
            yield row

    def csv_text():
        """The rows above as text, made by the database (leadvet.lib.exports: COPY). The
        labels are neutralised here, once; only what people typed is neutralised per row (a
        task starts with its number)."""
        yes_no = {flag: neutralise(label) for flag, label in _yes_no().items()}
        kinds = {value: neutralise(str(label)) for value, label in CounterpartKind.choices}
        channels = {value: neutralise(str(label)) for value, label in Channel.choices}
        text = {"output_field": TextField()}
        group = Concat("vte_group__name", Value(" ("), "vte_group__term", Value(")"), **text)
        cells = {
            "cell_date": sql_date("date"),
            "cell_college": sql_text(F("college__name")),
            "cell_kind": sql_labels("counterpart_kind", kinds),
            "cell_group": sql_text(
                Case(When(vte_group__isnull=False, then=group), default=Value(""), **text)
            ),
            "cell_task": Concat(
                Cast("task__number", TextField()), Value(". "), "task__name", **text
            ),
            "cell_channel": sql_labels("channel", channels),
            "cell_minutes": Cast("duration_minutes", TextField()),
            "cell_outcomes": sql_joined(
                "; ",
                *(
                    Case(When(**{field: True}, then=Value(neutralise(str(label)))))
                    for field, label in Contact.OUTCOME_FIELDS
                ),
            ),
            "cell_formal": Case(
                When(is_formal=True, then=Value(yes_no[True])), default=Value(yes_no[False])
            ),
            "cell_summary": sql_text(F("summary")),
        }
        if with_mentor:
            name = Trim(
                Concat("mentor__user__first_name", Value(" "), "mentor__user__last_name", **text)
            )
            mentor = {
                "cell_mentor": sql_text(Coalesce(NullIf(name, Value("")), "mentor__user__email"))
            }
            cells = mentor | cells
        return (part.annotate(**cells).values_list(*cells) for part in _month_by_month(contacts))

    return Table(
        _("Contact log"),
        [Column(_("Mentor")), *columns] if with_mentor else columns,
        rows(),
        count=contacts.count,
        csv_text=csv_text,
    )


def _month_by_month(contacts: QuerySet) -> Iterator[QuerySet]:
    """The contacts listed latest first, a month at a time: PostgreSQL then joins and sorts
    each month on its own, where for all at once it joined the rows one by one (EU scale, ten
    million contacts: 154 s against 50 s). In another order or another database (which
    writes no COPY), all at once."""
    newest_first = tuple(contacts.query.order_by) == ("-date", "-id")
    if not newest_first or connections[contacts.db].vendor != "postgresql":
        yield contacts
        return
    span = contacts.aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        yield contacts
        return
    month, first = span["last"].replace(day=1), span["first"].replace(day=1)
    while month >= first:
        following = (month + datetime.timedelta(days=31)).replace(day=1)
        yield contacts.filter(date__gte=month, date__lt=following)
        month = (month - datetime.timedelta(days=1)).replace(day=1)


def contact_filename() -> str:
    return f"contacts-{timezone.localdate().isoformat()}"
