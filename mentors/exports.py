"""The mentor list and the contact log as export tables (leadvet.lib.exports writes them)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.exports import Column, Kind, Table
from mentors.models import Mentor


def invitation_state(mentor: Mentor) -> str:
    """The portal account column (mentor_pool's portal_account annotation) in words."""
    return {
        "signed_in": _("Uses the portal"),
        "none": _("Not invited"),
        "pending": _("Invitation pending"),
        "sent": _("Invitation sent"),
        "accepted": _("Invitation accepted"),
        "expired": _("Invitation expired"),
    }[mentor.portal_account]


def _mentor_row(mentor: Mentor) -> list:
    return [
        mentor.user.last_name,
        mentor.user.first_name,
        mentor.user.email,
        mentor.phone,
        mentor.college.country.name,
        mentor.college.name,
        mentor.unit.name if mentor.unit else "",
        mentor.get_status_display(),
        mentor.official_status_date,
        "; ".join(field.name for field in mentor.fields.all()),
        "; ".join(str(task.number) for task in mentor.tasks.all()),
        "; ".join(language.code for language in mentor.languages.all()),
        _("yes") if mentor.available_now else _("no"),
        invitation_state(mentor),
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
        (_mentor_row(mentor) for mentor in queryset.iterator(chunk_size=1000)),
        count=queryset.count,
    )


def mentor_filename() -> str:
    return f"mentors-{timezone.localdate().isoformat()}"


# The contact log: a mentor's own log and the coordinators' log share it.


def contact_table(contacts, *, with_mentor: bool = False) -> Table:
    """The contacts (a queryset with its joins applied), streamed two thousand at a time."""
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
        for contact in contacts.iterator(chunk_size=2000):
            row = [
                contact.date,
                str(contact.college),
                contact.get_counterpart_kind_display(),
                str(contact.vte_group or ""),
                str(contact.task),
                contact.get_channel_display(),
                contact.duration_minutes,
                "; ".join(contact.outcomes),
                _("yes") if contact.is_formal else _("no"),
                contact.summary,
            ]
            yield [contact.mentor.name, *row] if with_mentor else row

    return Table(
        _("Contact log"),
        [Column(_("Mentor")), *columns] if with_mentor else columns,
        rows(),
        count=contacts.count,
    )


def contact_filename() -> str:
    return f"contacts-{timezone.localdate().isoformat()}"
