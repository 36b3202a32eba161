"""Activity nudges to silent mentors and the weekly follow-up digest to their coordinators."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from leadvet import roles
from mentors.models import Mentor, Notice
from mentors.services import nudges as nudge_services
from mentors.tasks import send_notice
from portal.sweeps import SWEEPS
from tests.factories import (
    AvailabilityFactory,
    ContactFactory,
    MentorFactory,
    PartnerCollegeFactory,
    college_coordinator_for,
    user_with_role,
)
from tests.workers import drain_queue, wait_for_outbox

pytestmark = pytest.mark.django_db


def settle() -> None:
    """Let the worker finish what is queued before the test touches the database again."""
    drain_queue()


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def signed_in_mentor(**kwargs) -> Mentor:
    """A mentor who first signed in long before any grace period: nudges are about their
    contacts, not about when they joined the portal."""
    first = kwargs.pop("first_login_at", timezone.now() - datetime.timedelta(days=400))
    kwargs.setdefault("user", user_with_role(roles.MENTOR, first_login_at=first))
    return MentorFactory(**kwargs)


def nudges_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_both_sweeps_are_registered():
    assert "mentors.services.nudges.enqueue_activity_nudges" in SWEEPS
    assert "mentors.services.nudges.enqueue_follow_up_digests" in SWEEPS


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_silent_mentor_one_nudge_even_when_the_sweep_runs_twice(real_worker):
    silent = signed_in_mentor()
    ContactFactory(mentor=silent, date=days_ago(31))
    signed_in_mentor()  # official since 2023, never logged: also due
    recent = signed_in_mentor()
    ContactFactory(mentor=recent, date=days_ago(3))
    mail.outbox.clear()

    assert nudge_services.enqueue_activity_nudges() == 2
    wait_for_outbox(2)
    settle()
    assert nudge_services.enqueue_activity_nudges() == 0
    notice = Notice.objects.get(kind=Notice.Kind.ACTIVITY_NUDGE, recipient=silent.user)
    send_notice.delay(notice.pk)  # a duplicate message, as after a redelivery
    settle()

    assert len(nudges_to(silent.user)) == 1
    assert nudges_to(recent.user) == []
    assert len(mail.outbox) == 2
    assert notice.key == days_ago(31).isoformat()
    (message,) = nudges_to(silent.user)
    assert "/contacts/new/" in message.body


def test_the_nudge_links_to_the_quick_log_form_and_is_recorded(django_capture_on_commit_callbacks):
    mentor = signed_in_mentor()
    with django_capture_on_commit_callbacks(execute=True):
        nudge_services.enqueue_activity_nudges()
    (message,) = mail.outbox
    assert "/contacts/new/" in message.body
    assert "/contacts/new/" in message.alternatives[0][0]
    notice = Notice.objects.get(kind=Notice.Kind.ACTIVITY_NUDGE, recipient=mentor.user)
    assert notice.key == "never" and notice.sent_at is not None


def test_a_mentor_silent_for_less_than_30_days_gets_no_nudge(django_capture_on_commit_callbacks):
    mentor = signed_in_mentor()
    ContactFactory(mentor=mentor, date=days_ago(29))
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
    assert mail.outbox == []


def test_a_newly_active_mentor_is_not_nudged_before_30_days(django_capture_on_commit_callbacks):
    signed_in_mentor(official_status_date=days_ago(10))
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0


def test_paused_nudges_send_nothing(django_capture_on_commit_callbacks):
    signed_in_mentor(nudges_paused=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
    assert mail.outbox == []
    assert not Notice.objects.filter(kind=Notice.Kind.ACTIVITY_NUDGE).exists()


def test_a_mentor_away_today_gets_no_nudge_until_back(django_capture_on_commit_callbacks):
    mentor = signed_in_mentor()
    AvailabilityFactory(mentor=mentor, kind="away", starts_on=days_ago(5), ends_on=days_ago(-5))
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-6)) == 1
    assert len(nudges_to(mentor.user)) == 1


@pytest.mark.parametrize(
    "status", [Mentor.Status.CANDIDATE, Mentor.Status.PAUSED, Mentor.Status.ALUMNI]
)
def test_only_active_mentors_are_nudged(status, django_capture_on_commit_callbacks):
    signed_in_mentor(status=status)
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0


def test_a_new_contact_and_30_more_silent_days_earn_a_new_nudge(django_capture_on_commit_callbacks):
    mentor = signed_in_mentor()
    ContactFactory(mentor=mentor, date=days_ago(40))
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 1
    ContactFactory(mentor=mentor, date=days_ago(10))
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-19)) == 0
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-20)) == 1
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-21)) == 0
    assert len(nudges_to(mentor.user)) == 2
    keys = set(Notice.objects.filter(kind=Notice.Kind.ACTIVITY_NUDGE).values_list("key", flat=True))
    assert keys == {days_ago(40).isoformat(), days_ago(10).isoformat()}


def test_a_nudge_is_not_sent_when_the_mentor_logged_a_contact_before_it_went_out():
    mentor = signed_in_mentor()
    nudge_services.enqueue_activity_nudges()  # eager tasks, but nothing is committed-run yet
    notice = Notice.objects.get(kind=Notice.Kind.ACTIVITY_NUDGE)
    ContactFactory(mentor=mentor, date=days_ago(0))
    assert send_notice(notice.pk) is False
    assert mail.outbox == []


# Weekly follow-up digest


@pytest.fixture
def colleges(db):
    return PartnerCollegeFactory(name="Silent College"), PartnerCollegeFactory(name="Busy College")


def test_coordinators_get_one_weekly_digest_of_mentors_silent_for_90_days(
    colleges, django_capture_on_commit_callbacks
):
    silent_college, busy_college = colleges
    silent = signed_in_mentor(college=silent_college)
    ContactFactory(mentor=silent, date=days_ago(91))
    busy = signed_in_mentor(college=busy_college)
    ContactFactory(mentor=busy, date=days_ago(2))
    network = user_with_role(roles.COORDINATOR)
    own = college_coordinator_for(silent_college)
    other = college_coordinator_for(busy_college)
    mentor_user = silent.user

    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_follow_up_digests() == 2
        assert nudge_services.enqueue_follow_up_digests() == 0

    digests = [m for m in mail.outbox if m.to != [mentor_user.email]]
    assert sorted(m.to[0] for m in digests) == sorted([network.email, own.email])
    for message in digests:
        assert silent.name in message.body
        assert busy.name not in message.body
    year, week, _day = timezone.localdate().isocalendar()
    assert set(
        Notice.objects.filter(kind=Notice.Kind.FOLLOW_UP_DIGEST).values_list("key", flat=True)
    ) == {f"{year}-W{week:02d}"}
    assert not Notice.objects.filter(recipient=other).exists()


def test_the_next_week_brings_the_next_digest(colleges, django_capture_on_commit_callbacks):
    signed_in_mentor(college=colleges[0])
    network = user_with_role(roles.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_follow_up_digests() == 1
        assert nudge_services.enqueue_follow_up_digests(today=days_ago(-7)) == 1
    assert len([m for m in mail.outbox if m.to == [network.email]]) == 2


def test_no_digest_when_nobody_needs_following_up(colleges, django_capture_on_commit_callbacks):
    mentor = signed_in_mentor(college=colleges[0])
    ContactFactory(mentor=mentor, date=days_ago(10))
    user_with_role(roles.COORDINATOR)
    college_coordinator_for(colleges[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_follow_up_digests() == 0
    assert mail.outbox == []


# Nobody is nudged before they have signed in and had a fair time to act (issue 22, item 2)


def test_an_imported_mentor_who_never_signed_in_is_never_nudged(
    django_capture_on_commit_callbacks,
):
    never = MentorFactory()  # official since 2023, imported, no invitation accepted
    assert never.user.first_login_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-400)) == 0
    assert mail.outbox == []
    assert not Notice.objects.filter(kind=Notice.Kind.ACTIVITY_NUDGE).exists()


def test_the_first_nudge_waits_the_grace_period_after_the_first_sign_in(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACTIVITY_NUDGE_GRACE_DAYS = 14
    mentor = MentorFactory()
    client.force_login(mentor.user)  # the first sign-in is recorded today
    mentor.user.refresh_from_db()
    assert timezone.localdate(mentor.user.first_login_at) == timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-13)) == 0
        assert nudge_services.enqueue_activity_nudges(today=days_ago(-14)) == 1
    assert len(nudges_to(mentor.user)) == 1


def test_a_later_sign_in_does_not_move_the_first_one(client):
    mentor = MentorFactory()
    first = timezone.now() - datetime.timedelta(days=100)
    type(mentor.user).objects.filter(pk=mentor.user.pk).update(first_login_at=first)
    client.force_login(mentor.user)
    mentor.user.refresh_from_db()
    assert mentor.user.first_login_at == first
    assert mentor.user.last_login > first


def test_the_grace_period_is_a_setting(settings, django_capture_on_commit_callbacks):
    mentor = signed_in_mentor(first_login_at=timezone.now() - datetime.timedelta(days=20))
    settings.ACTIVITY_NUDGE_GRACE_DAYS = 30
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 0
    settings.ACTIVITY_NUDGE_GRACE_DAYS = 14
    with django_capture_on_commit_callbacks(execute=True):
        assert nudge_services.enqueue_activity_nudges() == 1
    assert len(nudges_to(mentor.user)) == 1
