"""Aggregates of the outcomes for the dashboard, the steering report and the API: every grouped
count the figures need read in one SQL statement (leadvet.lib.combined_reads), whatever the
size of the data, folded in Python by portal.dashboard.impact; the curriculum changes are the
one list of records beside it.

The scope of every read: `start`/`end` (dates, inclusive) and `start_at`/`end_at` (the same
days as moments), `college_ids` (None: every college), `country_id`, `field_id` (None: no
filter).
"""

import datetime
from collections.abc import Collection, Sequence

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth

from colleges.models import PartnerCollege
from events.models import Registration
from leadvet.lib import translated
from leadvet.lib.combined_reads import Part, read_together, sourced_parts
from leadvet.lib.translated import localized
from mentors.models import Contact
from mentors.models.rollups import month_of
from mentors.selectors import contact_figures
from outcomes.models import (
    ContactFeedback,
    CurriculumProposal,
    EventFeedback,
    Placement,
    StudentOutcome,
)

# The columns of the statement; each part fills its own and leaves the others NULL.
COLUMNS = {
    "college": IntegerField(),
    "field": IntegerField(),
    "field_name": TextField(),
    "shortage": BooleanField(),
    "month": DateField(),
    "kind": TextField(),
    "day": DateField(),
    "first_contact": DateField(),
    "task_number": IntegerField(),
    "task_name": TextField(),
    "extra_resources": IntegerField(),
    "current": BooleanField(),
    "duration": DurationField(),
    "event_kind": TextField(),
    "status": TextField(),
    "college_name": TextField(),
    "country_name": TextField(),
    "count": IntegerField(),
    "minutes": IntegerField(),
    "answered": IntegerField(),
    "score_sum": IntegerField(),
    "mean": FloatField(),
}


def _college_scope(prefix: str, college_ids, country_id) -> Q:
    q = Q()
    if college_ids is not None:
        q &= Q(**{f"{prefix}college_id__in": college_ids})
    if country_id:
        q &= Q(**{f"{prefix}college__country_id": country_id})
    return q


def figure_rows(
    *,
    start: datetime.date,
    end: datetime.date,
    previous_start: datetime.date,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    field_id=None,
    only: Collection[str] | None = None,
    leave_out: Collection[str] = (),
) -> dict[str, list[dict]]:
    """The rows of each read below (`only`: those named; `leave_out`: not those), in one SQL
    statement:

    - `path_by_college`, `path_by_field` (`field_name`, `shortage`) and `path_by_month`: the
      `count` of placements (by start, `kind` placement) and outcomes (by date, `kind` hired,
      offered or further) per `college`, per `field` and per `month`, and `kind`;
    - `hires`: each hire's `college`, `day` and the date of the `first_contact` that led there
      (None without one);
    - `contact_minutes_by_college`, `_by_task` (`task_number`, `task_name`, `extra_resources`:
      not None when the task may need extra resources) and `_by_month`: the `minutes` and
      `count` of contacts per college (of the contact's day), per task and per month, from
      `previous_start` (`current`: on or after `start`);
    - `event_time`: the `duration` of the events that started in the period, once per mentor
      marked present, per `college` (the mentor's) and `month` (of the start);
    - `contact_feedback`: feedback asked after contact requests answered in the period, per
      college of the mentor and task: asked (`count`), `answered`, `score_sum`;
    - `event_feedback`: feedback asked after events of the period per `event_kind`: asked
      (`count`), `answered`, the `mean` score;
    - `curriculum`: proposals made in the period by their `status` now, their `count`;
    - `colleges`: every college's `college_name` and `country_name`, to name the others.
    """
    scope = _college_scope("", college_ids, country_id)
    path_scope = scope & Q(field_id=field_id) if field_id else scope
    moments = {"created_at__gte": start_at, "created_at__lt": end_at}
    first_contact = (
        Contact.objects.filter(student_outcomes=OuterRef("pk")).order_by("date").values("date")
    )
    parts = {
        "hires": Part(
            StudentOutcome.objects.filter(
                path_scope, kind=StudentOutcome.Kind.HIRED, date__range=(start, end)
            ),
            {"college": "college_id", "day": "date", "first_contact": Subquery(first_contact[:1])},
        ),
        "contact_feedback": Part(
            ContactFeedback.objects.filter(
                _college_scope("request__mentor__", college_ids, country_id), **moments
            ),
            {
                "college": "request__mentor__college_id",
                "task_number": "request__task__number",
                "task_name": localized("request__task__name"),
                "count": Count("*"),
                "answered": Count("id", filter=Q(answered_at__isnull=False)),
                "score_sum": Sum("score"),
            },
        ),
        "event_feedback": Part(
            EventFeedback.objects.filter(
                registration__event__starts_at__gte=start_at,
                registration__event__starts_at__lt=end_at,
            ),
            {
                "event_kind": "registration__event__kind",
                "count": Count("*"),
                "answered": Count("id", filter=Q(answered_at__isnull=False)),
                "mean": Avg("score"),
            },
        ),
        "curriculum": Part(
            CurriculumProposal.objects.filter(
                _college_scope("contact__", college_ids, country_id), **moments
            ),
            {"status": "status", "count": Count("*")},
        ),
        "colleges": Part(
            PartnerCollege.objects.all(),
            {"college": "id", "college_name": "name", "country_name": "country__name"},
        ),
    }
    parts.update(
        _path_parts(
            Placement.objects.filter(path_scope, starts_on__range=(start, end)),
            StudentOutcome.objects.filter(path_scope, date__range=(start, end)),
        )
    )
    parts.update(
        _contact_minute_parts(
            start=start,
            end=end,
            previous_start=previous_start,
            college_ids=college_ids,
            country_id=country_id,
        )
    )
    parts.update(
        _event_time_parts(
            start_at=start_at, end_at=end_at, college_ids=college_ids, country_id=country_id
        )
    )

    def wanted(name: str) -> bool:
        return (only is None or name in only) and name not in leave_out

    parts = {name: part for name, part in parts.items() if wanted(name.partition(":")[0])}
    rows = read_together(parts, COLUMNS)
    for name in CONTACT_MINUTE_PARTS:
        if wanted(name):
            rows.setdefault(name, [])
    return rows


