import datetime
import json

import pytest
from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from colleges.permissions import coordinated_college_ids
from portal.api import views
from portal.dashboard import today as today_parts
from tests.factories import (
    ContactFactory,
    CountryFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/network-activity/"
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}


@pytest.fixture
def network(college):
    task = MentorTaskFactory(number=1)  # "Contact person & recruitment", from the migrations
    sweden = PartnerCollegeFactory(country=CountryFactory(code="SE", name="Sweden"))
    ContactFactory(mentor=MentorFactory(college=college), date=datetime.date(2026, 2, 3), task=task)
    ContactFactory(mentor=MentorFactory(college=college), date=datetime.date(2026, 3, 3), task=task)
    ContactFactory(mentor=MentorFactory(college=sweden), date=datetime.date(2026, 3, 9), task=task)
    ContactFactory(mentor=MentorFactory(college=sweden), date=datetime.date(2025, 3, 9), task=task)
    return {"college": college, "sweden": sweden}


@pytest.mark.parametrize("who", ["coordinator", "steering"])
def test_network_activity_by_month_task_college_and_country(api_as, request, who, network):
    body = api_as(request.getfixturevalue(who)).get(URL, PERIOD).json()
    assert body["scope"] == "network"
    assert body["total"] == 3
    assert [(row["month"], row["count"]) for row in body["by_month"]] == [
        ("2026-02-01", 1),
        ("2026-03-01", 2),
    ]
    assert body["by_task"] == [
        {"task_number": 1, "task_name": "Contact person & recruitment", "count": 3}
    ]
    assert {row["college"]: row["count"] for row in body["by_college"]} == {
        network["college"].pk: 2,
        network["sweden"].pk: 1,
    }
    assert {row["country_code"]: row["count"] for row in body["by_country"]} == {"FI": 2, "SE": 1}


def test_college_coordinator_sees_own_colleges_and_others_as_one_row(
    api_as, college_coordinator, network
):
    body = api_as(college_coordinator).get(URL, PERIOD).json()
    assert body["scope"] == "colleges"
    assert body["total"] == 2
    assert {row["college"]: row["count"] for row in body["by_college"]} == {
        network["college"].pk: 2,
        None: 1,
    }
    assert [row["country_code"] for row in body["by_country"]] == ["FI"]


@pytest.mark.parametrize("who", ["teacher_educator"])
def test_teacher_educators_may_not_read_reports(api_as, request, who):
    assert api_as(request.getfixturevalue(who)).get(URL).status_code == 403


def test_mentor_token_may_not_read_reports(token_client, mentor):
    assert token_client(mentor.user, can_write=False).get(URL).status_code == 403


@pytest.mark.parametrize(
    "params,field",
    [
        ({"from": "2026-06-01", "to": "2026-01-01"}, "to"),
        ({"from": "last year"}, "from"),
        ({"from": "2000-01-01", "to": "2026-01-01"}, "from"),
    ],
)
def test_bad_period_is_400_naming_the_parameter(api_as, coordinator, params, field):
    response = api_as(coordinator).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_default_period_is_the_last_365_days(api_as, coordinator):
    body = api_as(coordinator).get(URL).json()
    start = datetime.date.fromisoformat(body["from"])
    end = datetime.date.fromisoformat(body["to"])
    assert (end - start).days == 364


def test_a_new_contact_counts_at_once_although_the_report_is_cached(
    api_as, coordinator, network, django_assert_max_num_queries
):
    client = api_as(coordinator)
    assert client.get(URL, PERIOD).json()["total"] == 3
    with django_assert_max_num_queries(3):  # session, user, roles: the figures come from the cache
        assert client.get(URL, PERIOD).json()["total"] == 3

    ContactFactory(mentor=MentorFactory(college=network["sweden"]), date=datetime.date(2026, 4, 1))

    body = client.get(URL, PERIOD).json()
    assert body["total"] == 4
    assert {row["country_code"]: row["count"] for row in body["by_country"]} == {"FI": 2, "SE": 2}


@pytest.mark.parametrize(
    "query", [{"to": "0001-01-01"}, {"from": "9999-12-01", "to": "9999-12-31"}]
)
def test_dates_outside_the_portals_years_are_400_not_a_server_error(api_as, coordinator, query):
    response = api_as(coordinator).get(URL, query)
    assert response.status_code == 400
    assert "between the years" in str(response.json())


@pytest.mark.parametrize("who", ["coordinator", "college_coordinator"])
def test_the_rows_are_written_as_rest_framework_writes_them(api_as, request, who, network):
    """The rows' serializers write each value by its field as REST framework's own
    to_representation does (leadvet.api.serializers.RowSerializer), the folded row's null
    college and the months' dates included; the answer, kept as written, is the same on a
    warm read."""
    user = request.getfixturevalue(who)
    client = api_as(user)
    body = client.get(URL, PERIOD).json()
    data = views._network_activity(
        datetime.date(2026, 1, 1),
        datetime.date(2026, 6, 30),
        None if who == "coordinator" else tuple(sorted(coordinated_college_ids(user))),
        keep=today_parts.built,
    )
    rows = {
        "by_month": views.MonthTaskCountSerializer,
        "by_task": views.TaskCountSerializer,
        "by_college": views.CollegeCountSerializer,
        "by_country": views.CountryCountSerializer,
    }
    for name, serializer in rows.items():
        expected = [
            dict(serializers.Serializer.to_representation(serializer(), row)) for row in data[name]
        ]
        assert body[name] == json.loads(json.dumps(expected, cls=JSONEncoder)), name
        assert serializer(data[name], many=True).data == expected, name
    assert client.get(URL, PERIOD).json() == body
