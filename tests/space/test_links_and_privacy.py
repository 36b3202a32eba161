"""A post made an announcement, a topic linked to an event, the API, personal data."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from mentors.models import Announcement
from mentors.services.privacy import anonymise_mentor
from space.models import DigestChoice, Follow, Post, Topic
from tests.factories import EventFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_turns_a_post_into_an_announcement(client, space):
    topic = TopicFactory(title="Training in March", body="Sign up by Friday")
    post = topic.posts.get()
    client.force_login(space["coordinator"])
    form = client.get(reverse("space:post_announce", args=[post.pk])).context["form"]
    # In the reader's language's inputs (English here).
    assert form.initial["title_en"] == "Training in March"
    assert form.initial["body_en"] == "Sign up by Friday"
    response = client.post(
        reverse("space:post_announce", args=[post.pk]),
        {"title": "Training in March", "body": "Sign up by Friday", "audience": "all"},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.author == space["coordinator"]
    post.refresh_from_db()
    assert post.announcement == announcement
    # Once only.
    client.post(
        reverse("space:post_announce", args=[post.pk]),
        {"title": "Again", "body": "Again", "audience": "all"},
    )
    assert Announcement.objects.count() == 1


def test_a_mentor_cannot_make_an_announcement(client, space):
    post = TopicFactory(author=space["mentor"].user).posts.get()
    client.force_login(space["mentor"].user)
    assert client.get(reverse("space:post_announce", args=[post.pk])).status_code == 403


def test_the_author_links_the_topic_to_an_event(client, space):
    topic = TopicFactory(author=space["mentor"].user)
    event = EventFactory(title="Planning day")
    client.force_login(space["mentor"].user)
    client.post(reverse("space:topic_event", args=[topic.pk]), {"event": event.pk})
    topic.refresh_from_db()
    assert topic.event == event
    page = client.get(reverse("space:topic_detail", args=[topic.pk])).content.decode()
    assert "Planning day" in page
    client.post(reverse("space:topic_event", args=[topic.pk]), {"event": ""})
    topic.refresh_from_db()
    assert topic.event is None


def test_someone_elses_topic_is_not_linked_by_a_member(client, space):
    topic = TopicFactory(author=space["colleague"].user)
    event = EventFactory()
    client.force_login(space["mentor"].user)
    response = client.post(reverse("space:topic_event", args=[topic.pk]), {"event": event.pk})
    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.event is None


def test_a_past_event_cannot_be_linked(client, space):
    topic = TopicFactory(author=space["mentor"].user)
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
    )
    client.force_login(space["mentor"].user)
    response = client.post(reverse("space:topic_event", args=[topic.pk]), {"event": past.pk})
    assert response.status_code == 200 and response.context["form"].errors


def test_the_api_lists_starts_and_replies_to_topics(client, space):
    hidden = TopicFactory(audience="college", college=space["omnia"])
    client.force_login(space["estonian"].user)
    assert client.get(reverse("space-topic-list")).json()["results"] == []
    response = client.post(
        reverse("space-topic-list"),
        {
            "kind": "question",
            "title": "Who hosts?",
            "body": "Study visit in May",
            "audience": "network",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    topic = Topic.objects.get(title="Who hosts?")
    response = client.post(
        reverse("space-topic-reply", args=[topic.pk]),
        {"body": "Bump"},
        content_type="application/json",
    )
    assert response.status_code == 201
    detail = client.get(reverse("space-topic-detail", args=[topic.pk])).json()
    assert [p["body"] for p in detail["posts"]] == ["Study visit in May", "Bump"]
    refused = client.post(
        reverse("space-topic-list"),
        {"title": "Omnia only", "body": "x", "audience": "college", "college": hidden.college_id},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "college" in refused.json()


def test_my_data_holds_my_posts_and_follows(client, space):
    topic = TopicFactory(author=space["mentor"].user, title="My idea", body="Idea text")
    Follow.objects.create(user=space["mentor"].user, topic=topic)
    DigestChoice.objects.create(user=space["mentor"].user, frequency="daily")
    client.force_login(space["mentor"].user)
    data = json.loads(client.get(reverse("my_data")).content)
    assert [p["body"] for p in data["space_posts"]] == ["Idea text"]
    assert data["space_followed_topics"][0]["topic__title"] == "My idea"
    assert data["space_digest"] == "daily"


def test_anonymising_a_mentor_removes_their_text_and_names(space):
    mentor = space["mentor"]
    name = mentor.user.get_full_name()
    topic = TopicFactory(author=mentor.user, body="My own words")
    reply = PostFactory(topic=topic, author=space["educator"], body=f"Thanks {name}!")
    Follow.objects.create(user=mentor.user, topic=topic)
    anonymise_mentor(mentor=mentor, by=space["coordinator"])
    opening = Post.objects.get(topic=topic, is_opening=True)
    assert opening.body == "" and opening.removed_at is not None
    reply.refresh_from_db()
    assert name not in reply.body
    assert "Former mentor" in reply.body
    assert not Follow.objects.filter(user=mentor.user).exists()
