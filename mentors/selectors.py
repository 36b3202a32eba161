"""Reads for the mentors app: querysets with their joins applied, aggregates in SQL."""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from colleges import selectors as college_selectors
from colleges.models import VTEGroup
from leadvet import roles
from leadvet.models import User
from mentors.models import (
    Announcement,
    Availability,
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    GroupAssignment,
    Invitation,
    MembershipPeriod,
    Mentor,
    MentorImport,
    MentorTask,
    StatusChange,
    historical_relation_model,
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
        Mentor.objects.filter(
            status=Mentor.Status.ACTIVE, nudges_paused=False, user__is_active=True
        )
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


def membership_history(mentor: Mentor) -> QuerySet:
    return (
        MembershipPeriod.objects.filter(mentor=mentor)
        .select_related("college", "unit")
        .order_by("-starts_on")
    )


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
    return {
        "task": last["task_id"],
        "channel": last["channel"],
        "counterpart_kind": last["counterpart_kind"],
    }


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
    return (
        with_available_now(
            Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True), day
        )
        .select_related("user", "college")
        .prefetch_related("fields", "languages", "tasks")
    )


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


# Aggregates for the dashboard and reports
#
# Every function takes the same scope arguments: `college_ids` (None = every college),
# `country_id` and `field_id` (None = no filter). A contact counts for the college of its
# day (Contact.college); a mentor for their current college.

VTE_SESSION_TASK_NUMBER = 4  # "visits VTE sessions as expert by experience"


def _has_field(field_id: int, mentor_ref: str) -> Exists:
    return Exists(
        Mentor.fields.through.objects.filter(
            mentor_id=OuterRef(mentor_ref), vocationalfield_id=field_id
        )
    )


def _mentor_scope(*, college_ids: Sequence[int] | None = None, country_id=None, field_id=None) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(college_id__in=college_ids)
    if country_id:
        q &= Q(college__country_id=country_id)
    if field_id:
        q &= Q(_has_field(field_id, "pk"))
    return q


def _contact_scope(
    *, college_ids: Sequence[int] | None = None, country_id=None, field_id=None
) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(college_id__in=college_ids)
    if country_id:
        q &= Q(college__country_id=country_id)
    if field_id:
        q &= Q(_has_field(field_id, "mentor_id"))
    return q


def mentor_status_counts(**scope) -> list[dict]:
    """Mentors per status; active ones also counted by whether they serve a shortage field."""
    shortage = Exists(
        Mentor.fields.through.objects.filter(
            mentor_id=OuterRef("pk"), vocationalfield__is_shortage=True
        )
    )
    return list(
        Mentor.objects.filter(_mentor_scope(**scope))
        .values("status")
        .annotate(count=Count("id"), in_shortage_fields=Count("id", filter=Q(shortage)))
        .order_by("status")
    )


def active_mentors_per_college(**scope) -> dict[int, int]:
    """College id -> active mentors; fold_by_college and sum_by_country make the tables."""
    return dict(
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .order_by()
        .values_list("college_id")
        .annotate(count=Count("id"))
    )


def active_mentors_in_shortage_fields(**scope) -> QuerySet:
    """Active mentors per shortage field (a mentor with two such fields counts in both)."""
    return (
        Mentor.fields.through.objects.filter(
            vocationalfield__is_shortage=True,
            mentor__in=Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE),
        )
        .values("vocationalfield__name")
        .annotate(count=Count("mentor_id"))
        .order_by("-count", "vocationalfield__name")
    )


