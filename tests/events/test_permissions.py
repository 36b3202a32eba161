"""Every events view: anonymous → login, wrong role → 403, objects not for the user → 404."""

import pytest
from django.urls import reverse

from events.models import Event, Registration
from tests.factories import EventFactory, EventOutputFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def event():
    return EventFactory(audience=Event.Audience.EVERYONE)


def event_urls(event, output):
    return [
        ("get", reverse("events:create")),
        ("get", reverse("events:edit", args=[event.pk])),
        ("post", reverse("events:duplicate", args=[event.pk])),
        ("get", reverse("events:cancel", args=[event.pk])),
        ("post", reverse("events:cancel", args=[event.pk])),
        ("get", reverse("events:attendees", args=[event.pk])),
        ("post", reverse("events:register_someone", args=[event.pk])),
        ("post", reverse("events:attendance", args=[event.pk])),
        ("get", reverse("events:attendees_csv", args=[event.pk])),
        ("get", reverse("events:attendees_xlsx", args=[event.pk])),
        ("get", reverse("events:output_create", args=[event.pk])),
        ("get", reverse("events:output_edit", args=[output.pk])),
        ("get", reverse("events:output_delete", args=[output.pk])),
        ("post", reverse("events:output_delete", args=[output.pk])),
    ]


def reader_urls(event):
    return [
        ("get", reverse("events:list")),
        ("get", reverse("events:past")),
        ("get", reverse("events:detail", args=[event.pk])),
        ("post", reverse("events:register", args=[event.pk])),
        ("get", reverse("events:ics", args=[event.pk])),
        ("get", reverse("events:calendar")),
        ("post", reverse("events:calendar")),
        ("get", reverse("events:outputs")),
    ]


def test_anonymous_visitors_are_sent_to_login(client, event):
    output = EventOutputFactory(event=event)
    registration = RegistrationFactory(event=event)
    urls = event_urls(event, output) + reader_urls(event)
    urls.append(("post", reverse("events:cancel_registration", args=[registration.pk])))
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(LOGIN), url
    assert Event.objects.count() == 1
    assert Registration.objects.get().status == Registration.Status.REGISTERED


@pytest.mark.parametrize("who", ["mentor", "teacher_educator", "steering", "college_coordinator"])
def test_only_coordinators_may_change_events(client, event, who, request):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    output = EventOutputFactory(event=event)
    client.force_login(user)
    for method, url in event_urls(event, output):
        assert getattr(client, method)(url).status_code == 403, url
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED
    assert Event.objects.count() == 1


def test_coordinator_may_open_every_management_page(client, coordinator, event):
    output = EventOutputFactory(event=event)
    client.force_login(coordinator)
    for method, url in event_urls(event, output):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_a_user_without_a_role_sees_no_events(client, no_role_user, event):
    client.force_login(no_role_user)
    for method, url in reader_urls(event):
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.parametrize(
    ("who", "audience", "visible"),
    [
        ("mentor", "mentors", True),
        ("mentor", "teacher_educators", False),
        ("teacher_educator", "teacher_educators", True),
        ("teacher_educator", "mentors", False),
        ("steering", "vet_leaders", True),
        ("steering", "mentors", False),
        ("college_coordinator", "working_life", True),
        ("coordinator", "teacher_educators", True),
    ],
)
def test_events_are_seen_by_their_audience_only(client, request, who, audience, visible):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    event = EventFactory(audience=audience)
    client.force_login(user)
    listed = client.get(reverse("events:list")).context["page_obj"].object_list
    assert (event in listed) is visible
    expected = 200 if visible else 404
    # The page says who the event is for (403, title and audience only); the rest stays 404.
    detail = client.get(reverse("events:detail", args=[event.pk]))
    assert detail.status_code == (200 if visible else 403)
    if not visible:
        assert "This event is for:" in detail.content.decode()
        assert "Register" not in detail.content.decode()
    assert client.get(reverse("events:ics", args=[event.pk])).status_code == expected
    response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == (302 if visible else 404)
    assert Registration.objects.filter(event=event).exists() is visible


def test_a_user_cannot_cancel_another_users_registration(client, mentor, other_mentor, event):
    theirs = RegistrationFactory(event=event, user=other_mentor.user)
    client.force_login(mentor.user)
    response = client.post(reverse("events:cancel_registration", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED


def test_a_missing_registration_is_404(client, mentor):
    client.force_login(mentor.user)
    assert client.post(reverse("events:cancel_registration", args=[999])).status_code == 404


def test_coordinator_may_cancel_someone_elses_registration(client, coordinator, event):
    registration = RegistrationFactory(event=event)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:cancel_registration", args=[registration.pk]),
        {"next": reverse("events:attendees", args=[event.pk])},
    )
    assert response.url == reverse("events:attendees", args=[event.pk])
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("events:register", "get"),
        ("events:duplicate", "get"),
        ("events:attendance", "get"),
        ("events:register_someone", "get"),
        ("events:detail", "post"),
    ],
)
def test_wrong_http_method_is_405(client, coordinator, event, name, method):
    client.force_login(coordinator)
    assert getattr(client, method)(reverse(name, args=[event.pk])).status_code == 405


def test_missing_event_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("events:detail", args=[999])).status_code == 404
    assert client.get(reverse("events:edit", args=[999])).status_code == 404


def test_every_role_sees_events_in_the_navigation(client, mentor, teacher_educator, steering):
    for user in (mentor.user, teacher_educator, steering):
        client.force_login(user)
        labels = [str(item["label"]) for item in client.get("/").context["nav_items"]]
        assert "Events" in labels
