"""Reads of the network space: querysets with what their pages show already joined."""

import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from leadvet.models import User
from space import permissions
from space.models import DigestChoice, Follow, Post, Report, Topic, Webhook


def visible_topics(user) -> QuerySet[Topic]:
    """The topics the user may read, hidden ones only for moderators."""
    topics = Topic.objects.select_related("author", "country", "college", "vte_group", "event")
    condition = permissions.visible_topics_filter(user)
    if condition is not None:
        topics = topics.filter(condition)
    if not permissions.can_moderate(user):
        topics = topics.filter(hidden_at__isnull=True)
    return topics


def topic_list(user, *, kind: str = "", following: bool = False) -> QuerySet[Topic]:
    topics = visible_topics(user).annotate(
        followed=Exists(Follow.objects.filter(user=user, topic=OuterRef("pk")))
    )
    if kind:
        topics = topics.filter(kind=kind)
    if following:
        topics = topics.filter(followed=True)
    return topics.order_by("-pinned", "-last_post_at", "-pk")


def topic_for_viewer(user, topic_id: int) -> Topic | None:
    return visible_topics(user).filter(pk=topic_id).first()


def posts_of(topic: Topic, user) -> QuerySet[Post]:
    posts = topic.posts.select_related("author", "announcement")
    if not permissions.can_moderate(user):
        posts = posts.filter(Q(hidden_at__isnull=True) | Q(author=user))
    return posts.order_by("created_at", "pk")


def post_for_viewer(user, post_id: int) -> Post | None:
    post = (
        Post.objects.select_related(
            "topic__author", "topic__country", "topic__college", "topic__vte_group", "author"
        )
        .filter(pk=post_id)
        .first()
    )
    if post is None or not permissions.can_see_post(user, post):
        return None
    return post


def is_following(user, topic: Topic) -> bool:
    return Follow.objects.filter(user=user, topic=topic).exists()


def search_posts(user, query: str) -> QuerySet[Post]:
    """Posts whose text or topic title holds the words (icontains: the same on SQLite and
    PostgreSQL), in the topics the user may read, newest first."""
    posts = Post.objects.select_related("topic", "author").filter(
        topic__in=visible_topics(user).values("pk"), removed_at__isnull=True
    )
    if not permissions.can_moderate(user):
        posts = posts.filter(hidden_at__isnull=True)
    for word in query.split()[:8]:
        posts = posts.filter(Q(body__icontains=word) | Q(topic__title__icontains=word))
    return posts.order_by("-created_at", "-pk")


def open_reports() -> QuerySet[Report]:
    return (
        Report.objects.filter(resolved_at__isnull=True)
        .select_related("post__topic", "post__author", "reporter")
        .order_by("-created_at", "-pk")
    )


def open_report_count() -> int:
    return Report.objects.filter(resolved_at__isnull=True).count()


def digest_frequency(user) -> str:
    choice = DigestChoice.objects.filter(user=user).values_list("frequency", flat=True).first()
    return choice or DigestChoice.Frequency.WEEKLY


def digest_recipients(
    *, frequency: str, since: datetime.datetime, until: datetime.datetime
) -> QuerySet:
    """Ids of active people with this frequency (weekly by default) who follow a topic with
    a post by someone else in [since, until), written after they began following it."""
    chosen = DigestChoice.objects.filter(user=OuterRef("pk"))
    users = User.objects.filter(is_active=True)
    if frequency == DigestChoice.Frequency.WEEKLY:
        users = users.exclude(Exists(chosen.exclude(frequency=frequency)))
    else:
        users = users.filter(Exists(chosen.filter(frequency=frequency)))
    news = Post.objects.filter(
        topic__follows__user=OuterRef("pk"),
        created_at__gt=F("topic__follows__created_at"),
        created_at__gte=since,
        created_at__lt=until,
        hidden_at__isnull=True,
        removed_at__isnull=True,
        topic__hidden_at__isnull=True,
    ).exclude(author=OuterRef("pk"))
    return users.filter(Exists(news)).values_list("pk", flat=True)


def digest_posts(recipient, *, since: datetime.datetime, until: datetime.datetime) -> list[Post]:
    """The new posts by others in the topics the recipient follows and may still read,
    written since they began following (what they saw when they followed is not news)."""
    posts = (
        Post.objects.filter(
            topic__follows__user=recipient,
            created_at__gt=F("topic__follows__created_at"),
            created_at__gte=since,
            created_at__lt=until,
            hidden_at__isnull=True,
            removed_at__isnull=True,
            topic__hidden_at__isnull=True,
        )
        .exclude(author=recipient)
        .select_related("topic__country", "topic__college", "topic__vte_group", "author")
        .order_by("topic__title", "topic_id", "created_at")
    )
    return [post for post in posts if permissions.reaches(recipient, post.topic)]


def webhook_url() -> str:
    return Webhook.objects.filter(pk=1).values_list("url", flat=True).first() or ""


def personal_data_of(user) -> dict:
    return {
        "space_posts": list(
            Post.objects.filter(author=user)
            .order_by("created_at")
            .values(
                "topic__title",
                "is_opening",
                "body",
                "link",
                "attachment",
                "created_at",
                "edited_at",
            )
        ),
        "space_followed_topics": list(
            Follow.objects.filter(user=user)
            .order_by("created_at")
            .values("topic__title", "created_at")
        ),
        "space_reports": list(
            Report.objects.filter(reporter=user)
            .order_by("created_at")
            .values("post_id", "reason", "created_at")
        ),
        "space_digest": digest_frequency(user),
    }