def _path_parts(placements: QuerySet, outcomes: QuerySet) -> dict[str, Part]:
    """The win-win's counts per college, per field and per month, each grouped in SQL: a few
    rows each, where one per college, field and month would be nearly one per placement."""

    def per_grouping(source: QuerySet, kind, month: str) -> list:
        count = {"kind": kind, "count": Count("*")}
        field = {"field": "field_id", "field_name": "field__name", "shortage": "field__is_shortage"}
        return [
            ("path_by_college", source, {"college": "college_id", **count}),
            ("path_by_field", source, {**field, **count}),
            ("path_by_month", source, {"month": month_of(month), **count}),
        ]

    return sourced_parts(
        [
            *per_grouping(placements, Value("placement", CharField()), "starts_on"),
            *per_grouping(outcomes, "kind", "date"),
        ]
    )


# The tables the contacts' minutes are read as (each a few rows: every college, task or month
# of two periods), rather than one row per college, task and month.
CONTACT_MINUTE_GROUPINGS = ("college", "task", "month")
CONTACT_MINUTE_PARTS = tuple(
    f"contact_minutes_by_{grouping}" for grouping in CONTACT_MINUTE_GROUPINGS
)


def _contact_minute_parts(
    *, start: datetime.date, end: datetime.date, previous_start: datetime.date, **scope
) -> dict[str, Part]:
    """The contact minutes of figure_rows from the rollups: per college the month rollup's
    whole months and the day rollup's days around them; per task and per month for the whole
    network the network rollup's days, else the task rollup's whole months and the days
    around them from the contacts, or per month the college rollups
    (mentors.selectors.contact_figures.contact_sources)."""
    sources = contact_figures.contact_sources(
        periods=[(previous_start, start - datetime.timedelta(days=1)), (start, end)], **scope
    )

    def current(column: str) -> Case:
        return Case(
            When(**{f"{column}__gte": start}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )

    rolled_up = {"current": current("month"), "minutes": Sum("minutes"), "count": Sum("contacts")}
    task = {
        "task_number": "task__number",
        "task_name": localized("task__name"),
        "extra_resources": "task__extra_resources__id",
    }
    by_day = {**rolled_up, "current": current("day")}
    reads = [
        # (grouping, source, the columns of the part)
        ("college", sources.college_months, {"college": "college_id", **rolled_up}),
        ("college", sources.college_days, {"college": "college_id", **by_day}),
        ("task", sources.network_days, {**task, **by_day}),
        ("task", sources.task_months, {**task, **rolled_up}),
        (
            "task",
            sources.task_contacts,
            {
                **task,
                "current": current("date"),
                "minutes": Sum("duration_minutes"),
                "count": Count("*"),
            },
        ),
    ]
    # Per month: the network rollup's days for the whole network, else the college rollups.
    if sources.network_days is not None:
        reads.append(("month", sources.network_days, {"month": month_of("day"), **by_day}))
    else:
        reads.append(("month", sources.college_months, {"month": "month", **rolled_up}))
        reads.append(("month", sources.college_days, {"month": month_of("day"), **by_day}))
    return sourced_parts(
        (f"contact_minutes_by_{grouping}", source, columns) for grouping, source, columns in reads
    )


def _event_time_parts(
    *, start_at: datetime.datetime, end_at: datetime.datetime, college_ids, country_id
) -> dict[str, Part]:
    """The event time of figure_rows: the mentors' attended registrations of events that
    started in the period, their events' lengths summed per college and per month."""
    attended = Registration.objects.filter(
        _college_scope("user__mentor__", college_ids, country_id),
        attended=True,
        user__mentor__isnull=False,
        event__starts_at__gte=start_at,
        event__starts_at__lt=end_at,
    )
    duration = Sum(ExpressionWrapper(F("event__ends_at") - F("event__starts_at"), DurationField()))
    # The month of the start in the portal's time zone, as a date.
    month = Cast(TruncMonth("event__starts_at", output_field=DateField()), DateField())
    # Per college and month at once: the attended registrations are joined with their
    # mentors once (a read per college and one per month joined them twice).
    return {
        "event_time": Part(
            attended,
            {"college": "user__mentor__college_id", "month": month, "duration": duration},
        )
    }


def curriculum_changes(
    *,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    college_ids: Sequence[int] | None = None,
    country_id=None,
    limit: int = 50,
):
    """Proposals decided in the period, taken up first: what changed in teacher education."""
    return (
        CurriculumProposal.objects.filter(
            _college_scope("contact__", college_ids, country_id),
            decided_at__gte=start_at,
            decided_at__lt=end_at,
        )
        .select_related("contact__task")
        .order_by("status", "-decided_at")
        .only(
            "proposal",
            "status",
            "change",
            "decided_at",
            "contact__date",
            "contact__task__number",
            *translated.columns("contact__task__name"),
        )[:limit]
    )
