"""Training-based qualification: attended training marks mentors trained; filter; dashboard."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from mentors.models import Mentor
from mentors.services import pool as pool_services
from tests.factories import EventFactory, MentorFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def test_attended_training_event_marks_mentor_trained_with_the_event_date(client, coordinator):
    starts = timezone.now() - datetime.timedelta(days=3)
    event = EventFactory(
        counts_as_training=True, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    came, absent = MentorFactory(), MentorFactory()
    came_reg = RegistrationFactory(event=event, user=came.user)
    RegistrationFactory(event=event, user=absent.user)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:attendance", args=[event.pk]), {"attended": [came_reg.pk]}
    )
    assert response.status_code == 302
    came.refresh_from_db()
    absent.refresh_from_db()
    assert came.trained_on == timezone.localdate(starts)
    assert absent.trained_on is None


def test_attendance_at_an_event_not_counting_as_training_marks_nobody(client, coordinator):
    event = EventFactory(counts_as_training=False)
    mentor = MentorFactory()
    registration = RegistrationFactory(event=event, user=mentor.user)
    client.force_login(coordinator)
    client.post(reverse("events:attendance", args=[event.pk]), {"attended": [registration.pk]})
    mentor.refresh_from_db()
    assert mentor.trained_on is None


def test_mark_trained_never_moves_the_date_backwards():
    mentor = MentorFactory(trained_on=datetime.date(2026, 5, 1))
    assert pool_services.mark_trained(mentor=mentor, on=datetime.date(2025, 1, 1)) is False
    assert Mentor.objects.get(pk=mentor.pk).trained_on == datetime.date(2026, 5, 1)
    assert pool_services.mark_trained(mentor=mentor, on=datetime.date(2026, 6, 1)) is True
    assert Mentor.objects.get(pk=mentor.pk).trained_on == datetime.date(2026, 6, 1)


def test_mentor_list_filters_trained_and_untrained(client, coordinator):
    today = timezone.localdate()
    recent = MentorFactory(trained_on=today - datetime.timedelta(days=100))
    old = MentorFactory(trained_on=today - datetime.timedelta(days=800))
    never = MentorFactory()
    client.force_login(coordinator)
    trained = client.get(reverse("mentors:list"), {"training": "trained"})
    assert {m["pk"] for m in trained.context["page_obj"]} == {recent.pk}
    untrained = client.get(reverse("mentors:list"), {"training": "untrained"})
    assert {m["pk"] for m in untrained.context["page_obj"]} == {old.pk, never.pk}


def test_dashboard_lists_active_mentors_without_training_in_24_months(client, coordinator):
    today = timezone.localdate()
    MentorFactory(trained_on=today - datetime.timedelta(days=30))
    old = MentorFactory(trained_on=today - datetime.timedelta(days=760))
    never = MentorFactory()
    MentorFactory(status=Mentor.Status.PAUSED)
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    untrained = response.context["figures"]["untrained"]
    assert untrained["count"] == 2
    assert [row["mentor_id"] for row in untrained["mentors"]] == [never.pk, old.pk]
    assert "without mentor training in the last 24 months" in response.content.decode()


def test_untrained_figure_needs_the_same_queries_for_few_and_many(
    client, coordinator, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    MentorFactory()
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    MentorFactory.create_batch(6)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard"))
