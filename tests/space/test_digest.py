"""Followers' digest emails: daily or weekly, in the recipient's language, bulk with
one-click unsubscribe, through the outbox, each period once."""

import datetime
import email
import email.policy

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leadvet.mail_preferences import turn_off
from leadvet.models import BulkEmail
from space import services
from space.models import DigestChoice, DigestEmail, Follow
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


@pytest.fixture
def followed(space):
    topic = TopicFactory(title="Shadowing days", author=space["mentor"].user)
    Follow.objects.create(user=space["mentor"].user, topic=topic)
    return topic


NEXT_RUN = {"daily": datetime.timedelta(days=1), "weekly": datetime.timedelta(days=7)}


def owe(frequency, django_capture_on_commit_callbacks, now=None):
    """Beat's next run: the period that holds today's posts is over by then."""
    now = now or timezone.now() + NEXT_RUN[frequency]
    with django_capture_on_commit_callbacks(execute=True):
        return services.owe_digests(frequency=frequency, now=now)


def test_followers_get_a_weekly_digest_of_others_posts(
    space, followed, django_capture_on_commit_callbacks
):
    PostFactory(topic=followed, author=space["educator"], body="Group 3 would love that")
    assert owe("weekly", django_capture_on_commit_callbacks) == 1
    [message] = mail.outbox
    assert message.to == [space["mentor"].user.email]
    assert message.subject.endswith("This week in the network space")
    assert "Shadowing days" in message.body
    assert "Group 3 would love that" in message.body
    assert f"/space/{followed.pk}/" in message.body
    msg = parsed(message)
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in msg["List-Unsubscribe"]
    # The same week owes nothing more.
    assert owe("weekly", django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_own_posts_and_unfollowed_topics_make_no_digest(
    space, followed, django_capture_on_commit_callbacks
):
    PostFactory(topic=followed, author=space["mentor"].user)
    PostFactory(topic=TopicFactory(), author=space["educator"])
    assert owe("weekly", django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_daily_is_chosen_and_weekly_then_skips_the_person(
    client, space, followed, django_capture_on_commit_callbacks
):
    client.force_login(space["mentor"].user)
    client.post(reverse("space:digest_settings"), {"frequency": "daily"})
    assert DigestChoice.objects.get(user=space["mentor"].user).frequency == "daily"
    PostFactory(topic=followed, author=space["educator"])
    assert owe("weekly", django_capture_on_commit_callbacks) == 0
    assert owe("daily", django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].subject.endswith("Today in the network space")


def test_a_post_older_than_the_period_is_not_in_the_digest(
    space, followed, django_capture_on_commit_callbacks
):
    PostFactory(
        topic=followed,
        author=space["educator"],
        created_at=timezone.now() - datetime.timedelta(days=8),
    )
    assert owe("weekly", django_capture_on_commit_callbacks) == 0


def test_the_digest_is_in_the_recipients_language(
    space, followed, django_capture_on_commit_callbacks
):
    user = space["mentor"].user
    user.language = "fi"
    user.save()
    PostFactory(topic=followed, author=space["educator"])
    owe("weekly", django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject.endswith("Tällä viikolla verkoston tilassa")


def test_an_address_that_turned_digests_off_gets_none(
    space, followed, django_capture_on_commit_callbacks
):
    turn_off(address=space["mentor"].user.email, kind=BulkEmail.SPACE_DIGEST)
    PostFactory(topic=followed, author=space["educator"])
    owe("weekly", django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert DigestEmail.objects.get().sent_at is not None  # settled, never owed again


def test_a_post_hidden_before_sending_leaves_nothing_to_send(
    space, followed, django_capture_on_commit_callbacks
):
    reply = PostFactory(topic=followed, author=space["educator"])
    with django_capture_on_commit_callbacks(execute=False):
        services.owe_digests(frequency="weekly", now=timezone.now() + NEXT_RUN["weekly"])
    services.set_post_hidden(post=reply, by=space["coordinator"], hidden=True)
    from space.tasks import send_digests

    send_digests(list(DigestEmail.objects.values_list("pk", flat=True)))
    assert mail.outbox == []


def test_a_follower_who_lost_sight_of_a_topic_gets_nothing_of_it(
    space, django_capture_on_commit_callbacks
):
    topic = TopicFactory(audience="college", college=space["omnia"])
    Follow.objects.create(user=space["estonian"].user, topic=topic)
    PostFactory(topic=topic, author=space["mentor"].user)
    owe("weekly", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_digest_page_lists_followed_topics_and_the_choice(client, space, followed):
    client.force_login(space["mentor"].user)
    page = client.get(reverse("space:digest_settings"))
    assert list(page.context["page_obj"].object_list) == [followed]
    assert page.context["form"].initial["frequency"] == "weekly"
    refused = client.post(reverse("space:digest_settings"), {"frequency": "hourly"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not DigestChoice.objects.exists()


def test_beat_owes_daily_and_weekly_digests(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["space-daily-digests"]["args"] == ("daily",)
    assert schedule["space-weekly-digests"]["args"] == ("weekly",)
    assert schedule["space-weekly-digests"]["task"] == "space.tasks.owe_digests"


def test_posts_written_before_following_are_not_news(space, django_capture_on_commit_callbacks):
    topic = TopicFactory()
    PostFactory(topic=topic, author=space["educator"])
    Follow.objects.create(
        user=space["mentor"].user,
        topic=topic,
        created_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    assert owe("weekly", django_capture_on_commit_callbacks) == 0


def test_the_windows_follow_each_other_whatever_time_beat_runs(space):
    monday_morning = timezone.make_aware(datetime.datetime(2026, 11, 30, 6, 0, 3))
    since, until, key = services.digest_window("weekly", monday_morning)
    assert (since.date(), until.date(), key) == (
        datetime.date(2026, 11, 23),
        datetime.date(2026, 11, 30),
        "w2026-48",
    )
    late = services.digest_window("weekly", monday_morning + datetime.timedelta(hours=30))
    assert late == (since, until, key)
    next_week = services.digest_window("weekly", monday_morning + datetime.timedelta(days=7))
    assert next_week[0] == until
    day = services.digest_window("daily", monday_morning)
    assert (day[0].date(), day[1].date(), day[2]) == (
        datetime.date(2026, 11, 29),
        datetime.date(2026, 11, 30),
        "d2026-11-29",
    )


def test_a_post_in_the_period_is_digested_once_across_runs(
    space, followed, django_capture_on_commit_callbacks
):
    PostFactory(topic=followed, author=space["educator"])
    assert owe("daily", django_capture_on_commit_callbacks) == 0  # weekly is the default
    assert owe("weekly", django_capture_on_commit_callbacks) == 1
    later = timezone.now() + datetime.timedelta(days=7, hours=3)
    assert owe("weekly", django_capture_on_commit_callbacks, now=later) == 0
    assert len(mail.outbox) == 1
