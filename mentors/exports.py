"""The mentor list as CSV or XLSX: the filtered rows, every page."""

import csv
import io

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.spreadsheets import spreadsheet_safe
from mentors.models import Mentor


def _header() -> list[str]:
    return [
        _("Last name"),
        _("First name"),
        _("Email"),
        _("Phone"),
        _("Country"),
        _("College"),
        _("Unit"),
        _("Status"),
        _("Date of official status"),
        _("Vocational fields"),
        _("Mentor tasks"),
        _("Languages"),
        _("Available now"),
        _("Invitation"),
    ]


def invitation_state(mentor: Mentor) -> str:
    invitation = getattr(mentor.user, "invitation", None)
    state = invitation.state if invitation is not None else "none"
    return {
        "none": _("Not invited"),
        "pending": _("Invitation pending"),
        "sent": _("Invitation sent"),
        "accepted": _("Invitation accepted"),
        "expired": _("Invitation expired"),
    }[state]


def _row(mentor: Mentor) -> list:
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


def _rows(queryset):
    for mentor in queryset.iterator(chunk_size=1000):
        yield [spreadsheet_safe(value) for value in _row(mentor)]


def filename(extension: str) -> str:
    return f"mentors-{timezone.localdate().isoformat()}.{extension}"


def mentors_csv(queryset) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for row in _rows(queryset):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def mentors_xlsx(queryset) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Mentors"))
    sheet.append(_header())
    for row in _rows(queryset):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# The contact log as CSV: a mentor's own log and the coordinators' log share it.


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def _contact_rows(contacts, *, with_mentor: bool):
    header = [
        _("Date"),
        _("College"),
        _("Contacted"),
        _("VTE group"),
        _("Mentor task"),
        _("Channel"),
        _("Duration (minutes)"),
        _("Outcomes"),
        _("Formal"),
        _("Summary"),
    ]
    yield ([_("Mentor")] if with_mentor else []) + header
    for contact in contacts.iterator(chunk_size=2000):
        row = [
            contact.date.isoformat(),
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
        if with_mentor:
            row.insert(0, contact.mentor.name)
        yield [spreadsheet_safe(value) for value in row]


def contacts_csv_response(contacts, *, with_mentor: bool = False) -> StreamingHttpResponse:
    """Stream the contacts (a queryset with its joins applied) as a CSV download."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _contact_rows(contacts, with_mentor=with_mentor)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"contacts-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