def contact_period_counts(
    *,
    today: datetime.date,
    windows: Sequence[int],
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date,
    previous_end: datetime.date,
    **scope,
) -> dict:
    """In one query: contacts in the last N days and the N days before, for each window; in the
    period and the previous one; and the period's win-win indicators (outcome flags, mentors
    with contacts, mentors in VTE sessions)."""
    aggregates = {}
    for days in windows:
        aggregates[f"last_{days}"] = Count(
            "id", filter=Q(date__gt=today - datetime.timedelta(days=days), date__lte=today)
        )
        aggregates[f"previous_{days}"] = Count(
            "id",
            filter=Q(
                date__gt=today - datetime.timedelta(days=2 * days),
                date__lte=today - datetime.timedelta(days=days),
            ),
        )
    in_period = Q(date__range=(start, end))
    aggregates["period"] = Count("id", filter=in_period)
    aggregates["previous_period"] = Count(
        "id", filter=Q(date__range=(previous_start, previous_end))
    )
    for flag in ("placement", "recruitment_lead", "curriculum_input", "wellbeing_insight"):
        aggregates[flag] = Count("id", filter=in_period & Q(**{flag: True}))
    in_vte_sessions = Q(task__number=VTE_SESSION_TASK_NUMBER) | Q(
        counterpart_kind=CounterpartKind.VTE_GROUP
    )
    aggregates["mentors_with_contacts"] = Count("mentor_id", distinct=True, filter=in_period)
    aggregates["mentors_in_vte_sessions"] = Count(
        "mentor_id", distinct=True, filter=in_period & in_vte_sessions
    )
    earliest = min(today - datetime.timedelta(days=2 * max(windows)), previous_start, start)
    return Contact.objects.filter(_contact_scope(**scope), date__gte=earliest).aggregate(
        **aggregates
    )


# A college added after the catalogue was read (the same request): counted, not named.
UNKNOWN_COLLEGE = {"name": "", "country__code": "", "country__name": ""}


def fold_by_college(
    counts: dict[int, int], catalogue: dict[int, dict], visible_college_ids: Sequence[int] | None
) -> list[dict]:
    """Per-college counts as rows named by college, or folded into one "other colleges" row
    (bucket 0) for colleges outside `visible_college_ids`: a college coordinator sees their own
    colleges by name and the rest only as an aggregate."""
    buckets: dict[int, dict] = {}
    for college_id, count in counts.items():
        if visible_college_ids is None or college_id in visible_college_ids:
            college = catalogue.get(college_id, UNKNOWN_COLLEGE)
            key, name, country = college_id, college["name"], college["country__name"]
        else:
            key, name, country = 0, "", ""
        row = buckets.setdefault(
            key, {"bucket": key, "bucket_name": name, "bucket_country": country, "count": 0}
        )
        row["count"] += count
    return sorted(buckets.values(), key=lambda row: (-row["count"], row["bucket_name"]))


def sum_by_country(
    counts: dict[int, int], catalogue: dict[int, dict], college_ids: Sequence[int] | None
) -> list[dict]:
    countries: dict[str, dict] = {}
    for college_id, count in counts.items():
        if college_ids is not None and college_id not in college_ids:
            continue
        college = catalogue.get(college_id, UNKNOWN_COLLEGE)
        row = countries.setdefault(
            college["country__code"],
            {
                "college__country__code": college["country__code"],
                "college__country__name": college["country__name"],
                "count": 0,
            },
        )
        row["count"] += count
    return sorted(
        countries.values(), key=lambda row: (-row["count"], row["college__country__name"])
    )


@dataclass(frozen=True)
class ContactBreakdown:
    """The period's contacts by month and task, by task, by college and by country."""

    total: int
    per_month: list[dict]
    per_task: list[dict]
    by_college: list[dict]
    by_country: list[dict]


def contact_breakdown(
    *,
    start: datetime.date,
    end: datetime.date,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
    compare_college_ids: Sequence[int] | None = None,
    visible_college_ids: Sequence[int] | None = None,
    catalogue: dict[int, dict] | None = None,
) -> ContactBreakdown:
    """One scan of the period's contacts grouped by month, task and college id, folded in
    Python into the tables of the dashboard and the network-activity report. The college is
    named from `catalogue` afterwards: grouping on the joined college and country names costs
    several times as much at a million contacts.

    `college_ids` narrows the total, months, tasks and countries. `by_college` compares
    `compare_college_ids` (None: every college), those outside `visible_college_ids` folded
    into one row; `compare_college_ids` must hold `college_ids`.
    """
    rows = (
        Contact.objects.filter(
            _contact_scope(
                college_ids=compare_college_ids, country_id=country_id, field_id=field_id
            ),
            date__range=(start, end),
        )
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("month", "task__number", "task__name", "college_id")
        .annotate(count=Count("*"))
    )
    months: dict[tuple, int] = {}
    per_task: dict[tuple, int] = {}
    per_college: dict[int, int] = {}
    in_scope_per_college: dict[int, int] = {}
    for month, task_number, task_name, college_id, count in rows:
        per_college[college_id] = per_college.get(college_id, 0) + count
        if college_ids is not None and college_id not in college_ids:
            continue
        task = (task_number, task_name)
        in_scope_per_college[college_id] = in_scope_per_college.get(college_id, 0) + count
        months[(month, task)] = months.get((month, task), 0) + count
        per_task[task] = per_task.get(task, 0) + count
    catalogue = catalogue if catalogue is not None else college_selectors.college_catalogue()

    def task_row(task: tuple, count: int, **extra) -> dict:
        return {**extra, "task__number": task[0], "task__name": task[1], "count": count}

    return ContactBreakdown(
        total=sum(per_task.values()),
        per_month=sorted(
            (task_row(task, count, month=month) for (month, task), count in months.items()),
            key=lambda row: (row["month"], row["task__number"]),
        ),
        per_task=sorted(
            (task_row(task, count) for task, count in per_task.items()),
            key=lambda row: (-row["count"], row["task__number"]),
        ),
        by_college=fold_by_college(per_college, catalogue, visible_college_ids),
        by_country=sum_by_country(in_scope_per_college, catalogue, None),
    )


