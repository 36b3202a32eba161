"""The evidence pack of an event for the grant: who took part, from where, the agenda.

Erasmus+ asks of a multiplier event a participant list signed by the participants with each
one's sending organisation, the detailed agenda and the number of participants from outside
the partnership. Members count for their organisation (a mentor for their partner college,
other accounts for the coordinating VTE institution): both are in the partnership. Public
participants say on the form whether their organisation is a partner.

One download: a ZIP of a PDF (the counts, the agenda, the participant list, a signable
attendance sheet per day and the linked outputs) and an XLSX of the same lists.
"""

import dataclasses
import zipfile
from collections import Counter
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

from colleges.models import VTEInstitution
from events.countries import country_name
from events.models import Event, EventOutput, Registration
from leadvet.lib.exports import About, Column, Kind, Table
from leadvet.lib.pdf import render_pdf
from leadvet.lib.xlsx import write_xlsx


@dataclasses.dataclass(frozen=True)
class Participant:
    name: str
    organisation: str
    organisation_type: str
    country: str
    from_partner: bool
    attended: bool | None
    public: bool


def participants(event: Event) -> list[Participant]:
    """Everyone with a place (registered), by name: one query."""
    registrations = (
        Registration.objects.filter(event=event, status=Registration.Status.REGISTERED)
        .select_related("user__mentor__college__country")
        .order_by("guest_name", "user__last_name", "user__first_name", "id")
    )
    vte = VTEInstitution.objects.select_related("country").order_by("pk").first()
    rows = [participant(registration, vte) for registration in registrations]
    return sorted(rows, key=lambda p: p.name.casefold())


def participant(registration: Registration, vte: VTEInstitution | None) -> Participant:
    """Who one registration is, and for which organisation they count."""
    types = dict(Registration.OrganisationType.choices)
    if registration.is_public:
        return Participant(
            name=registration.guest_name or _("(anonymised)"),
            organisation=registration.organisation,
            organisation_type=str(types.get(registration.organisation_type, "")),
            country=country_name(registration.country) if registration.country else "",
            from_partner=registration.from_partner,
            attended=registration.attended,
            public=True,
        )
    mentor = getattr(registration.user, "mentor", None)
    if mentor is not None:
        organisation, kind = mentor.college.name, types["vet"]
        country = mentor.college.country.name
    else:
        organisation = vte.name if vte else ""
        kind = types["teacher_education"]
        country = vte.country.name if vte else ""
    return Participant(
        name=registration.person_name,
        organisation=organisation,
        organisation_type=str(kind),
        country=country,
        from_partner=True,
        attended=registration.attended,
        public=False,
    )


def counted(rows: list[Participant]) -> list[Participant]:
    """Who the counts are about: those marked present once attendance is marked, else all."""
    if any(p.attended is not None for p in rows):
        return [p for p in rows if p.attended]
    return rows


def counts(rows: list[Participant]) -> dict:
    rows = counted(rows)
    return {
        "total": len(rows),
        "partner": sum(1 for p in rows if p.from_partner),
        "outside": sum(1 for p in rows if not p.from_partner),
        "by_country": sorted(Counter(p.country or "–" for p in rows).items()),
        "by_type": sorted(Counter(p.organisation_type or "–" for p in rows).items()),
    }


# The PDF's participant list and each day's signature sheet name at most this many people
# (the counts are of everyone; the workbook beside the PDF lists everyone): a PDF of an
# event of 100,000 registrations took WeasyPrint past 15 GB.
PDF_PARTICIPANTS = 1000


def _context(event: Event) -> dict:
    rows = participants(event)
    return {
        "event": event,
        "participants": rows[:PDF_PARTICIPANTS],
        "participants_total": len(rows),
        "counts": counts(rows),
        "attendance_marked": any(p.attended is not None for p in rows),
        "agenda": list(event.agenda_items.all()),
        "outputs": list(EventOutput.objects.filter(event=event).order_by("published_on", "title")),
        "days": event.days(),
        "generated_at": timezone.now(),
    }


def evidence_pdf(event: Event) -> bytes:
    return render_pdf("events/evidence_print.html", _context(event))


def evidence_tables(event: Event) -> list[Table]:
    rows = participants(event)
    figures = counts(rows)
    yes_no = {True: _("yes"), False: _("no"), None: ""}
    return [
        Table(
            _("Participants"),
            [
                Column(_("Name")),
                Column(_("Organisation")),
                Column(_("Organisation type")),
                Column(_("Country")),
                Column(_("From a partner organisation")),
                Column(_("Attended")),
            ],
            [
                [
                    p.name,
                    p.organisation,
                    p.organisation_type,
                    p.country,
                    yes_no[p.from_partner],
                    yes_no[p.attended],
                ]
                for p in rows
            ],
        ),
        Table(
            _("Counts"),
            [Column(_("Figure")), Column(_("Participants"), Kind.INTEGER)],
            [
                [_("Total"), figures["total"]],
                [_("From partner organisations"), figures["partner"]],
                [_("From outside the partnership"), figures["outside"]],
                *[[_("Country: %(name)s") % {"name": c}, n] for c, n in figures["by_country"]],
            ],
        ),
        Table(
            _("Agenda"),
            [
                Column(_("Starts"), Kind.DATETIME),
                Column(_("Ends"), Kind.DATETIME),
                Column(_("Session")),
                Column(_("Speakers")),
                Column(_("Room or link")),
            ],
            [
                [item.starts_at, item.ends_at, item.title, item.speakers, item.room or item.link]
                for item in event.agenda_items.all()
            ],
        ),
    ]


def about(event: Event) -> About:
    starts = timezone.localtime(event.starts_at, event.zone)
    ends = timezone.localtime(event.ends_at, event.zone)
    return About(
        _("Evidence of an event"),
        period=f"{starts:%d.%m.%Y} – {ends:%d.%m.%Y}",
        starts_on=starts.date(),
        ends_on=ends.date(),
        subject=[(_("Event"), event.title), (_("Type"), event.get_kind_display())],
    )


def evidence_filename(event: Event) -> str:
    return f"event-{event.pk}-evidence.zip"


def write_evidence_zip(event: Event, file: BinaryIO) -> None:
    """The PDF and the workbook, one ZIP written into `file` (a background job's)."""
    stem = evidence_filename(event).removesuffix(".zip")
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.pdf", evidence_pdf(event))
        with archive.open(f"{stem}.xlsx", "w") as member:
            write_xlsx(evidence_tables(event), member, about=about(event))
