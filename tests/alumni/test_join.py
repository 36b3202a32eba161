"""The public request to join as an alumnus: sent, confirmed by email, guarded."""

import pytest
from django.core import mail
from django.urls import reverse

from alumni.models import AlumniApplication
from tests.factories import (
    AlumniApplicationFactory,
    PartnerCollegeFactory,
    UserFactory,
    VocationalFieldFactory,
)

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "first_name": "Aino",
        "last_name": "Alumni",
        "email": "aino@example.org",
        "graduation_year": "2019",
        "college": "",
        "other_college": "Stadin ammattiopisto",
        "field": VocationalFieldFactory(name="Welding").pk,
        "website": "",
    }
    return data | overrides


def send(client, capture, **overrides):
    with capture(execute=True):
        return client.post(reverse("alumni:join"), form_data(**overrides))


def test_the_form_is_public_and_labelled(client):
    response = client.get(reverse("alumni:join"))
    assert response.status_code == 200
    for label in ("First name", "Email", "Graduation year", "College", "Vocational field"):
        assert label in response.text


def test_a_request_is_recorded_and_confirmed_by_email(client, django_capture_on_commit_callbacks):
    college = PartnerCollegeFactory(name="Omnia")
    response = send(
        client, django_capture_on_commit_callbacks, college=college.pk, other_college=""
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("alumni:join_done")
    application = AlumniApplication.objects.get()
    assert application.status == AlumniApplication.Status.PENDING
    assert (application.email, application.graduation_year) == ("aino@example.org", 2019)
    assert application.college == college and application.field.name == "Welding"
    [message] = mail.outbox
    assert message.to == ["aino@example.org"]
    assert "Omnia" in message.body and "2019" in message.body


def test_bad_input_gets_a_clear_message_and_records_nothing(client):
    response = client.post(
        reverse("alumni:join"),
        form_data(email="not-an-address", graduation_year="1800", other_college=""),
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert "Choose your college or write its name." in response.text
    assert not AlumniApplication.objects.exists()


def test_a_future_graduation_year_is_refused(client):
    response = client.post(reverse("alumni:join"), form_data(graduation_year="2999"))
    assert response.status_code == 200
    assert not AlumniApplication.objects.exists()


def test_the_honeypot_drops_a_bot_quietly(client, django_capture_on_commit_callbacks):
    response = send(client, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response["Location"] == reverse("alumni:join_done")
    assert not AlumniApplication.objects.exists()
    assert mail.outbox == []


def test_the_answer_does_not_tell_whether_an_address_is_known(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    AlumniApplicationFactory(email="waiting@example.org")
    answers = [
        send(client, django_capture_on_commit_callbacks, email=address)
        for address in ("known@example.org", "waiting@example.org", "new@example.org")
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("alumni:join_done"))}
    # No second request for the known account or the waiting one; the waiting one is told
    # (in its own inbox) that it waits, the new address gets its receipt.
    assert AlumniApplication.objects.filter(email="known@example.org").count() == 0
    assert AlumniApplication.objects.filter(email="waiting@example.org").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["new@example.org", "waiting@example.org"]


def test_a_repeated_request_reminds_at_most_once_a_day(client, django_capture_on_commit_callbacks):
    AlumniApplicationFactory(email="waiting@example.org")
    for _ in range(3):
        send(client, django_capture_on_commit_callbacks, email="waiting@example.org")
    assert len(mail.outbox) == 1


def test_requests_are_rate_limited_per_address_of_the_sender(client):
    for number in range(10):
        client.post(reverse("alumni:join"), form_data(email=f"p{number}@example.org"))
    response = client.post(reverse("alumni:join"), form_data(email="late@example.org"))
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert AlumniApplication.objects.count() == 10
    assert not AlumniApplication.objects.filter(email="late@example.org").exists()
