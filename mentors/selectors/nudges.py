"""Who is owed a nudge: expired availability, silent mentors, follow-up digests."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from leadvet import roles
from leadvet.models import User
from mentors.models import Availability, Contact, ContactLinkUse, Mentor
from mentors.selectors.figures import mentors_without_contact_since


def mentors_with_expired_availability(day: datetime.date) -> QuerySet:
    """Active mentors with no "available" period covering `day` or any later day."""
    current_or_future = Availability.objects.filter(
        mentor=OuterRef("pk"), kind=Availability.Kind.AVAILABLE, ends_on__gte=day
    )
    return (
        Mentor.objects.filter(
            status=Mentor.Status.ACTIVE, nudges_paused=False, user__is_active=True
        )
        .exclude(Exists(current_or_future))
        .select_related("user")
    )


NUDGE_AFTER_DAYS = 30
FOLLOW_UP_DAYS = 90


def away_on_q(day: datetime.date) -> Q:
    """Mentors with an "away" period covering `day`."""
    return Q(
        Exists(
            Availability.objects.filter(
                mentor=OuterRef("pk"),
                kind=Availability.Kind.AWAY,
                starts_on__lte=day,
                ends_on__gte=day,
            )
        )
    )


def said_no_contacts_q(day: datetime.date) -> Q:
    """Mentors who answered a nudge with "no contacts this month" in the last
    NUDGE_AFTER_DAYS: their nudges pause for that long."""
    since = day - datetime.timedelta(days=NUDGE_AFTER_DAYS)
    return Q(
        Exists(
            ContactLinkUse.objects.filter(
                mentor=OuterRef("pk"),
                purpose=ContactLinkUse.Purpose.PAUSE,
                used_at__date__gt=since,
            )
        )
    )


def last_contact_subquery() -> Subquery:
    return Subquery(
        Contact.objects.filter(mentor_id=OuterRef("pk")).order_by("-date").values("date")[:1]
    )


def signed_in_long_enough_q(day: datetime.date) -> Q:
    """Mentors who first signed in at least settings.ACTIVITY_NUDGE_GRACE_DAYS before `day`:
    an imported mentor still waiting for (or reading) their invitation is never nagged."""
    grace_ends = datetime.datetime.combine(
        day - datetime.timedelta(days=settings.ACTIVITY_NUDGE_GRACE_DAYS),
        datetime.time.max,
        tzinfo=timezone.get_current_timezone(),
    )
    return Q(user__first_login_at__lte=grace_ends)


def mentors_due_activity_nudge(day: datetime.date) -> QuerySet:
    """Active mentors, nudges not paused and not away today, who first signed in at least the
    grace period ago and whose last contact (or, never having logged one, their official
    start) is at least NUDGE_AFTER_DAYS ago.

    Annotated with `last_contact` (None when they never logged one).
    """
    cutoff = day - datetime.timedelta(days=NUDGE_AFTER_DAYS)
    return (
        Mentor.objects.filter(
            signed_in_long_enough_q(day),
            status=Mentor.Status.ACTIVE,
            nudges_paused=False,
            user__is_active=True,
        )
        .exclude(away_on_q(day))
        .exclude(said_no_contacts_q(day))
        .annotate(last_contact=last_contact_subquery())
        .filter(
            Q(last_contact__lte=cutoff)
            | Q(last_contact__isnull=True, official_status_date__lte=cutoff)
        )
    )


def last_contact_date(mentor_id: int) -> datetime.date | None:
    return (
        Contact.objects.filter(mentor_id=mentor_id)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def follow_up_mentors(day: datetime.date, college_ids: Sequence[int] | None = None) -> QuerySet:
    """The follow-up list: active mentors without a contact in FOLLOW_UP_DAYS."""
    return mentors_without_contact_since(
        day - datetime.timedelta(days=FOLLOW_UP_DAYS), college_ids=college_ids
    )


def follow_up_digest_recipients(day: datetime.date) -> QuerySet:
    """Network coordinators, and the college coordinators of colleges with mentors to follow up,
    when there is anyone to follow up at all."""
    follow_up = follow_up_mentors(day)
    if not follow_up.exists():
        return User.objects.none()
    colleges_with_follow_up = follow_up.values("college_id")
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__name=roles.COORDINATOR)
            | Q(
                groups__name=roles.COLLEGE_COORDINATOR,
                coordinated_colleges__in=colleges_with_follow_up,
            )
        )
        .distinct()
    )
