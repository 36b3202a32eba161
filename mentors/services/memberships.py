"""A mentor's membership periods of colleges, and moves between colleges."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mentors.models import Contact, MembershipPeriod, Mentor


def set_membership(*, mentor: Mentor, college, unit, day: datetime.date) -> None:
    """Keep Mentor.college/unit and the open MembershipPeriod in step."""
    open_period = (
        MembershipPeriod.objects.select_for_update()
        .filter(mentor=mentor, ends_on__isnull=True)
        .first()
    )
    if (
        open_period
        and open_period.college_id == college.id
        and open_period.unit_id == (unit.id if unit else None)
    ):
        return
    if open_period and open_period.starts_on >= day:
        open_period.college = college
        open_period.unit = unit
        open_period.save(update_fields=["college", "unit"])
        return
    if open_period:
        open_period.ends_on = day - datetime.timedelta(days=1)
        open_period.save(update_fields=["ends_on"])
    MembershipPeriod.objects.create(mentor=mentor, college=college, unit=unit, starts_on=day)


def _recount_contact_colleges(mentor: Mentor) -> None:
    """Give every contact of the mentor the college of the membership covering its date."""
    for period in MembershipPeriod.objects.filter(mentor=mentor):
        contacts = Contact.objects.filter(mentor=mentor, date__gte=period.starts_on)
        if period.ends_on is not None:
            contacts = contacts.filter(date__lte=period.ends_on)
        contacts.exclude(college_id=period.college_id).update(college_id=period.college_id)


def _check_no_overlap(*, mentor: Mentor, starts_on, ends_on, exclude_pk=None) -> None:
    """Refuse a period that overlaps another of the mentor's membership periods."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    others = MembershipPeriod.objects.filter(mentor=mentor).exclude(pk=exclude_pk)
    others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        others = others.filter(starts_on__lte=ends_on)
    clash = others.select_related("college").order_by("starts_on").first()
    if clash is not None:
        raise ValidationError(
            _(
                "This period overlaps the membership in %(college)s from %(start)s%(until)s. "
                "Membership periods cannot overlap."
            )
            % {
                "college": clash.college.name,
                "start": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                "until": (
                    _(" until %(end)s") % {"end": date_format(clash.ends_on, "SHORT_DATE_FORMAT")}
                    if clash.ends_on
                    else ""
                ),
            },
            code="overlap",
        )


@transaction.atomic
def move_mentor(*, mentor: Mentor, college, unit=None, on: datetime.date) -> MembershipPeriod:
    """Move the mentor to another college from `on`: the open period ends the day before.

    Contacts from `on` onwards count for the new college, earlier ones for the old.
    """
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if unit is not None and unit.college_id != college.pk:
        raise ValidationError({"unit": _("The unit must belong to the new college.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The move date cannot be in the future.")})
    open_period = (
        MembershipPeriod.objects.select_for_update()
        .filter(mentor=mentor, ends_on__isnull=True)
        .first()
    )
    if open_period is not None:
        if (
            college.pk == open_period.college_id
            and (unit.pk if unit else None) == open_period.unit_id
        ):
            raise ValidationError(
                {"college": _("The mentor already belongs to this college and unit.")}
            )
        if on <= open_period.starts_on:
            raise ValidationError(
                {
                    "on": _("The move must be after the current membership started (%(start)s).")
                    % {"start": date_format(open_period.starts_on, "SHORT_DATE_FORMAT")}
                }
            )
        open_period.ends_on = on - datetime.timedelta(days=1)
        open_period.save(update_fields=["ends_on"])
    try:
        _check_no_overlap(mentor=mentor, starts_on=on, ends_on=None)
    except ValidationError as error:
        raise ValidationError({"on": error.messages}) from error
    period = MembershipPeriod.objects.create(
        mentor=mentor, college=college, unit=unit, starts_on=on
    )
    mentor.college, mentor.unit = college, unit
    mentor.save(update_fields=["college", "unit", "updated_at"])
    _recount_contact_colleges(mentor)
    return period


@transaction.atomic
def update_membership_period(
    *, period: MembershipPeriod, starts_on: datetime.date, ends_on: datetime.date | None
) -> MembershipPeriod:
    """Correct a period's dates; overlapping another period is refused."""
    period = MembershipPeriod.objects.select_for_update().get(pk=period.pk)
    if ends_on is None and period.ends_on is not None:
        raise ValidationError({"ends_on": _("Only the current membership can be open-ended.")})
    _check_no_overlap(
        mentor=period.mentor, starts_on=starts_on, ends_on=ends_on, exclude_pk=period.pk
    )
    period.starts_on, period.ends_on = starts_on, ends_on
    period.save(update_fields=["starts_on", "ends_on"])
    _recount_contact_colleges(period.mentor)
    return period
