import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape

from leadvet import roles
from portal.dashboard.periods import Period
from tests.factories import ContactFactory, MentorFactory, MentorTaskFactory, user_with_role

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def long_date(*ymd) -> str:
    return date_format(datetime.date(*ymd))


def contacts_on(day: datetime.date, count: int, task_number: int) -> None:
    mentor = MentorFactory()
    task = MentorTaskFactory(number=task_number)
    for _ in range(count):
        ContactFactory(mentor=mentor, task=task, date=day)


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("reports"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", [roles.MENTOR, roles.TEACHER_EDUCATOR, roles.COLLEGE_COORDINATOR])
def test_roles_outside_steering_and_coordinators_get_403(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("reports")).status_code == 403


@pytest.mark.parametrize("fixture", ["steering", "coordinator"])
def test_steering_and_coordinators_read_the_report(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("reports"))
    assert response.status_code == 200
    assert b'media="print"' in response.content
    assert b"Autumn 2026" in response.content


def test_term_presets_are_computed_from_the_date(client, steering):
    client.force_login(steering)
    form = client.get(reverse("reports")).context["form"]
    assert [value for value, _label in form.fields["period"].choices] == [
        "autumn-2026",
        "spring-2026",
        "autumn-2025",
        "spring-2025",
        "custom",
    ]
    period = client.get(reverse("reports"), {"period": "spring-2026"}).context["period"]
    assert period == Period(
        datetime.date(2026, 1, 1),
        datetime.date(2026, 7, 31),
        datetime.date(2025, 8, 1),
        datetime.date(2025, 12, 31),
        is_term=True,
        comparison="per_month",
    )


def test_sentences_say_how_contacts_changed_and_which_task_led(client, steering):
    contacts_on(datetime.date(2026, 3, 1), 10, task_number=3)  # spring 2026
    contacts_on(datetime.date(2026, 9, 1), 9, task_number=2)  # autumn 2026
    contacts_on(datetime.date(2026, 10, 1), 3, task_number=1)
    client.force_login(steering)
    response = client.get(reverse("reports"), {"period": "autumn-2026"})
    sentences = response.context["sentences"]
    # The autumn term has run 117 days (to 25.11.): compared with spring's first 117 days.
    assert sentences[0] == (
        "Contacts grew 20 % on the same part of the previous term "
        f"({long_date(2026, 1, 1)} – {long_date(2026, 4, 27)})."
    )
    assert sentences[1] == "Most came from task 2, “Coordinating teacher students' training”."
    assert sentences[0] in response.content.decode()


def test_sentences_for_a_fall_and_for_a_custom_period(client, steering):
    contacts_on(datetime.date(2026, 3, 1), 4, task_number=1)
    contacts_on(datetime.date(2026, 3, 20), 1, task_number=1)
    client.force_login(steering)
    response = client.get(
        reverse("reports"), {"period": "custom", "date_from": "2026-03-11", "date_to": "2026-03-20"}
    )
    assert response.context["sentences"][0] == (
        "Contacts fell 75 % on the previous period of the same length "
        f"({long_date(2026, 3, 1)} – {long_date(2026, 3, 10)})."
    )
    response = client.get(reverse("reports"), {"period": "autumn-2026"})
    assert response.context["sentences"][0] == "No contacts were logged in this period."


def test_a_bad_custom_period_is_refused_next_to_the_field(client, steering):
    client.force_login(steering)
    response = client.get(reverse("reports"), {"period": "custom", "date_from": "2026-03-11"})
    assert response.context["form"].errors == {"date_to": ["Give the last day of the period."]}
    assert b"Give the last day of the period." in response.content


def test_the_rendered_report_is_cached_and_a_write_shows_at_once(client, coordinator):
    contacts_on(datetime.date(2026, 9, 1), 3, task_number=2)
    client.force_login(coordinator)
    first = client.get(reverse("reports"), {"period": "autumn-2026"})
    body = first.content.decode()
    assert escape(first.context["sentences"][1]) in body
    # A second request reads the rendered body from the cache, and no figures: the same report
    # (the page around it differs only in its CSRF token).
    again = client.get(reverse("reports"), {"period": "autumn-2026"})
    assert "sentences" not in again.context

    def report(page: str) -> str:
        return page.split('id="findings-heading"')[1].split('id="dashboard-charts"')[0]

    assert report(again.content.decode()) == report(body)

    contacts_on(datetime.date(2026, 10, 1), 5, task_number=1)  # now task 1 leads

    after = client.get(reverse("reports"), {"period": "autumn-2026"})
    assert after.context["sentences"][1].startswith("Most came from task 1")
    assert escape(after.context["sentences"][1]) in after.content.decode()
