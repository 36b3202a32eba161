"""The mentor list and the contact log as export tables (leadvet.lib.exports writes them)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.exports import Column, Kind, Table
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

    return Table(
        _("Contact log"),
        [Column(_("Mentor")), *columns] if with_mentor else columns,
        rows(),
        count=contacts.count,
    )


def contact_filename() -> str:
    return f"contacts-{timezone.localdate().isoformat()}"