def contact_request_figures(*, start: datetime.datetime, end: datetime.datetime, **scope) -> dict:
    """Open requests now, and the average time to answer of requests made in start–end."""
    answer_time = ExpressionWrapper(
        F("responded_at") - F("created_at"), output_field=DurationField()
    )
    made_in_period = Q(created_at__gte=start, created_at__lt=end)
    requests = ContactRequest.objects.all()
    if mentor_scope := _mentor_scope(**scope):
        requests = requests.filter(mentor__in=Mentor.objects.filter(mentor_scope))
    return requests.aggregate(
        open=Count("id", filter=Q(status=ContactRequest.Status.OPEN)),
        made=Count("id", filter=made_in_period),
        answered=Count("id", filter=made_in_period & Q(responded_at__isnull=False)),
        average_answer_time=Avg(answer_time, filter=made_in_period & Q(responded_at__isnull=False)),
    )


def mentors_without_contact_since(since: datetime.date, **scope) -> QuerySet:
    """Active mentors with no contact on or after `since`, longest silent first."""
    return (
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .filter(~Exists(Contact.objects.filter(mentor_id=OuterRef("pk"), date__gte=since)))
        .annotate(
            last_contact=Subquery(
                Contact.objects.filter(mentor_id=OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            )
        )
        .select_related("user", "college")
        .order_by(F("last_contact").asc(nulls_first=True), "user__last_name", "id")
    )


TRAINING_VALID_MONTHS = 24


def training_cutoff(today: datetime.date) -> datetime.date:
    """Training on or after this day counts as recent (the last 24 months)."""
    months = today.year * 12 + today.month - 1 - TRAINING_VALID_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def trained_q(today: datetime.date) -> Q:
    """Mentors trained within the last 24 months."""
    return Q(trained_on__gte=training_cutoff(today))


def active_mentors_without_recent_training(today: datetime.date, **scope) -> QuerySet:
    """Active mentors never trained or trained more than 24 months ago, longest untrained first."""
    return (
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .exclude(trained_q(today))
        .select_related("user", "college")
        .order_by(F("trained_on").asc(nulls_first=True), "user__last_name", "id")
    )


def most_active_mentors(
    *, start: datetime.date, end: datetime.date, limit: int, **scope
) -> QuerySet:
    """The mentors with most contacts in the period, with their current college (graph nodes).

    The ranking groups the period's contacts on the mentor id alone; only the `limit` winners
    are joined to their names (grouping every contact on the joined names is several times
    slower at a million contacts).
    """
    in_period = Contact.objects.filter(_contact_scope(**scope), date__range=(start, end)).order_by()
    ranked = in_period.values("mentor_id").annotate(n=Count("*")).order_by("-n", "mentor_id")
    contacts = in_period.filter(mentor_id=OuterRef("pk")).values("mentor_id").annotate(n=Count("*"))
    return (
        Mentor.objects.filter(pk__in=Subquery(ranked.values("mentor_id")[:limit]))
        .annotate(contacts_in_period=Subquery(contacts.values("n"), output_field=IntegerField()))
        .values(
            "id",
            "user__first_name",
            "user__last_name",
            "college_id",
            "college__name",
            "contacts_in_period",
        )
        .order_by("-contacts_in_period", "id")
    )


def mentor_group_contact_counts(
    *, start: datetime.date, end: datetime.date, mentor_ids: Sequence[int], **scope
) -> QuerySet:
    """Mentor–VTE group edges weighted by the number of contacts in the period."""
    return (
        Contact.objects.filter(
            _contact_scope(**scope),
            date__range=(start, end),
            mentor_id__in=mentor_ids,
            vte_group__isnull=False,
        )
        .values("mentor_id", "vte_group_id", "vte_group__name", "vte_group__term")
        .annotate(weight=Count("id"))
        .order_by("mentor_id", "vte_group_id")
    )


# Assignments


def open_assignment_q(prefix: str = "", *, today: datetime.date | None = None) -> Q:
    """An assignment that counts towards a mentor's load: not ended, in a group not closed."""
    today = today or timezone.localdate()
    return (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})) & Q(
        **{f"{prefix}vte_group__closed_at__isnull": True}
    )


