"""The coordinators' availability overview and read-only contact log, scoped by college."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadvet import roles
from tests.downloads import csv_rows
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    college_coordinator_for,
    user_with_role,
)

OVERVIEW = reverse("mentors:availability_overview")
LOG = reverse("mentors:college_contact_list")
EXPORT = reverse("mentors:college_contact_export")


def _named(mentor, first_name, last_name):
    mentor.user.first_name, mentor.user.last_name = first_name, last_name
    mentor.user.save(update_fields=["first_name", "last_name"])
    return mentor


@pytest.fixture
def own_college(db):
    return PartnerCollegeFactory(name="Own College")


@pytest.fixture
def other_college(db):
    return PartnerCollegeFactory(name="Other College")


@pytest.fixture
def college_coordinator(own_college):
    return college_coordinator_for(own_college, email="cc@example.org")


@pytest.fixture
def own_mentor(own_college):
    return _named(MentorFactory(college=own_college), "Olga", "Own")


@pytest.fixture
def outside_mentor(other_college):
    return _named(MentorFactory(college=other_college), "Otto", "Outside")


def _body(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("url", [OVERVIEW, LOG, EXPORT])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("url", [OVERVIEW, LOG, EXPORT])
@pytest.mark.parametrize("role", [roles.MENTOR, roles.TEACHER_EDUCATOR, roles.STEERING])
def test_other_roles_are_refused(db, client, url, role):
    client.force_login(user_with_role(role))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [OVERVIEW, LOG])
def test_post_is_not_allowed(client, coordinator, url):
    client.force_login(coordinator)
    assert client.post(url).status_code == 405


def test_college_coordinator_sees_only_their_colleges_mentors_availability(
    client, college_coordinator, own_mentor, outside_mentor
):
    AvailabilityFactory(mentor=own_mentor, hours_per_month=6)
    AvailabilityFactory(mentor=outside_mentor, hours_per_month=9)
    client.force_login(college_coordinator)
    body = _body(client.get(OVERVIEW))
    assert "Olga" in body and "6 h/month" in body
    assert "Otto" not in body and "9 h/month" not in body


def test_network_coordinator_sees_every_college_and_can_filter_by_college(
    client, coordinator, own_mentor, outside_mentor
):
    client.force_login(coordinator)
    body = _body(client.get(OVERVIEW))
    assert "Olga" in body and "Otto" in body
    filtered = _body(client.get(OVERVIEW, {"college": outside_mentor.college_id}))
    assert "Otto" in filtered and "Olga" not in filtered


def test_overview_shows_now_next_and_away(client, coordinator, own_mentor):
    today = timezone.localdate()
    AvailabilityFactory(
        mentor=own_mentor,
        starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=5),
        hours_per_month=3,
        mode="remote",
    )
    AvailabilityFactory(
        mentor=own_mentor,
        starts_on=today + datetime.timedelta(days=6),
        ends_on=today + datetime.timedelta(days=60),
        hours_per_month=12,
        mode="onsite",
    )
    AvailabilityFactory(
        mentor=own_mentor,
        kind="away",
        starts_on=today + datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=30),
        note="Parental leave",
    )
    client.force_login(coordinator)
    response = client.get(OVERVIEW)
    (row,) = response.context["rows"]
    assert (row.now.hours_per_month, row.next.hours_per_month) == (3, 12)
    assert row.away.note == "Parental leave"
    body = _body(response)
    assert "3 h/month" in body and "Remote" in body and "Parental leave" in body


def test_college_coordinator_asking_for_another_college_gets_404(
    client, college_coordinator, other_college
):
    client.force_login(college_coordinator)
    assert client.get(OVERVIEW, {"college": other_college.pk}).status_code == 404
    assert client.get(LOG, {"college": other_college.pk}).status_code == 404


def test_college_coordinator_asking_for_another_colleges_mentor_gets_404(
    client, college_coordinator, outside_mentor
):
    client.force_login(college_coordinator)
    assert client.get(LOG, {"mentor": outside_mentor.pk}).status_code == 404
    assert client.get(EXPORT, {"mentor": outside_mentor.pk}).status_code == 404


def test_unknown_mentor_id_is_404_for_the_network_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.get(LOG, {"mentor": 999999}).status_code == 404
    assert client.get(LOG, {"mentor": "abc"}).status_code == 404


def test_overview_query_count_does_not_grow_with_mentors(
    client, coordinator, own_college, django_assert_num_queries
):
    task = MentorTaskFactory()

    def add_mentor():
        mentor = MentorFactory(college=own_college)
        AvailabilityFactory(mentor=mentor).tasks.add(task)
        AvailabilityFactory(mentor=mentor, kind="away")

    add_mentor()
    client.force_login(coordinator)
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as first:
        client.get(OVERVIEW)
    for _ in range(4):
        add_mentor()
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(OVERVIEW)
    assert len(response.context["rows"]) == 5


def test_college_coordinator_log_lists_only_their_colleges_contacts(
    client, college_coordinator, own_mentor, outside_mentor
):
    ContactFactory(mentor=own_mentor, summary="own visit")
    ContactFactory(mentor=outside_mentor, summary="outside visit")
    client.force_login(college_coordinator)
    response = client.get(LOG)
    assert [c.mentor for c in response.context["page_obj"]] == [own_mentor]


def test_network_coordinator_log_lists_every_contact(
    client, coordinator, own_mentor, outside_mentor
):
    ContactFactory(mentor=own_mentor)
    ContactFactory(mentor=outside_mentor)
    client.force_login(coordinator)
    assert client.get(LOG).context["page_obj"].paginator.count == 2


def test_log_filters_by_mentor_and_task(client, college_coordinator, own_college, own_mentor):
    second = MentorFactory(college=own_college)
    wanted = ContactFactory(mentor=own_mentor)
    ContactFactory(mentor=own_mentor, task=ContactFactory(mentor=second).task)
    client.force_login(college_coordinator)
    by_mentor = client.get(LOG, {"mentor": own_mentor.pk}).context["page_obj"]
    assert {c.mentor for c in by_mentor} == {own_mentor}
    by_task = client.get(LOG, {"task": wanted.task_id}).context["page_obj"]
    assert [c.pk for c in by_task] == [wanted.pk]


def test_log_is_paginated_with_25_rows(client, coordinator, own_mentor):
    for _ in range(26):
        ContactFactory(mentor=own_mentor)
    client.force_login(coordinator)
    response = client.get(LOG)
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].has_next()


def test_log_query_count_does_not_grow_with_contacts(
    client, coordinator, own_mentor, outside_mentor, django_assert_num_queries
):
    ContactFactory(mentor=own_mentor)
    client.force_login(coordinator)
    client.get(LOG)
    with CaptureQueriesContext(connection) as first:
        client.get(LOG)
    for _ in range(5):
        ContactFactory(mentor=outside_mentor)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(LOG)


def test_export_has_the_mentor_column_and_only_scoped_contacts(
    client, college_coordinator, own_mentor, outside_mentor
):
    ContactFactory(mentor=own_mentor, summary="=SUM(A1)")
    ContactFactory(mentor=outside_mentor)
    client.force_login(college_coordinator)
    response = client.get(EXPORT)
    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows[0][0] == "Mentor"
    assert len(rows) == 2
    assert rows[1][0] == own_mentor.name
    assert rows[1][-1] == "'=SUM(A1)"


def test_college_coordinator_may_open_their_colleges_contact(
    client, college_coordinator, own_mentor, outside_mentor
):
    own = ContactFactory(mentor=own_mentor)
    outside = ContactFactory(mentor=outside_mentor)
    client.force_login(college_coordinator)
    assert client.get(reverse("mentors:contact_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("mentors:contact_detail", args=[outside.pk])).status_code == 404


def test_navigation_offers_the_pages_to_college_coordinators(client, college_coordinator):
    client.force_login(college_coordinator)
    body = _body(client.get(reverse("home")))
    assert OVERVIEW in body and LOG in body


def test_a_log_longer_than_the_cap_lists_the_newest_and_says_filters_narrow_it(
    client, coordinator, own_mentor, monkeypatch
):
    monkeypatch.setattr("leadvet.lib.pagination.LIST_CAP", 30)
    today = timezone.localdate()
    ContactFactory.create_batch(31, mentor=own_mentor, date=today - datetime.timedelta(days=5))
    newest = ContactFactory(mentor=own_mentor, date=today)
    client.force_login(coordinator)

    first = client.get(LOG)
    last = client.get(LOG, {"page": 99})

    assert first.context["page_obj"].paginator.count == 30
    assert "More than 30 contacts: the newest 30 are listed." in _body(first)
    assert first.context["page_obj"][0] == newest
    # Past the cap, the last page offered is the one that ends at the cap.
    assert last.context["page_obj"].number == 2
    assert last.context["page_obj"].end_index() == 30


def test_a_log_within_the_cap_counts_every_contact(client, coordinator, own_mentor, monkeypatch):
    monkeypatch.setattr("leadvet.lib.pagination.LIST_CAP", 30)
    ContactFactory.create_batch(30, mentor=own_mentor)
    client.force_login(coordinator)

    response = client.get(LOG)

    assert response.context["page_obj"].paginator.count == 30
    assert "30 contacts" in _body(response)
    assert "More than" not in _body(response)
