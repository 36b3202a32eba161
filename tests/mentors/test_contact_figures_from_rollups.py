"""The contact figures read from the rollups are the figures of the contacts themselves.

For random contact logs, periods (whole months, cut months, a single day) and scopes (network,
colleges, a coordinator's colleges, a country, a vocational field), every contact figure the
dashboard, the report and the API show is compared with the same figure counted here, in
Python, from the contacts: the counts of the windows and periods, the outcomes, the mentors
with contacts and in VTE sessions, the most active mentors, and the breakdown by month, task,
college and country.
"""

import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from colleges.selectors import college_catalogue
from mentors.models import Contact, MentorTask
from mentors.selectors import contact_figures, period_covers
from mentors.selectors.figures import fold_by_college, sum_by_country
from outcomes.selectors.figures import figure_rows
from portal.dashboard.periods import Period
from tests.factories import (
    CountryFactory,
    MentorFactory,
    PartnerCollegeFactory,
    VocationalFieldFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WINDOWS = (30, 90, 365)
FLAGS = ("placement", "recruitment_lead", "curriculum_input", "wellbeing_insight")

drawn_contact = st.fixed_dictionaries(
    {
        "mentor": st.integers(0, 3),
        "college": st.integers(0, 2),  # the college of the contact's day, not the current one
        "days_ago": st.integers(0, 800),
        "task": st.sampled_from([1, 3, 4]),
        "kind": st.sampled_from(["teacher_student", "vte_group"]),
        "flags": st.sets(st.sampled_from(FLAGS), max_size=2),
        "minutes": st.integers(0, 240),
    }
)
drawn_period = st.tuples(st.integers(0, 400), st.integers(0, 200)).map(
    lambda pair: Period.between(
        TODAY - datetime.timedelta(days=pair[0] + pair[1]), TODAY - datetime.timedelta(days=pair[0])
    )
)
whole_months = st.integers(1, 14).map(
    lambda back: Period.between(
        (TODAY.replace(day=1) - datetime.timedelta(days=31 * back)).replace(day=1),
        TODAY.replace(day=1) - datetime.timedelta(days=1),
    )
)
drawn_scope = st.fixed_dictionaries(
    {
        "colleges": st.sampled_from([None, (0,), (0, 1), ()]),
        "country": st.booleans(),
        "field": st.booleans(),
    }
)


def build(contacts: list[dict]) -> dict:
    finland, sweden = CountryFactory(code="FI"), CountryFactory(code="SE", name="Sweden")
    colleges = [
        PartnerCollegeFactory(country=finland),
        PartnerCollegeFactory(country=sweden),
        PartnerCollegeFactory(country=finland),
    ]
    fields = [VocationalFieldFactory(), VocationalFieldFactory()]
    mentors = [MentorFactory(college=colleges[index % 3]) for index in range(4)]
    mentors[0].fields.add(fields[0])
    mentors[1].fields.add(fields[0], fields[1])
    mentors[2].fields.add(fields[1])
    tasks = {task.number: task for task in MentorTask.objects.filter(number__in=[1, 3, 4])}
    Contact.objects.bulk_create(
        [
            Contact(
                mentor=mentors[row["mentor"]],
                college=colleges[row["college"]],
                date=TODAY - datetime.timedelta(days=row["days_ago"]),
                task=tasks[row["task"]],
                counterpart_kind=row["kind"],
                channel="video",
                duration_minutes=row.get("minutes", 30),
                **{flag: flag in row["flags"] for flag in FLAGS},
            )
            for row in contacts
        ]
    )
    return {"colleges": colleges, "fields": fields, "country": finland}


def scope_of(drawn: dict, network: dict) -> dict:
    colleges = drawn["colleges"]
    return {
        "college_ids": None
        if colleges is None
        else tuple(network["colleges"][index].pk for index in colleges),
        "country_id": network["country"].pk if drawn["country"] else None,
        "field_id": network["fields"][0].pk if drawn["field"] else None,
    }


def contacts_in(scope: dict) -> list[dict]:
    """The contacts in the scope, as dicts, counted here without the rollups."""
    rows = Contact.objects.values(
        "date",
        "college_id",
        "college__country_id",
        "task__number",
        "task__name",
        "mentor_id",
        "counterpart_kind",
        "duration_minutes",
        *FLAGS,
    )
    fields = {}
    if scope["field_id"]:
        from mentors.models import Mentor

        fields = set(
            Mentor.fields.through.objects.filter(vocationalfield_id=scope["field_id"]).values_list(
                "mentor_id", flat=True
            )
        )
    return [
        row
        for row in rows
        if (scope["college_ids"] is None or row["college_id"] in scope["college_ids"])
        and (not scope["country_id"] or row["college__country_id"] == scope["country_id"])
        and (not scope["field_id"] or row["mentor_id"] in fields)
    ]


def between(rows, start, end):
    return [row for row in rows if start <= row["date"] <= end]


def expected_counts(rows: list[dict], period: Period) -> dict:
    counts = {}
    for days in WINDOWS:
        back = TODAY - datetime.timedelta(days=days)
        counts[f"last_{days}"] = len([r for r in rows if back < r["date"] <= TODAY])
        counts[f"previous_{days}"] = len(
            [r for r in rows if back - datetime.timedelta(days=days) < r["date"] <= back]
        )
    in_period = between(rows, period.start, period.end)
    counts["period"] = len(in_period)
    counts["previous_period"] = len(between(rows, period.previous_start, period.previous_end))
    for flag in FLAGS:
        counts[flag] = len([row for row in in_period if row[flag]])
    return counts


def check(contacts: list[dict], period: Period, drawn: dict, limit: int) -> None:
    network = build(contacts)
    scope = scope_of(drawn, network)
    rows = contacts_in(scope)
    in_period = between(rows, period.start, period.end)

    period_arguments = {
        "today": TODAY,
        "windows": WINDOWS,
        "start": period.start,
        "end": period.end,
        "previous_start": period.previous_start,
        "previous_end": period.previous_end,
        **scope,
    }
    assert contact_figures.contact_period_counts(**period_arguments) == expected_counts(
        rows, period
    )
    # Split at a day (today's, as the dashboard splits them, or the period's second), and
    # from a day on: the counts of the rows of those days.
    for day in (TODAY, period.start + datetime.timedelta(days=1)):
        before = [row for row in rows if row["date"] < day]
        since = [row for row in rows if row["date"] >= day]
        assert contact_figures.contact_period_counts(**period_arguments, split_at=day) == (
            expected_counts(before, period),
            expected_counts(since, period),
        )
        assert contact_figures.contact_period_counts(
            **period_arguments, since=day
        ) == expected_counts(since, period)

    mentors = contact_figures.mentor_contact_figures(
        start=period.start, end=period.end, limit=limit, **scope
    )
    per_mentor = Counter(row["mentor_id"] for row in in_period)
    in_sessions = {
        row["mentor_id"]
        for row in in_period
        if row["task__number"] == 4 or row["counterpart_kind"] == "vte_group"
    }
    assert (mentors.with_contacts, mentors.in_vte_sessions) == (len(per_mentor), len(in_sessions))
    ranked = sorted(per_mentor.items(), key=lambda item: (-item[1], item[0]))[:limit]
    assert [(row["id"], row["contacts_in_period"]) for row in mentors.most_active] == ranked

    # The breakdown of the dashboard (a coordinator's colleges among all, the rest folded).
    catalogue = college_catalogue()
    compare = {**scope, "college_ids": None}
    breakdown = contact_figures.contact_breakdown(
        start=period.start,
        end=period.end,
        **scope,
        compare_college_ids=None,
        visible_college_ids=scope["college_ids"],
        catalogue=catalogue,
    )
    compared = between(contacts_in(compare), period.start, period.end)
    tasks = Counter((row["task__number"], row["task__name"]) for row in in_period)
    months = Counter(
        (row["date"].replace(day=1), row["task__number"], row["task__name"]) for row in in_period
    )
    assert breakdown.total == len(in_period)
    assert [(r["task__number"], r["count"]) for r in breakdown.per_task] == sorted(
        ((task[0], count) for task, count in tasks.items()), key=lambda item: (-item[1], item[0])
    )
    assert [(r["month"], r["task__number"], r["count"]) for r in breakdown.per_month] == sorted(
        (month, number, count) for (month, number, _name), count in months.items()
    )
    assert breakdown.by_college == fold_by_college(
        Counter(row["college_id"] for row in compared), catalogue, scope["college_ids"]
    )
    assert breakdown.by_country == sum_by_country(
        Counter(row["college_id"] for row in in_period), catalogue, None
    )

    # The contact minutes of the outcome figures per college, task and month (no field: the
    # contacts count for their college), this period's and the previous one's.
    moment = datetime.datetime.combine(period.start, datetime.time(), tzinfo=datetime.UTC)
    rows = figure_rows(
        start=period.start,
        end=period.end,
        previous_start=period.previous_start,
        start_at=moment,
        end_at=moment,
        college_ids=scope["college_ids"],
        country_id=scope["country_id"],
    )
    counted = between(contacts_in({**scope, "field_id": None}), period.previous_start, period.end)
    for grouping, read_key, contact_key in (
        ("college", "college", lambda row: row["college_id"]),
        ("task", "task_number", lambda row: row["task__number"]),
        ("month", "month", lambda row: row["date"].replace(day=1)),
    ):
        read, recounted = Counter(), Counter()
        for row in rows[f"contact_minutes_by_{grouping}"]:
            read[(row[read_key], row["current"], "minutes")] += row["minutes"]
            read[(row[read_key], row["current"], "count")] += row["count"]
        for row in counted:
            key = (contact_key(row), row["date"] >= period.start)
            recounted[(*key, "minutes")] += row["duration_minutes"]
            recounted[(*key, "count")] += 1
        assert +read == +recounted, grouping


@settings(max_examples=40, derandomize=True)
@given(
    st.lists(drawn_contact, max_size=25),
    st.one_of(drawn_period, whole_months),
    drawn_scope,
    st.integers(1, 3),
)
def test_the_figures_from_the_rollups_are_the_figures_of_the_contacts(
    contacts, period, scope, limit
):
    with transaction.atomic():
        check(contacts, period, scope, limit)
        transaction.set_rollback(True)


def test_a_period_in_whole_months_and_one_cut_at_both_ends_agree_with_the_contacts():
    """Not vacuous: contacts in the period and on both sides of its edges, counted."""
    contacts = [
        {
            "mentor": m,
            "college": m % 3,
            "days_ago": days,
            "task": 4,
            "kind": "teacher_student",
            "flags": {"placement"},
        }
        for m in range(4)
        for days in (0, 20, 40, 70, 120, 380, 700)
    ]
    last_365_days = Period.between(TODAY - datetime.timedelta(days=364), TODAY)
    two_years = Period.between(
        TODAY - datetime.timedelta(days=730), TODAY - datetime.timedelta(days=1)
    )
    for period in (last_365_days, two_years):  # each reads a year of the year rollup
        cover = period_covers.month_cover(period.start, period.end, today=TODAY)
        assert period_covers.year_cover(*cover.months, today=TODAY).years
    for period in (
        Period.between(TODAY - datetime.timedelta(days=100), TODAY),
        Period.between(
            (TODAY.replace(day=1) - datetime.timedelta(days=95)).replace(day=1),
            TODAY.replace(day=1) - datetime.timedelta(days=1),
        ),
        last_365_days,
        two_years,
    ):
        with transaction.atomic():
            check(contacts, period, {"colleges": None, "country": False, "field": False}, 2)
            assert (
                contact_figures.mentor_contact_figures(
                    start=period.start, end=period.end, limit=2
                ).with_contacts
                == 4
            )
            transaction.set_rollback(True)
