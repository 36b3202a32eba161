import datetime

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentors.models import Availability, Mentor, Notice
from mentors.selectors import availability as availability_selectors
from mentors.tasks import nudge_expired_availability, send_notice
from tests.factories import AvailabilityFactory, MentorFactory, MentorTaskFactory

pytestmark = pytest.mark.django_db


def period_data(**overrides):
    today = timezone.localdate()
    data = {
        "kind": "available",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=60)).isoformat(),
        "hours_per_month": 6,
        "mode": "remote",
        "note": "Tuesdays work best",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url_name,args",
    [
        ("mentors:availability_list", []),
        ("mentors:availability_create", []),
        ("mentors:availability_edit", [1]),
        ("mentors:availability_delete", [1]),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, url_name, args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_teacher_educator_has_no_availability_page(client, teacher_educator):
    client.force_login(teacher_educator)
    assert client.get(reverse("mentors:availability_list")).status_code == 403


def test_mentor_adds_a_period_with_tasks(client, mentor):
    task = MentorTaskFactory()
    client.force_login(mentor.user)
    response = client.post(reverse("mentors:availability_create"), period_data(tasks=[task.pk]))
    assert response.status_code == 302
    period = Availability.objects.get()
    assert period.mentor == mentor
    assert period.mode == "remote"
    assert list(period.tasks.all()) == [task]
    page = client.get(reverse("mentors:availability_list"))
    assert "Available now" in page.content.decode()


def test_period_ending_before_it_starts_is_refused(client, mentor):
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability_create"), period_data(ends_on="2020-01-01")
    )
    assert "ends_on" in response.context["form"].errors
    assert not Availability.objects.exists()


def test_overlapping_period_of_the_same_kind_is_refused_naming_the_other(client, mentor):
    existing = AvailabilityFactory(
        mentor=mentor, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 12, 31)
    )
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability_create"),
        period_data(starts_on="2026-12-01", ends_on="2027-03-31"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "overlap" in content
    assert "1.9.2026" in content and "31.12.2026" in content
    assert list(Availability.objects.all()) == [existing]


def test_away_period_may_overlap_an_available_period(client, mentor):
    AvailabilityFactory(
        mentor=mentor, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 12, 31)
    )
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability_create"),
        period_data(kind="away", starts_on="2026-10-01", ends_on="2026-10-14"),
    )
    assert response.status_code == 302
    assert Availability.objects.count() == 2


def test_editing_a_period_into_an_overlap_is_refused_and_nothing_changes(client, mentor):
    AvailabilityFactory(
        mentor=mentor, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 31)
    )
    second = AvailabilityFactory(
        mentor=mentor, starts_on=datetime.date(2026, 6, 1), ends_on=datetime.date(2026, 8, 31)
    )
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability_edit", args=[second.pk]),
        period_data(starts_on="2026-03-01", ends_on="2026-08-31"),
    )
    assert response.status_code == 200
    assert "overlap" in response.content.decode()
    second.refresh_from_db()
    assert second.starts_on == datetime.date(2026, 6, 1)


