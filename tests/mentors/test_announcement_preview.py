"""Announcements go through a preview with the number of recipients and a confirmation;
they may be scheduled (the sweep sends them when due, once); teacher educators read those
meant for them; the steering group writes to mentors through the same preview."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from mentors.models import Announcement, Notice
from mentors.services.announcements import fan_out_lost_announcements
from tests.factories import AnnouncementFactory, MentorFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_nothing_is_published_or_emailed_before_the_preview_is_confirmed(
    client, coordinator, django_capture_on_commit_callbacks
):
    mentors = [MentorFactory(), MentorFactory()]
    MentorFactory(status="alumni")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentors:announcement_create"),
            {"title": "Spring training", "body": "Join us.", "audience": "all"},
        )
    announcement = Announcement.objects.get()
    assert response["Location"] == reverse("mentors:announcement_preview", args=[announcement.pk])
    assert announcement.is_draft and mail.outbox == []
    client.force_login(mentors[0].user)
    assert "Spring training" not in client.get(reverse("home")).content.decode()

    client.force_login(coordinator)
    preview = client.get(response["Location"]).content.decode()
    assert "2 people" in preview
    assert "Confirm: publish and email to 2 people" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in mentors)
    client.force_login(mentors[0].user)
    assert "Spring training" in client.get(reverse("home")).content.decode()


def test_a_scheduled_announcement_is_published_and_emailed_by_the_sweep_once(
    client, coordinator, mentor, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    create = client.post(
        reverse("mentors:announcement_create"),
        {
            "title": "Next term",
            "body": "Soon.",
            "audience": "all",
            "scheduled_for": "2026-11-27T08:30",
        },
    )
    preview = client.get(create["Location"]).content.decode()
    assert "Confirm: publish and email on" in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create["Location"])
    announcement = Announcement.objects.get()
    assert not announcement.is_draft and not announcement.is_published()
    assert mail.outbox == []
    assert "Scheduled" in client.get(reverse("mentors:announcement_list")).content.decode()
    client.force_login(mentor.user)
    assert "Next term" not in client.get(reverse("home")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert fan_out_lost_announcements(NOW + datetime.timedelta(days=1)) == 0
    due = announcement.published_at + datetime.timedelta(minutes=3)
    with time_machine.travel(due, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert fan_out_lost_announcements(due) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert fan_out_lost_announcements(due + datetime.timedelta(minutes=5)) == 0
        assert [m.to for m in mail.outbox] == [[mentor.user.email]]
        client.force_login(mentor.user)
        assert "Next term" in client.get(reverse("home")).content.decode()
    assert Notice.objects.filter(kind=Notice.Kind.ANNOUNCEMENT).count() == 1


def test_a_publication_time_in_the_past_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:announcement_create"),
        {"title": "Late", "body": "B", "audience": "all", "scheduled_for": "2026-11-20T08:30"},
    )
    assert response.status_code == 200
    assert "The publication time has passed" in response.content.decode()
    assert not Announcement.objects.exists()


def test_teacher_educators_read_and_get_the_announcements_meant_for_them(
    client, coordinator, teacher_educator, mentor, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    create = client.post(
        reverse("mentors:announcement_create"),
        {"title": "For educators", "body": "Hello.", "audience": "teacher_educators"},
    )
    assert "1 person" in client.get(create["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create["Location"])
    assert [m.to for m in mail.outbox] == [[teacher_educator.email]]
    AnnouncementFactory(title="For all mentors", audience="all")
    AnnouncementFactory(title="For everyone", audience="everyone")
    AnnouncementFactory(title="A draft", audience="everyone", confirmed_at=None)

    client.force_login(teacher_educator)
    page = client.get(reverse("mentors:announcements_for_me"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "For educators" in content and "For everyone" in content
    assert "For all mentors" not in content and "A draft" not in content
    client.force_login(mentor.user)
    content = client.get(reverse("mentors:announcements_for_me")).content.decode()
    assert "For all mentors" in content and "For everyone" in content
    assert "For educators" not in content


def test_the_steering_group_writes_to_mentors_through_the_same_preview(
    client, steering, coordinator, mentor, django_capture_on_commit_callbacks
):
    theirs = AnnouncementFactory(title="Coordinators' news", author=coordinator)
    client.force_login(steering)
    create = client.post(
        reverse("mentors:announcement_create"),
        {"title": "From the steering group", "body": "Thank you.", "audience": "all"},
    )
    preview = create["Location"]
    assert "1 person" in client.get(preview).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview)
    assert [m.to for m in mail.outbox] == [[mentor.user.email]]
    listing = client.get(reverse("mentors:announcement_list")).content.decode()
    assert "Coordinators&#x27; news" in listing and "From the steering group" in listing
    # Another author's announcement: read in the list, not changed by the steering group.
    for name in ("announcement_preview", "announcement_edit", "announcement_delete"):
        url = reverse(f"mentors:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "x", "body": "y", "audience": "all"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Coordinators' news"