def load_subquery(*, today: datetime.date | None = None):
    """Per mentor (OuterRef pk): how many open groups they work with now."""
    counted = (
        GroupAssignment.objects.filter(open_assignment_q(today=today), mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(n=Count("vte_group", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def current_group_count(mentor: Mentor, *, exclude_group: VTEGroup | None = None) -> int:
    assignments = GroupAssignment.objects.filter(open_assignment_q(), mentor=mentor)
    if exclude_group is not None:
        assignments = assignments.exclude(vte_group=exclude_group)
    return assignments.values("vte_group").distinct().count()


def assignable_mentors(*, college_ids: frozenset[int] | None = None) -> QuerySet[Mentor]:
    """Mentors who may take a group: active ones, of the given colleges when limited."""
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE).select_related("user", "college")
    if college_ids is not None:
        mentors = mentors.filter(college_id__in=college_ids)
    return mentors


def open_assignment_exists(*, mentor: Mentor, group: VTEGroup, role: str) -> bool:
    today = timezone.localdate()
    return GroupAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), mentor=mentor, vte_group=group, role=role
    ).exists()


# Suggestions

CANDIDATE_LIMIT = 300
WEIGHT_FIELD = 4
WEIGHT_TASK = 2
WEIGHT_AVAILABLE = 3
WEIGHT_AWAY = -3
WEIGHT_NEW_COLLEGE = 2
WEIGHT_AT_CAPACITY = -4


@dataclass
class Suggestion:
    mentor: Mentor
    score: int
    same_field: bool
    matching_tasks: int
    available: bool
    away: bool
    load: int
    new_college: bool

    @property
    def at_capacity(self) -> bool:
        return self.load >= self.mentor.capacity_groups

    @property
    def reasons(self) -> str:
        parts = []
        if self.same_field:
            parts.append(_("same field"))
        if self.matching_tasks:
            parts.append(
                ngettext("%(count)d needed task", "%(count)d needed tasks", self.matching_tasks)
                % {"count": self.matching_tasks}
            )
        if self.away:
            parts.append(_("away now"))
        elif self.available:
            parts.append(_("available"))
        else:
            parts.append(_("no availability given"))
        if self.load:
            parts.append(
                ngettext("%(count)d group now", "%(count)d groups now", self.load)
                % {"count": self.load}
            )
        else:
            parts.append(_("no groups now"))
        if self.at_capacity:
            parts.append(_("at capacity"))
        if self.new_college:
            parts.append(_("college new to this group"))
        else:
            parts.append(_("college already in this group"))
        return " · ".join(str(part) for part in parts)


def suggest_mentors_for_group(
    group: VTEGroup,
    limit: int = 20,
    *,
    college_ids: frozenset[int] | None = None,
    today: datetime.date | None = None,
) -> list[Suggestion]:
    """Active mentors ranked for a group: field match, needed tasks, availability now,
    current load and college diversity.

    SQL scores and keeps the best few hundred candidates (Exists/Count subqueries, one
    query); Python adds the college-diversity bonus and the capacity penalty and sorts.
    A constant number of queries whatever the size of the pool.
    """
    today = today or timezone.localdate()
    needed_task_ids = [task.pk for task in group.needed_tasks.all()]
    current = GroupAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), vte_group=group
    )
    assigned_college_ids = set(current.values_list("mentor__college_id", flat=True).distinct())

    if group.field_id:
        same_field = Exists(
            Mentor.fields.through.objects.filter(
                mentor_id=OuterRef("pk"), vocationalfield_id=group.field_id
            )
        )
    else:
        same_field = Value(False)
    task_counts = (
        Mentor.tasks.through.objects.filter(
            mentor_id=OuterRef("pk"), mentortask_id__in=needed_task_ids
        )
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    covering_today = Availability.objects.filter(
        mentor_id=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
    )
    candidates = (
        assignable_mentors(college_ids=college_ids)
        .exclude(pk__in=current.values("mentor_id"))
        .annotate(
            same_field=same_field,
            matching_tasks=Coalesce(Subquery(task_counts, output_field=IntegerField()), 0),
            available=Exists(covering_today.filter(kind=Availability.Kind.AVAILABLE)),
            away=Exists(covering_today.filter(kind=Availability.Kind.AWAY)),
            load=load_subquery(today=today),
        )
        .annotate(
            sql_score=Case(When(same_field=True, then=Value(WEIGHT_FIELD)), default=Value(0))
            + F("matching_tasks") * WEIGHT_TASK
            + Case(
                When(away=True, then=Value(WEIGHT_AWAY)),
                When(available=True, then=Value(WEIGHT_AVAILABLE)),
                default=Value(0),
            )
            - F("load")
        )
        .order_by("-sql_score", "load", "user__last_name", "pk")[:CANDIDATE_LIMIT]
    )

    suggestions = []
    for mentor in candidates:
        new_college = mentor.college_id not in assigned_college_ids
        suggestion = Suggestion(
            mentor=mentor,
            score=mentor.sql_score,
            same_field=bool(mentor.same_field),
            matching_tasks=mentor.matching_tasks,
            available=mentor.available,
            away=mentor.away,
            load=mentor.load,
            new_college=new_college,
        )
        if new_college:
            suggestion.score += WEIGHT_NEW_COLLEGE
        if suggestion.at_capacity:
            suggestion.score += WEIGHT_AT_CAPACITY
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.load, s.mentor.user.last_name, s.mentor.pk))
    return suggestions[:limit]


