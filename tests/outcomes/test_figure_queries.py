"""The outcome figures' queries: four for every figure whatever the data, on the dashboard's
outcomes page and in the steering report, so that they cannot creep back (issue 24: the
report's budget is 20 queries with the cache empty)."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from colleges.models import VocationalField
from events import services
from mentors.models import Mentor, MentorTask
from outcomes.models import ContactFeedback, CurriculumProposal, EventFeedback, StudentOutcome
from portal.dashboard import impact
from portal.dashboard.periods import Filters, Period
from tests.factories import (
    ContactFactory,
    ContactRequestFactory,
    DeliverableFactory,
    EventFactory,
    ObjectiveFactory,
    RegistrationFactory,
    StudentOutcomeFactory,
)
from tests.outcomes.test_figures import TODAY, build, period_query

pytestmark = pytest.mark.django_db

# One statement for every grouped count, the curriculum changes, the objectives, the
# deliverables.
IMPACT_QUERIES = 4
# Cold, the events' time is read beside the other grouped counts, in a statement of its own
# (portal.dashboard.impact._figure_rows).
COLD_IMPACT_QUERIES = IMPACT_QUERIES + 1


def every_kind_of_figure() -> None:
    """Data behind every read of the figures: placements, hires with and without a first
    contact, contact minutes, attendance, feedback on contacts and events, curriculum proposals
    (one decided) and goals."""
    network = build()
    request = ContactRequestFactory(mentor=network["mentor"])
    ContactFeedback.objects.create(
        request=request,
        recipient=request.requester,
        score=4,
        answered_at=timezone.now(),
    )
    registration = RegistrationFactory(
        event__starts_at=timezone.now() - datetime.timedelta(days=3),
        event__ends_at=timezone.now() - datetime.timedelta(days=3, hours=-1),
        attended=True,
    )
    EventFeedback.objects.create(registration=registration, score=5, answered_at=timezone.now())
    CurriculumProposal.objects.create(contact=network["contact"], proposal="More welding labs")
    CurriculumProposal.objects.create(
        contact=ContactFactory(mentor=network["mentor"], date=TODAY, curriculum_input=True),
        proposal="Workplace periods earlier",
        status=CurriculumProposal.Status.TAKEN_UP,
        change="Moved to the first term",
        decided_at=timezone.now(),
    )
    DeliverableFactory(objective=ObjectiveFactory(title="Creating a mentor pool"))
    DeliverableFactory(code="A1")


def test_build_impact_reads_every_figure_in_four_queries(django_assert_num_queries):
    every_kind_of_figure()
    with django_assert_num_queries(IMPACT_QUERIES):
        figures = impact.build_impact(Filters(period=Period.last_days(60, TODAY)))
    # Each read came back: the queries were not saved by leaving one out.
    assert figures["path"]["totals"]["hired"] == 7
    assert figures["path"]["totals"]["placement"] == 1
    assert figures["path"]["hires_with_contacts"] == 5
    assert figures["hours"]["contact_hours"] > 0 and figures["hours"]["event_hours"] > 0
    assert [row["feedback_mean"] for row in figures["health"] if row["feedback_asked"]] == [4.0]
    assert [(row["kind"], row["mean"]) for row in figures["feedback"]["events"]] == [
        ("training", 5.0)
    ]
    assert figures["curriculum"]["counts"]["proposed"] == 1
    assert figures["curriculum"]["counts"]["taken_up"] == 1
    assert [row["change"] for row in figures["curriculum"]["changes"]] == [
        "Moved to the first term"
    ]
    assert [row["title"] for row in figures["goals"]["objectives"]] == ["Creating a mentor pool"]
    assert len(figures["goals"]["loose_deliverables"]) == 1
    # Named from the colleges read in the same statement.
    assert {(row["college"], row["country"]) for row in figures["health"]} == {
        ("Varia", "Finland"),
        ("Stadin", "Sweden"),
    }


def test_build_impact_for_a_scope_without_colleges_reads_less(django_assert_num_queries):
    """A college coordinator of no college: the scoped reads match nothing and are left out of
    the statement, the curriculum changes are not asked for; the goals are still read."""
    every_kind_of_figure()
    with django_assert_num_queries(IMPACT_QUERIES - 1):
        figures = impact.build_impact(
            Filters(period=Period.last_days(60, TODAY), scope_college_ids=())
        )
    assert figures["path"]["totals"]["hired"] == 0
    assert figures["health"] == []
    assert len(figures["goals"]["objectives"]) == 1


def test_outcomes_dashboard_page_makes_nine_queries_with_the_cache_empty(
    client, coordinator, django_assert_num_queries
):
    every_kind_of_figure()
    client.force_login(coordinator)
    # Session, user, roles; the colleges and the fields of the filter form; the figures.
    with django_assert_num_queries(5 + COLD_IMPACT_QUERIES):
        response = client.get(reverse("dashboard_outcomes"), period_query())
    assert response.context["impact"]["path"]["totals"]["hired"] == 7
    # Cached: only the page's own three, session, user and roles (the colleges' names and the
    # fields' are kept in the process: colleges.selectors.college_catalogue, field_choices).
    with django_assert_num_queries(3):
        assert client.get(reverse("dashboard_outcomes"), period_query()).status_code == 200


# The figures (16: tests/portal/test_dashboard_rollups.py), the outcome figures (5 cold), the
# steering group's follow-up counts (1) and the page's own: session and user.
REPORT_QUERY_BUDGET = 24


@pytest.mark.parametrize("reader", ["steering", "coordinator"])
def test_report_page_adds_only_the_outcome_queries(request, client, reader):
    every_kind_of_figure()
    client.force_login(request.getfixturevalue(reader))
    with CaptureQueriesContext(connection) as cold:
        response = client.get(reverse("reports"), period_query())
    assert response.context["impact"]["path"]["totals"]["hired"] == 7
    cache.clear()
    impact.cached_impact(Filters(period=response.context["period"]))
    with CaptureQueriesContext(connection) as outcomes_cached:
        client.get(reverse("reports"), period_query())
    assert len(cold.captured_queries) - len(outcomes_cached.captured_queries) == COLD_IMPACT_QUERIES
    # The whole report cold, for either reader, stays inside the steering pages' budget.
    assert len(cold.captured_queries) <= REPORT_QUERY_BUDGET


def test_a_contact_logged_today_reads_again_only_the_outcome_figures_contact_minutes(
    django_assert_num_queries,
):
    """The outcome figures are kept in three parts: a contact logged today makes the contact
    minutes stale, attendance at an event its time and feedback, neither the placements, hires,
    feedback on contacts, proposals and goals (read again and made again only when one of
    those changes); the figures are those counted from scratch."""
    every_kind_of_figure()
    filters = Filters(period=Period.last_days(60, TODAY))
    before = impact.cached_impact(filters)
    mentor = Mentor.objects.first()
    # A task of the catalogue already (a new task would bump the catalogue's version, which
    # every part that names tasks is kept under).
    task = MentorTask.objects.first()
    ContactFactory(mentor=mentor, task=task, date=TODAY, duration_minutes=90)
    # The contact minutes alone: those of the days before today, kept from now on, and today's.
    with django_assert_num_queries(2) as read:
        impact.cached_impact(filters)
    assert all("contact_minutes_by_college" in query["sql"] for query in read.captured_queries)
    assert "placement" not in read.captured_queries[0]["sql"].lower()
    # Another contact logged today: today's minutes alone.
    ContactFactory(mentor=mentor, task=task, date=TODAY, duration_minutes=90)
    with django_assert_num_queries(1) as read:
        after = impact.cached_impact(filters)
    assert "contact_minutes_by_college" in read.captured_queries[0]["sql"]
    assert filters.period.start.isoformat() not in read.captured_queries[0]["sql"]
    assert after["hours"]["contact_hours"] == before["hours"]["contact_hours"] + 3
    assert after == impact.build_impact(filters, now=after["generated_at"])

    # A hire recorded: the other part is read again, the contact minutes kept.
    # (At a college and in a field of the catalogue already: a new one would bump the versions
    # of the names, which the contact minutes are kept under too.)
    StudentOutcomeFactory(
        kind=StudentOutcome.Kind.HIRED,
        date=TODAY,
        college=mentor.college,
        field=VocationalField.objects.first(),
    )
    with django_assert_num_queries(IMPACT_QUERIES) as read:
        again = impact.cached_impact(filters)
    assert "contact_minutes_by_college" not in read.captured_queries[0]["sql"]
    assert "event_time" not in read.captured_queries[0]["sql"]
    assert again["path"]["totals"]["hired"] == after["path"]["totals"]["hired"] + 1
    assert again == impact.build_impact(filters, now=again["generated_at"])

    # A registration for an event, nobody present yet: nothing read again.
    upcoming = EventFactory()
    impact.cached_impact(filters)  # a new event: its part read again
    RegistrationFactory(event=upcoming, user=mentor.user)
    with django_assert_num_queries(0):
        assert impact.cached_impact(filters)["hours"] == again["hours"]

    # A mentor marked present at an event: its time alone is read again.
    event = EventFeedback.objects.get().registration.event
    RegistrationFactory(event=event, user=mentor.user, attended=True)
    with django_assert_num_queries(1) as read:
        third = impact.cached_impact(filters)
    assert "event_time" in read.captured_queries[0]["sql"]
    assert "placement" not in read.captured_queries[0]["sql"].lower()
    assert "contact_minutes_by_college" not in read.captured_queries[0]["sql"]
    assert third["hours"]["event_hours"] == again["hours"]["event_hours"] + 1
    assert third == impact.build_impact(filters, now=third["generated_at"])

    # Attendance marked for the whole event at once (one update, no row saved): the same.
    services.mark_attendance(event=event, attended_ids=set())
    fourth = impact.cached_impact(filters)
    assert fourth["hours"]["event_hours"] == third["hours"]["event_hours"] - 1
    assert fourth == impact.build_impact(filters, now=fourth["generated_at"])
