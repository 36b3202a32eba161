"""Membership periods: moving a mentor, overlap refused, contacts counted for the college of their day."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from mentors.models import Contact, MembershipPeriod
from mentors.services import contacts as contact_services
from mentors.services import memberships as membership_services
from tests.factories import (
    MembershipPeriodFactory,
    MentorFactory,
    MentorTaskFactory,
    PartnerCollegeFactory,
    college_coordinator_for,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _frozen(time_machine, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    time_machine.move_to(datetime.datetime(2026, 6, 15, 12, 0), tick=False)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moved():
    old, new = PartnerCollegeFactory(name="Old College"), PartnerCollegeFactory(name="New College")
    mentor = MentorFactory(college=old)
    MembershipPeriodFactory(mentor=mentor, college=old, starts_on=datetime.date(2025, 1, 1))
    return mentor, old, new


def _log(mentor, day):
    return contact_services.log_contact(
        mentor=mentor,
        data={
            "date": day,
            "counterpart_kind": "teacher_student",
            "task": MentorTaskFactory(),
            "channel": "video",
            "duration_minutes": 30,
        },
    )


def test_coordinator_moves_mentor_closing_the_old_period_the_day_before(client, coordinator, moved):
    mentor, old, new = moved
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:move", args=[mentor.pk]), {"college": new.pk, "on": "2026-03-01"}
    )
    assert response.status_code == 302
    periods = list(MembershipPeriod.objects.filter(mentor=mentor).order_by("starts_on"))
    assert [(p.college_id, p.starts_on, p.ends_on) for p in periods] == [
        (old.pk, datetime.date(2025, 1, 1), datetime.date(2026, 2, 28)),
        (new.pk, datetime.date(2026, 3, 1), None),
    ]
    mentor.refresh_from_db()
    assert mentor.college == new


def test_move_before_the_current_period_started_is_refused_next_to_the_date(
    client, coordinator, moved
):
    mentor, old, new = moved
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:move", args=[mentor.pk]), {"college": new.pk, "on": "2024-12-01"}
    )
    assert response.status_code == 200
    assert "after the current membership started" in str(response.context["form"].errors["on"])
    assert MembershipPeriod.objects.filter(mentor=mentor).count() == 1


def test_editing_a_past_period_to_overlap_is_refused_with_a_clear_message(
    client, coordinator, moved
):
    mentor, old, new = moved
    membership_services.move_mentor(mentor=mentor, college=new, on=datetime.date(2026, 3, 1))
    past = MembershipPeriod.objects.get(mentor=mentor, college=old)
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:membership_edit", args=[mentor.pk, past.pk]),
        {"starts_on": "2025-01-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "overlaps the membership in New College" in str(response.context["form"].errors)
    past.refresh_from_db()
    assert past.ends_on == datetime.date(2026, 2, 28)


def test_editing_a_past_period_without_overlap_is_saved(client, coordinator, moved):
    mentor, old, new = moved
    membership_services.move_mentor(mentor=mentor, college=new, on=datetime.date(2026, 3, 1))
    past = MembershipPeriod.objects.get(mentor=mentor, college=old)
    client.force_login(coordinator)
    response = client.post(
        reverse("mentors:membership_edit", args=[mentor.pk, past.pk]),
        {"starts_on": "2024-09-01", "ends_on": "2026-02-28"},
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert past.starts_on == datetime.date(2024, 9, 1)


def test_mentor_detail_shows_membership_history(client, coordinator, moved):
    mentor, old, new = moved
    membership_services.move_mentor(mentor=mentor, college=new, on=datetime.date(2026, 3, 1))
    client.force_login(coordinator)
    page = client.get(reverse("mentors:detail", args=[mentor.pk])).content.decode()
    assert "Membership history" in page
    assert "Old College" in page and "New College" in page


def test_contacts_count_for_the_college_of_their_day_after_a_move(client, coordinator, moved):
    mentor, old, new = moved
    before = _log(mentor, datetime.date(2026, 2, 10))
    membership_services.move_mentor(mentor=mentor, college=new, on=datetime.date(2026, 3, 1))
    mentor.refresh_from_db()
    after = _log(mentor, datetime.date(2026, 4, 10))
    assert Contact.objects.get(pk=before.pk).college == old
    assert Contact.objects.get(pk=after.pk).college == new

    client.force_login(coordinator)
    response = client.get(
        reverse("dashboard"),
        {"period": "custom", "date_from": "2026-01-01", "date_to": "2026-06-15"},
    )
    rows = {
        row["college"]: row["contacts"]
        for row in response.context["figures"]["mentors"]["by_college"]
    }
    assert rows["Old College"] == 1
    assert rows["New College"] == 1


def test_backdated_move_reassigns_contacts_from_the_move_date(moved):
    mentor, old, new = moved
    contact = _log(mentor, datetime.date(2026, 5, 1))
    assert contact.college == old
    membership_services.move_mentor(mentor=mentor, college=new, on=datetime.date(2026, 4, 1))
    assert Contact.objects.get(pk=contact.pk).college == new


def test_college_coordinator_cannot_move_another_colleges_mentor(client, moved):
    mentor, old, new = moved
    outsider = college_coordinator_for(new)
    client.force_login(outsider)
    assert client.get(reverse("mentors:move", args=[mentor.pk])).status_code == 404
    period = MembershipPeriod.objects.get(mentor=mentor)
    assert (
        client.get(reverse("mentors:membership_edit", args=[mentor.pk, period.pk])).status_code
        == 404
    )


def test_move_pages_need_login_and_a_pool_role(client, mentor, moved):
    moved_mentor = moved[0]
    url = reverse("mentors:move", args=[moved_mentor.pk])
    assert client.get(url).status_code == 302
    client.force_login(mentor.user)
    assert client.get(url).status_code == 403
