"""A contact sent twice is logged once: the page's form carries a key made when it is
rendered, an API call an `Idempotency-Key` header; the second submit finds the first contact.

Sequential re-posts run on every database; the parallel ones (threads, each with its own
connection) need PostgreSQL, where the second insert waits for the first to commit.
"""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from leadvet.api.tokens import create_token
from mentors.models import Contact
from tests.factories import MentorFactory, MentorTaskFactory

URL = "/api/v1/contacts/"
PARALLEL = 10
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL"
)


def _form_data(task, key: str) -> dict:
    return {
        "date": timezone.localdate().isoformat(),
        "counterpart_kind": "teacher_student",
        "task": task.pk,
        "channel": "video",
        "duration_minutes": "30",
        "summary": "Talked about placements.",
        "idempotency_key": key,
    }


def _api_data(task) -> dict:
    data = _form_data(task, "")
    del data["idempotency_key"]
    return data


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _rendered_key(client) -> str:
    page = client.get(reverse("mentors:contact_create")).content.decode()
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_the_form_sent_three_times_logs_one_contact_and_leads_to_it(client, mentor):
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    key = _rendered_key(client)

    first = client.post(reverse("mentors:contact_create"), _form_data(task, key))
    again = [
        client.post(reverse("mentors:contact_create"), _form_data(task, key), follow=True)
        for _ in range(2)
    ]

    contact = Contact.objects.get()
    assert first.status_code == 302 and first["Location"] == reverse("mentors:contact_list")
    for response in again:
        assert response.redirect_chain == [
            (reverse("mentors:contact_detail", args=[contact.pk]), 302)
        ]
        assert "This form was already sent" in response.content.decode()


@pytest.mark.django_db
def test_each_rendered_form_has_its_own_key_and_logs_its_own_contact(client, mentor):
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    keys = {_rendered_key(client) for _ in range(2)}
    assert len(keys) == 2
    for key in keys:
        client.post(reverse("mentors:contact_create"), _form_data(task, key))
    assert Contact.objects.count() == 2


@pytest.mark.django_db
def test_the_home_pages_quick_form_carries_a_key_too(client, mentor):
    MentorTaskFactory()
    client.force_login(mentor.user)
    page = client.get(reverse("home")).content.decode()
    assert re.search(r'name="idempotency_key" value="[^"]{20,}"', page)


@pytest.mark.django_db
def test_a_key_is_per_user(client, mentor, other_mentor):
    task = MentorTaskFactory()
    for person in (mentor, other_mentor):
        client.force_login(person.user)
        client.post(reverse("mentors:contact_create"), _form_data(task, "shared-key"))
    assert Contact.objects.filter(idempotency_key="shared-key").count() == 2


@pytest.mark.django_db
def test_a_refused_form_keeps_its_key_and_the_corrected_one_logs_once(client, mentor):
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    key = _rendered_key(client)
    refused = client.post(
        reverse("mentors:contact_create"), {**_form_data(task, key), "date": "2999-01-01"}
    )
    assert refused.status_code == 200 and f'value="{key}"' in refused.content.decode()
    client.post(reverse("mentors:contact_create"), _form_data(task, key))
    client.post(reverse("mentors:contact_create"), _form_data(task, key))
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_an_api_retry_with_the_same_key_answers_as_the_first_call(mentor):
    task = MentorTaskFactory()
    client = _api(mentor.user)
    headers = {"Idempotency-Key": "0b7c5d0e-6c1f-4d0a-9d8e-1f2a3b4c5d6e"}

    first = client.post(URL, _api_data(task), format="json", headers=headers)
    second = client.post(URL, _api_data(task), format="json", headers=headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Contact.objects.count() == 1
    other_key = client.post(URL, _api_data(task), format="json", headers={"Idempotency-Key": "k2"})
    no_key = client.post(URL, _api_data(task), format="json")
    assert other_key.status_code == no_key.status_code == 201
    assert Contact.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "a b", "x" * 101, "ä"])
def test_a_malformed_key_is_a_400_naming_the_header(mentor, key):
    task = MentorTaskFactory()
    response = _api(mentor.user).post(
        URL, _api_data(task), format="json", headers={"Idempotency-Key": key}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_the_header_is_in_the_api_schema(coordinator):
    schema = _api(coordinator).get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"][URL]["post"]["parameters"]
    [header] = [p for p in parameters if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and not header.get("required", False)


def _in_parallel(calls) -> list:
    start = threading.Barrier(len(calls))
    results = []

    def run(call):
        try:
            start.wait(timeout=10)
            results.append(call())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_api_calls_with_one_key_log_one_contact():
    mentor = MentorFactory()
    task = MentorTaskFactory()
    _token, raw = create_token(user=mentor.user, name="sync", can_write=True)

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = client.post(
            URL, _api_data(task), format="json", headers={"Idempotency-Key": "sync-42"}
        )
        return response.status_code, response.json()

    results = _in_parallel([post] * PARALLEL)

    assert len(results) == PARALLEL
    assert {status for status, _body in results} == {201}
    assert len({body["id"] for _status, body in results}) == 1
    assert Contact.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_form_posts_of_one_rendered_form_log_one_contact():
    mentor = MentorFactory()
    task = MentorTaskFactory()

    def post():
        client = Client()
        client.force_login(mentor.user)
        return client.post(
            reverse("mentors:contact_create"), _form_data(task, "form-key-1")
        ).status_code

    results = _in_parallel([post] * 3)

    assert results == [302, 302, 302]
    assert Contact.objects.count() == 1