# Mentor pool


def available_now_expression(day: datetime.date | None = None) -> ExpressionWrapper:
    """True when an available period covers `day` and no away period does."""
    day = day or timezone.localdate()
    covering = Availability.objects.filter(
        mentor=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day
    )
    return ExpressionWrapper(
        Q(Exists(covering.filter(kind=Availability.Kind.AVAILABLE)))
        & ~Q(Exists(covering.filter(kind=Availability.Kind.AWAY))),
        output_field=BooleanField(),
    )


def mentor_pool(queryset: QuerySet | None = None) -> QuerySet:
    """Mentors with what the list and exports show, in a fixed number of queries."""
    queryset = Mentor.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("user", "user__invitation", "college", "college__country", "unit")
        .prefetch_related("fields", "tasks", "languages")
        .annotate(available_now=available_now_expression())
    )


def mentor_for_detail(mentor_id: int) -> Mentor:
    return (
        Mentor.objects.select_related(
            "user", "user__invitation", "college", "college__country", "unit"
        )
        .prefetch_related("fields", "tasks", "languages")
        .annotate(available_now=available_now_expression())
        .get(pk=mentor_id)
    )


def mentor_availability(mentor: Mentor) -> QuerySet:
    """Current and future periods, soonest first."""
    return (
        Availability.objects.filter(mentor=mentor, ends_on__gte=timezone.localdate())
        .prefetch_related("tasks")
        .order_by("starts_on")
    )


def mentor_assignments(mentor: Mentor) -> QuerySet:
    return mentor.assignments.select_related("vte_group", "vte_group__teacher_educator").order_by(
        "-starts_on"
    )


def contact_counts_by_task(mentor: Mentor) -> QuerySet:
    return (
        Contact.objects.filter(mentor=mentor)
        .values("task__number", "task__name")
        .annotate(count=Count("id"))
        .order_by("task__number")
    )


def events_attended(mentor: Mentor) -> QuerySet:
    """The mentor's attended events, read through the user's registrations."""
    return (
        mentor.user.registrations.filter(attended=True)
        .select_related("event")
        .order_by("-event__starts_at")
    )


def status_history(mentor: Mentor) -> QuerySet:
    return StatusChange.objects.filter(mentor=mentor).select_related("changed_by")


def _relation_prefetches() -> list[Prefetch]:
    """Each history record's fields, languages and tasks with their objects: a query each."""
    prefetches = []
    for relation in Mentor.HISTORY_RELATIONS:
        history_model = historical_relation_model(relation)
        target = Mentor._meta.get_field(relation).m2m_reverse_field_name()
        prefetches.append(
            Prefetch(
                history_model._meta.get_field("history").remote_field.get_accessor_name(),
                queryset=history_model.objects.select_related(target).order_by(target),
                to_attr=f"{relation}_rows",
            )
        )
    return prefetches


