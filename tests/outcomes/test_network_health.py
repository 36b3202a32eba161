"""Network health per college: sortable rows; the figures behind a row for coordinators only."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ContactFactory,
    MentorFactory,
    PartnerCollegeFactory,
    StudentOutcomeFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleges():
    busy = PartnerCollegeFactory(name="Busy college")
    quiet = PartnerCollegeFactory(name="Quiet college")
    busy_mentor, quiet_mentor = MentorFactory(college=busy), MentorFactory(college=quiet)
    today = timezone.localdate()
    for _index in range(3):
        ContactFactory(mentor=busy_mentor, date=today, duration_minutes=60)
    ContactFactory(mentor=quiet_mentor, date=today, duration_minutes=30)
    for _index in range(2):
        StudentOutcomeFactory(college=quiet, date=today)
    return busy, quiet


def period() -> dict:
    today = timezone.localdate()
    return {
        "period": "custom",
        "date_from": (today - datetime.timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
    }


def college_order(response) -> list[str]:
    return [str(row["cells"][0]) for row in response.context["rows"]]


def test_rows_sort_by_any_column(client, coordinator, colleges):
    client.force_login(coordinator)
    url = reverse("network_health")
    by_outcomes = client.get(url, period())
    assert college_order(by_outcomes) == ["Quiet college", "Busy college"]
    by_contacts = client.get(url, {**period(), "sort": "contacts", "dir": "desc"})
    assert college_order(by_contacts) == ["Busy college", "Quiet college"]
    by_name = client.get(url, {**period(), "sort": "college", "dir": "asc"})
    assert college_order(by_name) == ["Busy college", "Quiet college"]
    unknown = client.get(url, {**period(), "sort": "nonsense"})
    assert unknown.status_code == 200 and unknown.context["sort"] == "outcomes"


def test_coordinators_click_through_steering_sees_aggregates_only(
    client, coordinator, steering, colleges
):
    busy, quiet = colleges
    detail = reverse("college_health", args=[busy.pk])
    client.force_login(coordinator)
    assert detail.encode() in client.get(reverse("network_health"), period()).content
    page = client.get(detail, period())
    assert page.status_code == 200

    client.force_login(steering)
    response = client.get(reverse("network_health"), period())
    assert detail.encode() not in response.content
    # Two hires at one college are fewer than the threshold: not shown to the steering group.
    quiet_row = next(r for r in response.context["rows"] if r["cells"][0] == "Quiet college")
    assert quiet_row["cells"][5] == "fewer than 5"
    assert client.get(detail).status_code == 403


def test_college_coordinator_opens_only_their_own_college(client, colleges):
    busy, quiet = colleges
    client.force_login(college_coordinator_for(busy))
    assert client.get(reverse("college_health", args=[busy.pk])).status_code == 200
    assert client.get(reverse("college_health", args=[quiet.pk])).status_code == 403
    assert client.get(reverse("college_health", args=[999999])).status_code == 404


def test_health_page_query_count_does_not_grow(
    client, coordinator, colleges, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    # Each page read cold: with more rows, not with fewer of its parts kept.
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("network_health"), period())
    for index in range(4):
        college = PartnerCollegeFactory(name=f"College {index}")
        ContactFactory(mentor=MentorFactory(college=college))
        StudentOutcomeFactory(college=college)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("network_health"), period())
    busy = colleges[0]
    cache.clear()
    with CaptureQueriesContext(connection) as detail:
        client.get(reverse("college_health", args=[busy.pk]), period())
    for _index in range(4):
        StudentOutcomeFactory(college=busy)
    cache.clear()
    with django_assert_num_queries(len(detail.captured_queries)):
        client.get(reverse("college_health", args=[busy.pk]), period())
