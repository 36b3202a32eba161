"""Self-service: the mentor's availability periods."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentors.models import Availability, Mentor
from mentors.selectors.availability import overlapping_availability


def save_availability(
    *,
    mentor: Mentor,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours_per_month: int,
    mode: str,
    note: str = "",
    tasks=(),
    availability: Availability | None = None,
) -> Availability:
    """Create or change a period; refuse one that overlaps another period of the same kind."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    with transaction.atomic():
        # Serialise a mentor's concurrent saves so two overlapping periods cannot both pass.
        Mentor.objects.select_for_update().filter(pk=mentor.pk).first()
        other = overlapping_availability(
            mentor=mentor,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            exclude_pk=availability.pk if availability else None,
        )
        if other is not None:
            raise ValidationError(
                _(
                    "These dates overlap your other “%(kind)s” period %(start)s – %(end)s. "
                    "Change the dates, or edit that period instead."
                )
                % {
                    "kind": other.get_kind_display(),
                    "start": date_format(other.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(other.ends_on, "SHORT_DATE_FORMAT"),
                },
                code="overlap",
            )
        availability = availability or Availability(mentor=mentor)
        availability.kind = kind
        availability.starts_on = starts_on
        availability.ends_on = ends_on
        availability.hours_per_month = hours_per_month
        availability.mode = mode
        availability.note = note
        availability.save()
        availability.tasks.set(tasks)
    return availability


@transaction.atomic
def delete_availability(*, availability: Availability) -> None:
    availability.delete()
