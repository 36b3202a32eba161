"""The mentors' training record: hours from attended training events, the yearly target and
the letter of official mentor status.

An event that counts as mentor training gives its hours (`Event.credit_hours`) to every
mentor marked present. The target is the coordinators' (`TrainingTarget` per year), else
settings.MENTOR_TRAINING_HOURS_TARGET.
"""

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from colleges.models import VTEInstitution
from events.models import Event, Registration, TrainingTarget
from leadvet.lib.pdf import render_pdf
from mentors.models import Mentor

# The eight mentor tasks' names (mentors' reference data), for the Finnish letter.
TASK_NAMES = (
    gettext_noop("Contact person & recruitment"),
    gettext_noop("Coordinating teacher students' training"),
    gettext_noop("Teacher education curriculum"),
    gettext_noop("Expert by experience in VTE sessions"),
    gettext_noop("Study visits"),
    gettext_noop("Wellbeing at work"),
    gettext_noop("Everyday VET in VTE"),
    gettext_noop("Member of the organised structure"),
)
# The letter is written in any language of the portal; each button names its language.
LETTER_LABELS = {
    "en": gettext_lazy("Letter in English (PDF)"),
    "fi": gettext_lazy("Letter in Finnish (PDF)"),
    "sv": gettext_lazy("Letter in Swedish (PDF)"),
    "et": gettext_lazy("Letter in Estonian (PDF)"),
    "nl": gettext_lazy("Letter in Dutch (PDF)"),
}
LETTER_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def _attended_training(users) -> "Registration.objects":
    return Registration.objects.filter(
        user__in=users,
        status=Registration.Status.REGISTERED,
        attended=True,
        event__counts_as_training=True,
        event__status=Event.Status.SCHEDULED,
    ).select_related("event")


@dataclasses.dataclass
class Record:
    by_year: list[tuple[int, Decimal]]
    total: Decimal
    events: list[Registration]


def record_of(user) -> Record:
    """Hours per year (newest first), the total and the events behind them."""
    registrations = list(_attended_training([user]).order_by("-event__starts_at"))
    years: dict[int, Decimal] = defaultdict(Decimal)
    for registration in registrations:
        years[timezone.localtime(registration.event.starts_at).year] += (
            registration.event.credit_hours
        )
    return Record(
        by_year=sorted(years.items(), reverse=True),
        total=sum(years.values(), Decimal(0)),
        events=registrations,
    )


def target_for(year: int) -> Decimal:
    target = TrainingTarget.objects.filter(year=year).values_list("hours", flat=True).first()
    return target if target is not None else Decimal(settings.MENTOR_TRAINING_HOURS_TARGET)


@transaction.atomic
def set_target(*, year: int, hours: Decimal) -> TrainingTarget:
    target, _created = TrainingTarget.objects.update_or_create(year=year, defaults={"hours": hours})
    return target


@dataclasses.dataclass
class MentorHours:
    mentor: Mentor
    hours: Decimal


def mentor_hours(*, year: int, college_ids=None) -> list[MentorHours]:
    """Every active or candidate mentor's training hours in the year, fewest first: two
    queries whatever the number of mentors."""
    mentors = Mentor.objects.filter(
        status__in=(Mentor.Status.ACTIVE, Mentor.Status.CANDIDATE), anonymised_at__isnull=True
    ).select_related("user", "college")
    if college_ids is not None:
        mentors = mentors.filter(college_id__in=college_ids)
    mentors = list(mentors)
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for registration in _attended_training([m.user_id for m in mentors]).filter(
        event__starts_at__gte=start, event__starts_at__lt=end
    ):
        hours[registration.user_id] += registration.event.credit_hours
    rows = [MentorHours(mentor, hours[mentor.user_id]) for mentor in mentors]
    return sorted(rows, key=lambda row: (row.hours, row.mentor.name.casefold()))


def letter_context(mentor: Mentor) -> dict:
    record = record_of(mentor.user)
    vte = VTEInstitution.objects.order_by("pk").first()
    return {
        "mentor": mentor,
        "tasks": list(mentor.tasks.all()),
        "record": record,
        "issuer": vte.name if vte else settings.LEGAL_ORGANISATION,
        "today": timezone.localdate(),
    }


def letter_pdf(mentor: Mentor) -> bytes:
    """In the active language (the view sets it)."""
    return render_pdf("events/status_letter_print.html", letter_context(mentor))
