"""The one-scan contact breakdown behind the dashboard and the network-activity report."""

import datetime

import pytest

from colleges.selectors import college_catalogue
from mentors.selectors.contact_figures import contact_breakdown
from tests.factories import (
    ContactFactory,
    CountryFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
)

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


@pytest.fixture
def network():
    first, second = MentorTaskFactory(number=1), MentorTaskFactory(number=2)
    own = PartnerCollegeFactory(name="Own")
    other = PartnerCollegeFactory(name="Other", country=CountryFactory(code="SE", name="Sweden"))
    for college, task, day in [
        (own, first, datetime.date(2026, 1, 5)),
        (own, second, datetime.date(2026, 1, 20)),
        (own, second, datetime.date(2026, 2, 2)),
        (other, second, datetime.date(2026, 2, 3)),
        (other, first, datetime.date(2025, 12, 31)),  # before the period
    ]:
        ContactFactory(mentor=MentorFactory(college=college), task=task, date=day)
    return {"own": own, "other": other}


def test_the_whole_network_by_month_task_college_and_country(network):
    result = contact_breakdown(start=START, end=END)

    assert result.total == 4
    assert [(row["month"], row["task__number"], row["count"]) for row in result.per_month] == [
        (datetime.date(2026, 1, 1), 1, 1),
        (datetime.date(2026, 1, 1), 2, 1),
        (datetime.date(2026, 2, 1), 2, 2),
    ]
    assert [(row["task__number"], row["count"]) for row in result.per_task] == [(2, 3), (1, 1)]
    assert [(row["bucket_name"], row["count"]) for row in result.by_college] == [
        ("Own", 3),
        ("Other", 1),
    ]
    assert {row["college__country__code"]: row["count"] for row in result.by_country} == {
        "FI": 3,
        "SE": 1,
    }


def test_a_college_coordinators_view_narrows_totals_and_folds_the_other_colleges(network):
    own = (network["own"].pk,)

    result = contact_breakdown(start=START, end=END, college_ids=own, visible_college_ids=own)

    assert result.total == 3
    assert [(row["task__number"], row["count"]) for row in result.per_task] == [(2, 2), (1, 1)]
    assert [(row["bucket"], row["bucket_name"], row["count"]) for row in result.by_college] == [
        (network["own"].pk, "Own", 3),
        (0, "", 1),
    ]
    assert [row["college__country__code"] for row in result.by_country] == ["FI"]


def test_a_college_missing_from_the_catalogue_is_counted_unnamed(network):
    catalogue = college_catalogue()
    del catalogue[network["other"].pk]

    result = contact_breakdown(start=START, end=END, catalogue=catalogue)

    assert (network["other"].pk, "", 1) in [
        (row["bucket"], row["bucket_name"], row["count"]) for row in result.by_college
    ]
    assert result.total == 4