def _relation_state(record, relation: str) -> tuple[set, str]:
    """The related objects' ids in a history record and their names as shown, in order."""
    target = Mentor._meta.get_field(relation).m2m_reverse_field_name()
    rows = getattr(record, f"{relation}_rows")
    names = [str(getattr(row, target) or _("(deleted)")) for row in rows]
    return {getattr(row, f"{target}_id") for row in rows}, ", ".join(names)


def change_history(mentor: Mentor, limit: int = 20) -> list[dict]:
    """The last changes from django-simple-history, each with the fields that changed.

    Choices show their labels, foreign keys their objects' names (one query per related
    model) and the relations (fields, languages, tasks) the names before and after (their
    state per record is prefetched: one query per relation, none per record).
    """
    records = list(
        mentor.history.select_related("history_user")
        .prefetch_related(*_relation_prefetches())
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries, wanted = [], {}
    for newer, older in zip(records[:limit], records[1 : limit + 1] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=Mentor.HISTORY_RELATIONS)
            for change in delta.changes:
                field = Mentor._meta.get_field(change.field)
                if field.is_relation:
                    wanted.setdefault(field.related_model, set()).update({change.old, change.new})
                changes.append({"field": field, "old": change.old, "new": change.new})
            for relation in Mentor.HISTORY_RELATIONS:
                old_ids, old_names = _relation_state(older, relation)
                new_ids, new_names = _relation_state(newer, relation)
                if old_ids != new_ids:
                    changes.append(
                        {
                            "field": Mentor._meta.get_field(relation),
                            "old": old_names,
                            "new": new_names,
                        }
                    )
        entries.append({"record": newer, "changes": changes})
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=ids - {None})}
        for model, ids in wanted.items()
    }

    def shown(field, value):
        if value in (None, "") or field.many_to_many:  # relations come named, see above
            return value or ""
        if field.is_relation:
            return names[field.related_model].get(value, value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    for entry in entries:
        entry["changes"] = [
            {
                "field": change["field"].verbose_name,
                "old": shown(change["field"], change["old"]),
                "new": shown(change["field"], change["new"]),
            }
            for change in entry["changes"]
        ]
    return entries


def has_activity(mentor: Mentor) -> bool:
    """Contacts, group assignments, event registrations or contact requests keep a mentor."""
    return (
        Contact.objects.filter(mentor=mentor).exists()
        or GroupAssignment.objects.filter(mentor=mentor).exists()
        or mentor.contact_requests.exists()
        or mentor.user.registrations.exists()
    )


def invitation_by_key(key: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(key=key).first()


def recent_imports(limit: int = 10) -> QuerySet:
    return MentorImport.objects.select_related("created_by").defer("rows", "errors")[:limit]


# Personal data export (GDPR): what the mentors app holds about one user


def personal_data_of(user) -> dict:
    """The user's own mentor profile, memberships, availability, assignments, contacts and
    contact requests, as plain values for the "Download my data" export."""
    mentor = (
        Mentor.objects.select_related("college", "unit")
        .prefetch_related("fields", "languages", "tasks")
        .filter(user=user)
        .first()
    )
    data: dict = {
        "requests_sent": list(
            ContactRequest.objects.filter(requester=user)
            .order_by("created_at")
            .values(
                "id",
                "created_at",
                "mentor_id",
                "topic",
                "message",
                "task__name",
                "preferred_dates",
                "vte_group__name",
                "status",
                "response_message",
                "responded_at",
            )
        ),
    }
    if mentor is None:
        data["mentor"] = None
        return data
    data["mentor"] = {
        "id": mentor.pk,
        "status": mentor.status,
        "official_status_date": mentor.official_status_date,
        "college": str(mentor.college) if mentor.college else None,
        "unit": str(mentor.unit) if mentor.unit else None,
        "title": mentor.title,
        "phone": mentor.phone,
        "bio": mentor.bio,
        "contact_preferences": mentor.contact_preferences,
        "capacity_groups": mentor.capacity_groups,
        "trained_on": mentor.trained_on,
        "nudges_paused": mentor.nudges_paused,
        "fields": [str(item) for item in mentor.fields.all()],
        "languages": [str(item) for item in mentor.languages.all()],
        "tasks": [str(item) for item in mentor.tasks.all()],
        "created_at": mentor.created_at,
    }
    data["memberships"] = list(
        MembershipPeriod.objects.filter(mentor=mentor)
        .order_by("starts_on")
        .values("college__name", "unit__name", "starts_on", "ends_on")
    )
    data["availability"] = list(
        Availability.objects.filter(mentor=mentor)
        .order_by("starts_on")
        .values("kind", "starts_on", "ends_on", "hours_per_month", "mode", "note")
    )
    data["group_assignments"] = list(
        GroupAssignment.objects.filter(mentor=mentor)
        .order_by("starts_on")
        .values("vte_group__name", "role", "starts_on", "ends_on")
    )
    data["contacts"] = list(
        Contact.objects.filter(mentor=mentor)
        .order_by("date", "pk")
        .values(
            "id",
            "date",
            "college__name",
            "counterpart_kind",
            "vte_group__name",
            "task__name",
            "channel",
            "duration_minutes",
            *(name for name, _label in Contact.OUTCOME_FIELDS),
            "is_formal",
            "summary",
            "created_at",
        )
    )
    data["requests_received"] = list(
        ContactRequest.objects.filter(mentor=mentor)
        .order_by("created_at")
        .values(
            "id",
            "created_at",
            "requester__email",
            "topic",
            "message",
            "task__name",
            "preferred_dates",
            "vte_group__name",
            "status",
            "response_message",
            "responded_at",
        )
    )
    return data


# College coordinators: availability overview and contact log


@dataclass(frozen=True)
class AvailabilityRow:
    """One mentor's line on the availability overview: the period covering today and the next."""

    mentor: Mentor
    now: Availability | None
    next: Availability | None
    away: Availability | None


def availability_overview_mentors(queryset: QuerySet, day: datetime.date | None = None) -> QuerySet:
    """Mentors with their current and future periods prefetched (a fixed number of queries)."""
    day = day or timezone.localdate()
    periods = (
        Availability.objects.filter(ends_on__gte=day)
        .prefetch_related("tasks")
        .order_by("starts_on", "id")
    )
    return (
        queryset.exclude(status=Mentor.Status.ALUMNI)
        .select_related("user", "college")
        .prefetch_related(Prefetch("availability", queryset=periods, to_attr="upcoming_periods"))
        .order_by("college__name", "user__last_name", "user__first_name", "id")
    )


def availability_rows(mentors, day: datetime.date | None = None) -> list[AvailabilityRow]:
    """Split each mentor's prefetched periods into now / next / away; no further queries."""
    day = day or timezone.localdate()
    rows = []
    for mentor in mentors:
        available = [p for p in mentor.upcoming_periods if p.kind == Availability.Kind.AVAILABLE]
        away = [p for p in mentor.upcoming_periods if p.kind == Availability.Kind.AWAY]
        now = next((p for p in available if p.covers(day)), None)
        after = now.ends_on if now else day
        rows.append(
            AvailabilityRow(
                mentor=mentor,
                now=now,
                next=next((p for p in available if p.starts_on > after), None),
                away=next(iter(away), None),
            )
        )
    return rows


def college_contact_log(college_ids: frozenset[int] | None) -> QuerySet:
    """Contacts counted for the given colleges (None: every college), newest first."""
    contacts = Contact.objects.all()
    if college_ids is not None:
        contacts = contacts.filter(college_id__in=college_ids)
    return contacts.select_related("mentor__user", "task", "vte_group", "college").order_by(
        "-date", "-id"
    )


# Activity nudges

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


def last_contact_subquery() -> Subquery:
    return Subquery(
        Contact.objects.filter(mentor_id=OuterRef("pk")).order_by("-date").values("date")[:1]
    )


def mentors_due_activity_nudge(day: datetime.date) -> QuerySet:
    """Active mentors, nudges not paused and not away today, whose last contact (or, never
    having logged one, their official start) is at least NUDGE_AFTER_DAYS ago.

    Annotated with `last_contact` (None when they never logged one).
    """
    cutoff = day - datetime.timedelta(days=NUDGE_AFTER_DAYS)
    return (
        Mentor.objects.filter(
            status=Mentor.Status.ACTIVE, nudges_paused=False, user__is_active=True
        )
        .exclude(away_on_q(day))
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
