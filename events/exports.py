"""An event's attendees as an export table (leadvet.lib.exports writes it)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from colleges.models import VTEInstitution
from events.evidence import participant
from events.models import Event
from leadvet.lib.exports import About, Column, Kind, Table

ATTENDEE_CHUNK = 2000


def attendee_table(registrations) -> Table:
    """The registrations (with their users joined), one row each, with the organisation each
    person counts for (events.evidence) and the needs a public participant gave."""
    attended = {True: _("yes"), False: _("no"), None: ""}
    vte = VTEInstitution.objects.select_related("country").order_by("pk").first()
    return Table(
        _("Attendees"),
        [
            Column(_("Name")),
            Column(_("Email")),
            Column(_("Status")),
            Column(_("Registered at"), Kind.DATETIME),
            Column(_("Attended")),
            Column(_("Registered by")),
            Column(_("Organisation")),
            Column(_("Organisation type")),
            Column(_("Country")),
            Column(_("From a partner organisation")),
            Column(_("Dietary needs")),
            Column(_("Accessibility needs")),
        ],
        (
            [
                registration.person_name,
                registration.recipient_email,
                registration.get_status_display(),
                registration.registered_at,
                attended[registration.attended],
                str(registration.registered_by or ""),
                *_organisation_cells(participant(registration, vte), attended),
                registration.dietary_needs,
                registration.accessibility_needs,
            ]
            # Streamed: an event may have thousands of attendees, each with their user,
            # mentor, college and country joined.
            for registration in registrations.iterator(chunk_size=ATTENDEE_CHUNK)
        ),
        count=registrations.count,
    )


def attendee_filename(event: Event) -> str:
    return f"event-{event.pk}-attendees"


def about(event: Event) -> About:
    """The event, its type and when it is, for the first sheet of the workbook."""
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    return About(
        _("Event attendees"),
        period=_("%(start)s – %(end)s")
        % {
            "start": date_format(starts, "DATETIME_FORMAT"),
            "end": date_format(ends, "DATETIME_FORMAT"),
        },
        starts_on=starts.date(),
        ends_on=ends.date(),
        subject=[(_("Event"), event.title), (_("Type"), event.get_kind_display())],
    )


def _organisation_cells(person, yes_no) -> list:
    return [
        person.organisation,
        person.organisation_type,
        person.country,
        yes_no[person.from_partner],
    ]