def test_mentor_edits_and_deletes_own_period(client, mentor):
    period = AvailabilityFactory(mentor=mentor, hours_per_month=4)
    client.force_login(mentor.user)
    response = client.post(
        reverse("mentors:availability_edit", args=[period.pk]),
        period_data(
            starts_on=period.starts_on.isoformat(),
            ends_on=period.ends_on.isoformat(),
            hours_per_month=10,
        ),
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.hours_per_month == 10
    assert client.post(reverse("mentors:availability_delete", args=[period.pk])).status_code == 302
    assert not Availability.objects.exists()


@pytest.mark.parametrize("url_name", ["mentors:availability_edit", "mentors:availability_delete"])
def test_mentor_cannot_reach_another_mentors_period(client, mentor, other_mentor, url_name):
    period = AvailabilityFactory(mentor=other_mentor)
    client.force_login(mentor.user)
    assert client.get(reverse(url_name, args=[period.pk])).status_code == 404
    assert client.post(reverse(url_name, args=[period.pk]), period_data()).status_code == 404
    assert Availability.objects.filter(pk=period.pk).exists()


def test_mentor_lists_only_own_periods(client, mentor, other_mentor):
    mine = AvailabilityFactory(mentor=mentor)
    AvailabilityFactory(mentor=other_mentor)
    client.force_login(mentor.user)
    assert list(client.get(reverse("mentors:availability_list")).context["periods"]) == [mine]


def test_available_now_is_derived_from_periods():
    today = timezone.localdate()
    available = AvailabilityFactory().mentor
    away = AvailabilityFactory().mentor
    AvailabilityFactory(
        mentor=away, kind="away", starts_on=today, ends_on=today + datetime.timedelta(days=3)
    )
    expired = AvailabilityFactory(
        starts_on=today - datetime.timedelta(days=90), ends_on=today - datetime.timedelta(days=1)
    ).mentor
    future = AvailabilityFactory(
        starts_on=today + datetime.timedelta(days=5), ends_on=today + datetime.timedelta(days=50)
    ).mentor
    nothing = MentorFactory()
    now_available = set(Mentor.objects.filter(availability_selectors.available_now_q()))
    assert now_available == {available}
    flags = dict(
        availability_selectors.with_available_now(Mentor.objects.all()).values_list(
            "pk", "available_now"
        )
    )
    assert flags == {
        available.pk: True,
        away.pk: False,
        expired.pk: False,
        future.pk: False,
        nothing.pk: False,
    }


def test_monthly_nudge_is_scheduled_on_the_first_day_of_the_month():
    entry = next(
        e
        for e in django_settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "mentors.tasks.nudge_expired_availability"
    )
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].day_of_month == {1}


def test_nudge_goes_once_a_month_to_mentors_whose_availability_ran_out(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)):
        expired = AvailabilityFactory(
            starts_on=datetime.date(2025, 9, 1), ends_on=datetime.date(2026, 2, 15)
        ).mentor
        AvailabilityFactory(starts_on=datetime.date(2026, 4, 1), ends_on=datetime.date(2026, 6, 30))
        AvailabilityFactory(
            starts_on=datetime.date(2025, 9, 1),
            ends_on=datetime.date(2026, 2, 1),
            mentor__nudges_paused=True,
        )
        AvailabilityFactory(
            starts_on=datetime.date(2025, 9, 1),
            ends_on=datetime.date(2026, 2, 1),
            mentor__status="paused",
        )
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                nudge_expired_availability.delay()
        assert [m.to for m in mail.outbox] == [[expired.user.email]]
        notice = Notice.objects.get(kind=Notice.Kind.AVAILABILITY_NUDGE)
        assert notice.key == "2026-03"
        assert notice.sent_at is not None
    with time_machine.travel(datetime.datetime(2026, 4, 1, 8, 0, tzinfo=datetime.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            nudge_expired_availability.delay()
    assert len(mail.outbox) == 2
    assert Notice.objects.filter(kind=Notice.Kind.AVAILABILITY_NUDGE).count() == 2
    assert reverse("mentors:availability_list") in mail.outbox[1].body


def test_mentor_opens_the_period_forms(client, mentor):
    period = AvailabilityFactory(mentor=mentor, note="Mornings only")
    client.force_login(mentor.user)
    assert client.get(reverse("mentors:availability_create")).status_code == 200
    response = client.get(reverse("mentors:availability_edit", args=[period.pk]))
    assert response.status_code == 200
    assert "Mornings only" in response.content.decode()


def test_a_notice_delivered_twice_sends_one_email(mentor):
    notice = Notice.objects.create(
        kind=Notice.Kind.AVAILABILITY_NUDGE, key="2026-05", recipient=mentor.user
    )
    assert send_notice.delay(notice.pk).get() is True
    assert send_notice.delay(notice.pk).get() is False
    assert len(mail.outbox) == 1
