"""Topics and posts: who sees what, posting, replying, editing, moderation, reports, limits."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from space import services
from space.models import Follow, Post, Report, Topic
from tests.factories import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def college_topic(space, **kwargs):
    return TopicFactory(
        audience="college",
        college=space["omnia"],
        author=space["mentor"].user,
        title="Omnia placements",
        **kwargs,
    )


def listed(client, **params):
    return list(client.get(reverse("space:topic_list"), params).context["page_obj"].object_list)


def test_a_college_topic_is_hidden_from_a_mentor_of_another_country(client, space):
    topic = college_topic(space, body="Our placement list")
    post = topic.posts.get()
    client.force_login(space["estonian"].user)
    assert listed(client) == []
    assert client.get(reverse("space:topic_detail", args=[topic.pk])).status_code == 404
    assert client.get(reverse("space:post_report", args=[post.pk])).status_code == 404
    assert client.get(reverse("space:post_attachment", args=[post.pk])).status_code == 404
    found = client.get(reverse("space:search"), {"q": "placement"}).context["page_obj"]
    assert list(found.object_list) == []
    assert client.get(reverse("space-topic-detail", args=[topic.pk])).status_code == 404
    assert client.get(reverse("space-topic-list")).json()["results"] == []
    # Replying by a forged POST changes nothing.
    response = client.post(reverse("space:topic_detail", args=[topic.pk]), {"body": "Hi"})
    assert response.status_code == 404
    assert topic.posts.count() == 1


def test_each_audience_reaches_its_own_people(client, space):
    network = TopicFactory(title="Network")
    finland = TopicFactory(title="Finland", audience="country", country=space["finland"])
    omnia = college_topic(space)
    group = TopicFactory(title="Group", audience="group", vte_group=space["group"])
    expected = {
        "mentor": {network, finland, omnia, group},
        "colleague": {network, finland},
        "estonian": {network},
        "educator": {network, finland, group},
        "coordinator": {network, finland, omnia, group},
    }
    for who, topics in expected.items():
        user = space[who] if who in ("educator", "coordinator") else space[who].user
        client.force_login(user)
        assert set(listed(client)) == topics, who


def test_steering_and_anonymous_people_have_no_space(client, space):
    assert client.get(reverse("space:topic_list")).status_code == 302
    client.force_login(space["steering"])
    assert client.get(reverse("space:topic_list")).status_code == 403


def test_a_mentor_posts_an_idea_and_follows_it(client, space):
    client.force_login(space["mentor"].user)
    response = client.post(
        reverse("space:topic_create"),
        {
            "kind": "idea",
            "title": "Shadowing days",
            "body": "Teacher students could shadow us for a day.",
            "audience": "college",
            "college": space["omnia"].pk,
            "link": "https://example.org/shadowing",
            "attachment": SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        },
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert (topic.kind, topic.audience, topic.college) == ("idea", "college", space["omnia"])
    post = topic.posts.get()
    assert post.is_opening and post.link == "https://example.org/shadowing"
    assert post.attachment.name.startswith("space/") and post.attachment.name.endswith(".pdf")
    assert Follow.objects.filter(user=space["mentor"].user, topic=topic).exists()
    download = client.get(reverse("space:post_attachment", args=[post.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_a_mentor_cannot_post_to_another_college(client, space):
    client.force_login(space["mentor"].user)
    response = client.post(
        reverse("space:topic_create"),
        {
            "kind": "idea",
            "title": "X",
            "body": "Y",
            "audience": "college",
            "college": space["tallinn"].pk,
        },
    )
    assert response.status_code == 200
    assert "college" in response.context["form"].errors
    assert not Topic.objects.exists()


def test_an_upload_whose_content_is_not_its_type_is_refused(client, space):
    client.force_login(space["mentor"].user)
    response = client.post(
        reverse("space:topic_create"),
        {
            "kind": "material",
            "title": "Slides",
            "body": "See attached",
            "audience": "network",
            "attachment": SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors
    assert not Topic.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, space, settings):
    settings.MAX_UPLOAD_SIZE = 100
    client.force_login(space["mentor"].user)
    response = client.post(
        reverse("space:topic_create"),
        {
            "kind": "material",
            "title": "Big",
            "body": "Big file",
            "audience": "network",
            "attachment": SimpleUploadedFile("big.pdf", PDF + b"0" * 200),
        },
    )
    assert "too large" in str(response.context["form"].errors["attachment"])
    assert not Topic.objects.exists()


def test_a_teacher_educator_replies_and_the_topic_counts_it(client, space):
    topic = TopicFactory(audience="group", vte_group=space["group"])
    client.force_login(space["educator"])
    response = client.post(
        reverse("space:topic_detail", args=[topic.pk]), {"body": "Welcome, group!"}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert topic.posts.last().body == "Welcome, group!"
    assert Follow.objects.filter(user=space["educator"], topic=topic).exists()


def test_a_locked_topic_takes_replies_from_coordinators_only(client, space):
    topic = TopicFactory()
    services.set_locked(topic=topic, by=space["coordinator"], locked=True)
    client.force_login(space["mentor"].user)
    page = client.get(reverse("space:topic_detail", args=[topic.pk]))
    assert page.context["reply_form"] is None
    assert "This topic is locked" in page.content.decode()
    forged = client.post(reverse("space:topic_detail", args=[topic.pk]), {"body": "Still?"})
    assert forged.status_code == 403
    client.force_login(space["coordinator"])
    client.post(reverse("space:topic_detail", args=[topic.pk]), {"body": "Closing note"})
    assert topic.posts.count() == 2


def test_pinned_topics_come_first(client, space):
    older = TopicFactory(title="Older")
    TopicFactory(title="Newer")
    client.force_login(space["coordinator"])
    client.post(reverse("space:topic_moderate", args=[older.pk]), {"action": "pin"})
    client.force_login(space["mentor"].user)
    assert [t.title for t in listed(client)] == ["Older", "Newer"]


def test_moderation_is_for_coordinators(client, space):
    topic = TopicFactory(author=space["mentor"].user)
    client.force_login(space["mentor"].user)
    for action in ("pin", "lock", "hide"):
        response = client.post(reverse("space:topic_moderate", args=[topic.pk]), {"action": action})
        assert response.status_code == 403
    topic.refresh_from_db()
    assert not (topic.pinned or topic.locked or topic.is_hidden)


def test_a_hidden_topic_is_gone_for_members_but_not_for_coordinators(client, space):
    topic = TopicFactory()
    client.force_login(space["coordinator"])
    client.post(reverse("space:topic_moderate", args=[topic.pk]), {"action": "hide"})
    assert listed(client) == [topic]
    client.force_login(space["mentor"].user)
    assert listed(client) == []
    assert client.get(reverse("space:topic_detail", args=[topic.pk])).status_code == 404


def test_the_author_edits_within_the_window_only(client, space, settings):
    topic = TopicFactory(author=space["mentor"].user)
    post = topic.posts.get()
    client.force_login(space["mentor"].user)
    response = client.post(
        reverse("space:post_edit", args=[post.pk]),
        {"title": "Better title", "body": "Better text", "link": ""},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    topic.refresh_from_db()
    assert (topic.title, post.body) == ("Better title", "Better text")
    assert post.edited_at is not None
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now()
        - datetime.timedelta(minutes=settings.SPACE_EDIT_WINDOW_MINUTES + 1)
    )
    assert client.get(reverse("space:post_edit", args=[post.pk])).status_code == 403
    client.force_login(space["coordinator"])
    assert client.get(reverse("space:post_edit", args=[post.pk])).status_code == 200


def test_nobody_edits_someone_elses_post(client, space):
    reply = PostFactory(topic=TopicFactory(), author=space["colleague"].user)
    client.force_login(space["mentor"].user)
    response = client.post(reverse("space:post_edit", args=[reply.pk]), {"body": "Mine now"})
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.body != "Mine now"


def test_a_reported_post_reaches_the_coordinators_who_hide_it(client, space):
    reply = PostFactory(topic=TopicFactory(), author=space["colleague"].user, body="Spam link")
    client.force_login(space["mentor"].user)
    client.post(reverse("space:post_report", args=[reply.pk]), {"reason": "Advertising"})
    report = Report.objects.get()
    assert (report.reporter, report.reason) == (space["mentor"].user, "Advertising")
    assert client.get(reverse("space:reports")).status_code == 403
    client.force_login(space["coordinator"])
    assert list(client.get(reverse("space:reports")).context["page_obj"].object_list) == [report]
    client.post(reverse("space:post_hide", args=[reply.pk]), {"next": "reports"})
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert list(client.get(reverse("space:reports")).context["page_obj"].object_list) == []
    client.force_login(space["mentor"].user)
    page = client.get(reverse("space:topic_detail", args=[reply.topic_id]))
    assert "Spam link" not in page.content.decode()


def test_nobody_reports_their_own_post(client, space):
    topic = TopicFactory(author=space["mentor"].user)
    client.force_login(space["mentor"].user)
    url = reverse("space:post_report", args=[topic.posts.get().pk])
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_posting_is_rate_limited(client, space, settings):
    settings.SPACE_POSTS_PER_WINDOW = 2
    topic = TopicFactory(author=space["mentor"].user)  # the opening post counts
    client.force_login(space["mentor"].user)
    client.post(reverse("space:topic_detail", args=[topic.pk]), {"body": "Second"})
    response = client.post(reverse("space:topic_detail", args=[topic.pk]), {"body": "Third"})
    assert response.status_code == 200
    assert "Please wait a few minutes" in response.content.decode()
    assert topic.posts.count() == 2


def test_search_finds_posts_and_titles_case_insensitively(client, space):
    topic = TopicFactory(title="Wellbeing at work", body="Short breaks help")
    PostFactory(topic=topic, body="We tried WALKING meetings")
    TopicFactory(title="Other", body="Nothing related")
    client.force_login(space["mentor"].user)
    found = client.get(reverse("space:search"), {"q": "walking"}).context["page_obj"]
    assert [post.body for post in found.object_list] == ["We tried WALKING meetings"]
    found = client.get(reverse("space:search"), {"q": "wellbeing breaks"}).context["page_obj"]
    assert [post.body for post in found.object_list] == ["Short breaks help"]
    empty = client.get(reverse("space:search"), {"q": "zebra"})
    assert "No posts match your search." in empty.content.decode()


def test_the_empty_space_invites_a_first_topic(client, space):
    client.force_login(space["mentor"].user)
    page = client.get(reverse("space:topic_list")).content.decode()
    assert "No topics yet." in page
    assert reverse("space:topic_create") in page


def test_the_list_is_paginated(client, space):
    TopicFactory.create_batch(21)
    client.force_login(space["coordinator"])
    assert len(listed(client)) == 20
    assert len(listed(client, page=2)) == 1


def test_the_topic_list_makes_the_same_number_of_queries_for_more_topics(
    client, space, django_assert_max_num_queries
):
    TopicFactory.create_batch(3)
    client.force_login(space["mentor"].user)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("space:topic_list"))
    TopicFactory.create_batch(10, audience="college", college=space["omnia"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("space:topic_list"))
    assert len(response.context["page_obj"].object_list) == 13


def test_the_topic_page_makes_the_same_number_of_queries_for_more_posts(
    client, space, django_assert_max_num_queries
):
    topic = TopicFactory()
    PostFactory.create_batch(2, topic=topic)
    client.force_login(space["mentor"].user)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("space:topic_detail", args=[topic.pk]))
    PostFactory.create_batch(15, topic=topic)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("space:topic_detail", args=[topic.pk]))
    assert len(response.context["posts"]) == 18


def test_follow_and_unfollow(client, space):
    topic = TopicFactory()
    client.force_login(space["mentor"].user)
    client.post(reverse("space:topic_follow", args=[topic.pk]))
    assert Follow.objects.filter(user=space["mentor"].user, topic=topic).exists()
    client.post(reverse("space:topic_follow", args=[topic.pk]), {"follow": "0", "next": "digest"})
    assert not Follow.objects.filter(user=space["mentor"].user, topic=topic).exists()


def test_a_college_coordinator_reaches_their_colleges_topics(client, space):
    from tests.factories import college_coordinator_for

    topic = college_topic(space)
    client.force_login(college_coordinator_for(space["omnia"]))
    assert listed(client) == [topic]
    client.force_login(college_coordinator_for(space["tallinn"]))
    assert listed(client) == []


def test_the_navigation_offers_the_space_to_its_members_only(client, space):
    url = reverse("space:topic_list")
    client.force_login(space["mentor"].user)
    assert f'href="{url}"' in client.get(reverse("home")).content.decode()
    client.force_login(space["steering"])
    assert f'href="{url}"' not in client.get(reverse("home")).content.decode()


def test_the_api_refuses_a_reply_to_a_locked_topic(client, space):
    topic = TopicFactory()
    services.set_locked(topic=topic, by=space["coordinator"], locked=True)
    client.force_login(space["mentor"].user)
    response = client.post(
        reverse("space-topic-reply", args=[topic.pk]),
        {"body": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert topic.posts.count() == 1
