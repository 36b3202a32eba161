"""Aggregates of mentors and requests for the dashboard and reports (the contact log's are in
`contact_figures`).

Every function takes the same scope arguments: `college_ids` (None = every college),
`country_id` and `field_id` (None = no filter). A contact counts for the college of its
day (Contact.college); a mentor for their current college.
"""

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Avg,
    BooleanField,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber

from leadvet.lib.combined_reads import Part, read_together
from leadvet.lib.translated import localized
from mentors.models import Contact, ContactRequest, Mentor


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


def mentor_counts(*, also: dict | None = None, **scope) -> list[dict]:
    """Mentors per status and current college, with those serving a shortage field: the
    dashboard's mentor totals and its per-college table from one query.

    `also`: scalar subqueries (another app's figures, e.g. the alumni path) carried on every
    row, so the dashboard reads them in this same query.
    """
    shortage = Exists(
        Mentor.fields.through.objects.filter(
            mentor_id=OuterRef("pk"), vocationalfield__is_shortage=True
        )
    )
    return list(
        Mentor.objects.filter(_mentor_scope(**scope))
        .values("status", "college_id")
        .annotate(
            count=Count("id"), in_shortage_fields=Count("id", filter=Q(shortage)), **(also or {})
        )
        .order_by("status", "college_id")
    )


def active_mentors_in_shortage_fields(**scope) -> QuerySet:
    """Active mentors per shortage field (a mentor with two such fields counts in both)."""
    return (
        Mentor.fields.through.objects.filter(
            vocationalfield__is_shortage=True,
            mentor__in=Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE),
        )
        .values(vocationalfield__name=localized("vocationalfield__name"))
        .annotate(count=Count("mentor_id"))
        .order_by("-count", "vocationalfield__name")
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


def _contact_request_aggregates(
    *, start: datetime.datetime, end: datetime.datetime, **scope
) -> tuple[QuerySet, dict]:
    answer_time = ExpressionWrapper(
        F("responded_at") - F("created_at"), output_field=DurationField()
    )
    made_in_period = Q(created_at__gte=start, created_at__lt=end)
    requests = ContactRequest.objects.order_by()
    if mentor_scope := _mentor_scope(**scope):
        requests = requests.filter(mentor__in=Mentor.objects.filter(mentor_scope))
    return requests, {
        "open": Count("id", filter=Q(status=ContactRequest.Status.OPEN)),
        "made": Count("id", filter=made_in_period),
        "answered": Count("id", filter=made_in_period & Q(responded_at__isnull=False)),
        "average_answer_time": Avg(
            answer_time, filter=made_in_period & Q(responded_at__isnull=False)
        ),
    }


def contact_request_figures(*, start: datetime.datetime, end: datetime.datetime, **scope) -> dict:
    """Open requests now, and the average time to answer of requests made in start–end."""
    requests, aggregates = _contact_request_aggregates(start=start, end=end, **scope)
    return requests.aggregate(**aggregates)


def contact_request_subqueries(
    *, start: datetime.datetime, end: datetime.datetime, **scope
) -> dict[str, Subquery]:
    """`contact_request_figures` as scalar subqueries named `requests_<figure>`, to be carried
    on another query's rows (`mentor_counts(also=...)`): no query of their own. Each reads
    only the requests it counts (the open ones, those made in the period), by an index: with
    the figure's filter only in its aggregate, each read every request (100,000 at EU scale,
    four times)."""
    requests, aggregates = _contact_request_aggregates(start=start, end=end, **scope)
    # Grouped by a constant, which is no column: one row, the aggregate over all requests.
    whole = requests.annotate(whole=Value(1)).values("whole")
    made_in_period = Q(created_at__gte=start, created_at__lt=end)
    counted = {
        "open": Q(status=ContactRequest.Status.OPEN),
        "made": made_in_period,
        "answered": made_in_period,
        "average_answer_time": made_in_period,
    }
    return {
        f"requests_{name}": Subquery(
            whole.filter(counted[name]).annotate(figure=aggregate).values("figure"),
            output_field=aggregate.output_field,
        )
        for name, aggregate in aggregates.items()
    }


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


def follow_up_and_training_counts(
    *, since: datetime.date, today: datetime.date, **scope
) -> dict[str, dict[str, list[dict]]]:
    """Aggregates without names, in one statement: active mentors with no contact on or after
    `since` ("follow_up") and those without recent mentor training ("untrained"), each per
    current college and per vocational field (a mentor in two fields counts in both;
    "by_field" has those without one as None)."""
    # The latest contact of each from MentorLastContact, a join, as in mentors_to_follow_up.
    silent = Q(latest_contact__isnull=True) | Q(latest_contact__day__lt=since)
    untrained = ~trained_q(today)
    mentors = Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE).filter(
        silent | untrained
    )
    tallies = {"silent": Count("id", filter=silent), "untrained": Count("id", filter=untrained)}
    # Each table's columns as the caller reads them, and as the combined statement names them.
    groups = {
        "by_college": {"college__name": "name", "college__country__name": "country"},
        "by_field": {"fields__name": "name", "fields__is_shortage": "shortage"},
    }
    translated = {"fields__name": localized("fields__name")}  # colleges' names are not
    rows = read_together(
        {
            table: Part(
                mentors,
                {named: translated.get(path, path) for path, named in columns.items()} | tallies,
            )
            for table, columns in groups.items()
        },
        {
            "name": CharField(),
            "country": CharField(),
            "shortage": BooleanField(),
            "silent": IntegerField(),
            "untrained": IntegerField(),
        },
    )
    counts = {"follow_up": {}, "untrained": {}}
    for table, columns in groups.items():
        first = next(iter(columns))
        for figure, tally in (("follow_up", "silent"), ("untrained", "untrained")):
            counts[figure][table] = sorted(
                (
                    {**{path: row[named] for path, named in columns.items()}, "count": row[tally]}
                    for row in rows[table]
                    if row[tally]
                ),
                key=lambda row, name=first: (-row["count"], row[name] is None, row[name] or ""),
            )
    return counts


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


