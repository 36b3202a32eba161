"""Reads for the mentors app: querysets with their joins applied, aggregates in SQL."""

import datetime

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Sum, When
from django.utils import timezone

from colleges.models import VTEGroup
from leadvet import roles
from mentors.models import (
    Announcement,
    Availability,
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    MembershipPeriod,
    Mentor,
    MentorTask,
)

# Self-service: profile and availability


def mentor_for_user(user) -> Mentor | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Mentor.objects.select_related("user", "college").filter(user=user).first()


def available_now_q(day: datetime.date | None = None) -> Q:
    """Mentors with an "available" period covering `day` and no "away" period covering it.

    Usable as Mentor.objects.filter(available_now_q()) or inside Case/When annotations.
    """
    day = day or timezone.localdate()
    covering = Availability.objects.filter(
        mentor=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day
    )
    return Q(Exists(covering.filter(kind=Availability.Kind.AVAILABLE))) & ~Q(
        Exists(covering.filter(kind=Availability.Kind.AWAY))
    )


def with_available_now(queryset: QuerySet, day: datetime.date | None = None) -> QuerySet:
    """Annotate a Mentor queryset with a boolean `available_now`, computed in SQL."""
    return queryset.annotate(
        available_now=Case(When(available_now_q(day), then=True), default=False)
    )


def availability_for(mentor: Mentor) -> QuerySet:
    return (
        Availability.objects.filter(mentor=mentor)
        .prefetch_related("tasks")
        .order_by("-starts_on", "-id")
    )


def overlapping_availability(
    *,
    mentor: Mentor,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    exclude_pk: int | None = None,
) -> Availability | None:
    """The first period of the same kind that shares at least one day with the given dates."""
    overlapping = Availability.objects.filter(
        mentor=mentor, kind=kind, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if exclude_pk:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping.order_by("starts_on").first()


def mentors_with_expired_availability(day: datetime.date) -> QuerySet:
    """Active mentors with no "available" period covering `day` or any later day."""
    current_or_future = Availability.objects.filter(
        mentor=OuterRef("pk"), kind=Availability.Kind.AVAILABLE, ends_on__gte=day
    )
    return (
        Mentor.objects.filter(status=Mentor.Status.ACTIVE, nudges_paused=False, user__is_active=True)
        .exclude(Exists(current_or_future))
        .select_related("user")
    )


# Contact log


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


def contacts_for_mentor(mentor: Mentor) -> QuerySet:
    return Contact.objects.filter(mentor=mentor).select_related("task", "vte_group", "college")


def last_contact_defaults(mentor: Mentor) -> dict:
    """The task and channel of the mentor's latest contact: the likeliest for the next one."""
    last = (
        Contact.objects.filter(mentor=mentor)
        .order_by("-created_at", "-id")
        .values("task_id", "channel", "counterpart_kind")
        .first()
    )
    if not last:
        return {}
    return {"task": last["task_id"], "channel": last["channel"], "counterpart_kind": last["counterpart_kind"]}


def term_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Spring term is January–July, autumn term August–December."""
    if day.month <= 7:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 7, 31)
    return datetime.date(day.year, 8, 1), datetime.date(day.year, 12, 31)


def activity_by_task(mentor: Mentor, starts_on: datetime.date, ends_on: datetime.date) -> QuerySet:
    return (
        Contact.objects.filter(mentor=mentor, date__range=(starts_on, ends_on))
        .values("task__number", "task__name")
        .annotate(contacts=Count("id"), minutes=Sum("duration_minutes"))
        .order_by("task__number")
    )


# Directory and contact requests


def open_vte_groups_of(user) -> QuerySet:
    """The teacher educator's own groups that are not closed: what a request may name."""
    return VTEGroup.objects.filter(teacher_educator=user, closed_at__isnull=True).order_by(
        "-starts_on", "name"
    )


def directory_mentors(day: datetime.date | None = None) -> QuerySet:
    """Active mentors with what their public profile shows, in a fixed number of queries."""
    return with_available_now(
        Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True), day
    ).select_related("user", "college").prefetch_related("fields", "languages", "tasks")


def public_mentor(mentor_id: int) -> Mentor | None:
    return directory_mentors().filter(pk=mentor_id).first()


def requests_visible_to(user) -> QuerySet:
    """Requests a user may see: received (mentor), sent (requester), all (coordinator)."""
    queryset = ContactRequest.objects.select_related(
        "mentor__user", "mentor__college", "requester", "task", "vte_group"
    )
    if roles.is_coordinator(user):
        return queryset
    visible = Q(mentor__user=user) | Q(requester=user)
    if roles.is_college_coordinator(user):
        visible |= Q(mentor__college__coordinators=user)
    return queryset.filter(visible).distinct()


def open_requests_for_mentor(mentor: Mentor) -> QuerySet:
    return (
        ContactRequest.objects.filter(mentor=mentor, status=ContactRequest.Status.OPEN)
        .select_related("requester", "task", "vte_group")
        .order_by("created_at")
    )


def requests_sent_by(user) -> QuerySet:
    return ContactRequest.objects.filter(requester=user).select_related(
        "mentor__user", "task", "vte_group"
    )


# Announcements


def announcements_for_mentor(mentor: Mentor) -> QuerySet:
    college = mentor.college
    return Announcement.objects.filter(
        Q(audience=Announcement.Audience.ALL)
        | Q(audience=Announcement.Audience.COUNTRY, country_id=college.country_id)
        | Q(audience=Announcement.Audience.COLLEGE, college_id=college.pk),
        published_at__lte=timezone.now(),
    ).select_related("author", "country", "college")


def announcement_recipients(announcement: Announcement) -> QuerySet:
    """Active mentors the announcement is addressed to."""
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True)
    if announcement.audience == Announcement.Audience.COUNTRY:
        mentors = mentors.filter(college__country_id=announcement.country_id)
    elif announcement.audience == Announcement.Audience.COLLEGE:
        mentors = mentors.filter(college_id=announcement.college_id)
    return mentors.select_related("user")


def all_announcements() -> QuerySet:
    return Announcement.objects.select_related("author", "country", "college")


# Home page sections


def mentor_home(user) -> dict | None:
    """What a mentor's home page shows; None for users without a mentor record."""
    if not roles.is_mentor(user):
        return None
    mentor = mentor_for_user(user)
    if mentor is None:
        return None
    today = timezone.localdate()
    term_start, term_end = term_bounds(today)
    activity = list(activity_by_task(mentor, term_start, term_end))
    return {
        "mentor": mentor,
        "open_requests": list(open_requests_for_mentor(mentor)[:10]),
        "announcements": list(announcements_for_mentor(mentor)[:5]),
        "activity": activity,
        "activity_total": sum(row["contacts"] for row in activity),
        "term_start": term_start,
        "term_end": term_end,
        "today": today,
        "defaults": last_contact_defaults(mentor),
        "tasks": list(MentorTask.objects.order_by("number")),
        "counterpart_kinds": CounterpartKind.choices,
        "channels": Channel.choices,
    }


def educator_home(user) -> dict | None:
    """A teacher educator's sent requests and their status."""
    if not roles.is_teacher_educator(user):
        return None
    sent = requests_sent_by(user)
    return {
        "sent_requests": list(sent[:10]),
        "open_count": sent.filter(status=ContactRequest.Status.OPEN).count(),
    }
