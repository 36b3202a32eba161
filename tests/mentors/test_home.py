import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentors.models import Contact, ContactRequest
from mentors.selectors import home as home_selectors
from portal import views as leadvet_views
from tests.factories import ContactFactory, ContactRequestFactory, MentorTaskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day,start,end",
    [
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), datetime.date(2026, 7, 31)),
        (datetime.date(2026, 7, 31), datetime.date(2026, 1, 1), datetime.date(2026, 7, 31)),
        (datetime.date(2026, 8, 1), datetime.date(2026, 8, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 12, 31), datetime.date(2026, 8, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_a_term_is_january_to_july_or_august_to_december(day, start, end):
    assert home_selectors.term_bounds(day) == (start, end)


@time_machine.travel(datetime.datetime(2026, 10, 15, 9, 0, tzinfo=datetime.UTC))
def test_mentor_home_counts_this_terms_contacts_by_task(client, mentor, other_mentor):
    first, second = MentorTaskFactory(number=1), MentorTaskFactory(number=2)
    ContactFactory.create_batch(
        3, mentor=mentor, task=first, date=datetime.date(2026, 9, 1), duration_minutes=20
    )
    ContactFactory(mentor=mentor, task=second, date=datetime.date(2026, 8, 1), duration_minutes=45)
    ContactFactory(mentor=mentor, task=second, date=datetime.date(2026, 7, 31))  # last term
    ContactFactory(mentor=other_mentor, task=first, date=datetime.date(2026, 9, 1))
    client.force_login(mentor.user)
    response = client.get(reverse("home"))
    section = next(
        s for s in response.context["home_sections"] if s["template"] == "mentors/home_section.html"
    )
    rows = [(r["task__number"], r["contacts"], r["minutes"]) for r in section["data"]["activity"]]
    assert rows == [(1, 3, 60), (2, 1, 45)]
    assert section["data"]["activity_total"] == 4
    assert "Your activity this term" in response.content.decode()


def test_quick_log_form_posts_to_the_contact_log_and_returns_home(client, mentor):
    task = MentorTaskFactory()
    ContactFactory(mentor=mentor, task=task, date=datetime.date(2025, 1, 1))
    client.force_login(mentor.user)
    content = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("mentors:contact_create")}"' in content
    assert f'<option value="{task.pk}" selected>' in content
    response = client.post(
        reverse("mentors:contact_create"),
        {
            "next": "/",
            "date": timezone.localdate().isoformat(),
            "counterpart_kind": "vet_leader",
            "task": task.pk,
            "channel": "phone",
            "duration_minutes": "30",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert Contact.objects.filter(mentor=mentor, counterpart_kind="vet_leader").exists()
    assert "The contact was logged" in client.get("/").content.decode()


def test_teacher_educator_home_shows_sent_requests_and_the_directory(client, teacher_educator):
    ContactRequestFactory(
        requester=teacher_educator, topic="Visit please", status=ContactRequest.Status.ACCEPTED
    )
    ContactRequestFactory(topic="Someone else's")
    client.force_login(teacher_educator)
    content = client.get(reverse("home")).content.decode()
    assert "Visit please" in content and "Accepted" in content
    assert "Someone else&#x27;s" not in content and "Someone else's" not in content
    assert reverse("mentors:directory") in content


def test_home_without_mentor_or_educator_role_has_no_such_sections(client, coordinator, steering):
    for user in (coordinator, steering):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        templates = [section["template"] for section in response.context["home_sections"]]
        assert "mentors/home_section.html" not in templates
        assert "mentors/educator_home_section.html" not in templates


def test_home_sections_come_from_a_list_of_builders_other_apps_can_extend():
    assert leadvet_views._mentor_section in leadvet_views.HOME_SECTION_BUILDERS
    assert leadvet_views._educator_section in leadvet_views.HOME_SECTION_BUILDERS


def test_navigation_shows_mentor_entries_only_to_mentors(
    client, mentor, teacher_educator, coordinator
):
    client.force_login(mentor.user)
    labels = [str(i["label"]) for i in client.get("/").context["nav_items"]]
    assert {"Log a contact", "My contacts", "Availability", "Requests"} <= set(labels)
    assert "Find a mentor" not in labels and "Announcements" not in labels
    client.force_login(teacher_educator)
    labels = [str(i["label"]) for i in client.get("/").context["nav_items"]]
    assert {"Find a mentor", "Requests"} <= set(labels) and "Log a contact" not in labels
    client.force_login(coordinator)
    labels = [str(i["label"]) for i in client.get("/").context["nav_items"]]
    assert {"Find a mentor", "Announcements"} <= set(labels)


def test_only_the_most_specific_nav_entry_is_current(client, mentor):
    client.force_login(mentor.user)
    items = client.get(reverse("mentors:contact_create")).context["nav_items"]
    assert [str(i["label"]) for i in items if i["active"]] == ["Log a contact"]


def _home_query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_mentor_home_query_count_does_not_grow_with_contacts(client, mentor):
    tasks = [MentorTaskFactory(number=n) for n in range(1, 4)]
    ContactFactory.create_batch(5, mentor=mentor, task=tasks[0])
    ContactRequestFactory(mentor=mentor)
    client.force_login(mentor.user)
    client.get(reverse("home"))
    few = _home_query_count(client)
    for task in tasks:
        ContactFactory.create_batch(12, mentor=mentor, task=task)
    ContactRequestFactory.create_batch(3, mentor=mentor)
    assert _home_query_count(client) == few


def test_quick_log_form_shows_its_duration_prefilled_and_editable(client, mentor):
    client.force_login(mentor.user)
    content = client.get(reverse("home")).content.decode()
    assert '<label for="quick-duration" class="form-label">Duration (minutes)</label>' in content
    assert 'id="quick-duration" type="number" name="duration_minutes"' in content
    assert 'value="30"' in content.split('id="quick-duration"')[1].split(">")[0]
    assert 'type="hidden" name="duration_minutes"' not in content

    task = MentorTaskFactory()
    ContactFactory(mentor=mentor, task=task, date=datetime.date(2025, 1, 1), duration_minutes=45)
    content = client.get(reverse("home")).content.decode()
    assert 'value="45"' in content.split('id="quick-duration"')[1].split(">")[0]

    response = client.post(
        reverse("mentors:contact_create"),
        {
            "next": "/",
            "date": timezone.localdate().isoformat(),
            "counterpart_kind": "vet_leader",
            "task": task.pk,
            "channel": "phone",
            "duration_minutes": "15",
        },
    )
    assert response.status_code == 302
    assert Contact.objects.get(mentor=mentor, counterpart_kind="vet_leader").duration_minutes == 15
