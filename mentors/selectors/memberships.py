"""A mentor's membership periods of colleges."""

import datetime

from django.db.models import Q, QuerySet

from mentors.models import MembershipPeriod, Mentor


def college_on(mentor: Mentor, day: datetime.date):
    """The mentor's college on `day`: the membership period covering it, else the current one."""
    membership = (
        MembershipPeriod.objects.filter(mentor=mentor, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("college")
        .order_by("-starts_on")
        .first()
    )
    return membership.college if membership else mentor.college


def membership_history(mentor: Mentor) -> QuerySet:
    return (
        MembershipPeriod.objects.filter(mentor=mentor)
        .select_related("college", "unit")
        .order_by("-starts_on")
    )