@dataclass(frozen=True)
class MentorsToFollowUp:
    """The first `limit` of each list, and how many each has in all."""

    silent: list[Mentor]  # no contact since the day given, longest silent first
    silent_count: int
    untrained: list[Mentor]  # never trained or not in 24 months, longest untrained first
    untrained_count: int
    silent_ids: list[int] | None = None  # every silent one's, by id (when asked for)


def mentors_to_follow_up(
    *, since: datetime.date, today: datetime.date, limit: int, every_silent_id=False, **scope
) -> MentorsToFollowUp:
    """Active mentors with no contact on or after `since` and those without recent training:
    the first `limit` of each (with user and college) and their numbers, in two queries (each
    list ranked and counted by a window over the mentors in it); with `every_silent_id`, also
    every silent mentor's id (the ranking then returns every silent mentor's row). The latest contact of each
    is read from MentorLastContact, a join, not a lookup in the contacts per mentor."""
    silent = Q(latest_contact__isnull=True) | Q(latest_contact__day__lt=since)
    untrained = Q(trained_on__isnull=True) | Q(trained_on__lt=training_cutoff(today))
    flag = {"output_field": BooleanField()}
    in_list = {
        "is_silent": (F("last_contact").asc(nulls_first=True), "user__last_name", "id"),
        "is_untrained": (F("trained_on").asc(nulls_first=True), "user__last_name", "id"),
    }
    windows = {
        **{
            f"{name}_rank": Window(RowNumber(), partition_by=[F(name)], order_by=order)
            for name, order in in_list.items()
        },
        **{f"{name}_count": Window(Count("pk"), partition_by=[F(name)]) for name in in_list},
    }
    # Ranked on the few columns the order needs, then the listed mentors read with their user
    # and college: ranking the whole rows sorted 18,000 wide rows on disk (EU scale: 180 ms
    # against 87 ms).
    ranks = list(
        Mentor.objects.filter(_mentor_scope(**scope), status=Mentor.Status.ACTIVE)
        .filter(silent | untrained)
        .annotate(
            is_silent=ExpressionWrapper(silent, **flag),
            is_untrained=ExpressionWrapper(untrained, **flag),
            last_contact=F("latest_contact__day"),
        )
        .annotate(**windows)
        .filter(
            (Q(is_silent=True) if every_silent_id else Q(is_silent=True, is_silent_rank__lte=limit))
            | Q(is_untrained=True, is_untrained_rank__lte=limit)
        )
        .values("pk", "is_silent", "is_untrained", "last_contact", *windows)
    )
    silent_ids = sorted(row["pk"] for row in ranks if row["is_silent"]) if every_silent_id else None
    ranks = [
        row
        for row in ranks
        if (row["is_silent"] and row["is_silent_rank"] <= limit)
        or (row["is_untrained"] and row["is_untrained_rank"] <= limit)
    ]
    listed = Mentor.objects.select_related("user", "college").in_bulk([row["pk"] for row in ranks])
    mentors = []
    for row in ranks:
        mentor = listed[row.pop("pk")]
        for name, value in row.items():
            setattr(mentor, name, value)
        mentors.append(mentor)

    def ranked(name: str) -> tuple[list[Mentor], int]:
        rows = sorted(
            (mentor for mentor in mentors if getattr(mentor, name)),
            key=lambda mentor: getattr(mentor, f"{name}_rank"),
        )
        return rows, getattr(rows[0], f"{name}_count") if rows else 0

    silent_rows, silent_count = ranked("is_silent")
    untrained_rows, untrained_count = ranked("is_untrained")
    return MentorsToFollowUp(
        silent_rows, silent_count, untrained_rows, untrained_count, silent_ids=silent_ids
    )


def mentors_and_their_group_contacts(
    *,
    start: datetime.date,
    end: datetime.date,
    mentor_ids: Sequence[int],
    college_ids: Sequence[int] | None = None,
) -> QuerySet:
    """The mentors (name, current college) with their contacts in the period at `college_ids`
    (None: any college) per VTE group, in one query: a row per mentor and group (`weight`:
    contacts), the row without a group for the other contacts, or for a mentor without any.
    (A country scope: the caller passes the country's colleges; the mentors were chosen
    within the field scope, so it needs no second look.)"""
    # The mentors again in the join's condition: the contacts are then read by mentor, not
    # the whole period's.
    in_scope = Q(contacts__mentor_id__in=mentor_ids, contacts__date__range=(start, end))
    if college_ids is not None:
        in_scope &= Q(contacts__college_id__in=college_ids)
    return (
        Mentor.objects.filter(pk__in=mentor_ids)
        .annotate(group_contacts=FilteredRelation("contacts", condition=in_scope))
        .values(
            "id",
            "user__first_name",
            "user__last_name",
            "college_id",
            "college__name",
            "group_contacts__vte_group_id",
            "group_contacts__vte_group__name",
            "group_contacts__vte_group__term",
        )
        .annotate(weight=Count("group_contacts__date"))
        .order_by("id", "group_contacts__vte_group_id")
    )
