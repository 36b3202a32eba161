"""Writes of the network space: topics, posts, moderation, reports, follows, digests, the
chat webhook. Keyword-only, one transaction each; Celery work enqueued on commit."""

import datetime
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.outbox import chunked
from leadvet.lib.pseudonyms import identifiers, replacer
from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors.models import Announcement
from mentors.services.announcements import publish_announcement
from space import permissions, tasks
from space.models import (
    Audience,
    DigestChoice,
    DigestEmail,
    Follow,
    Post,
    Report,
    Topic,
    Webhook,
)
from space.selectors import digest_recipients


class RateLimited(ValidationError):
    pass


def check_rate(*, author: User) -> None:
    """At most SPACE_POSTS_PER_WINDOW posts per person in the rate window (counted in the
    database, so every web node counts the same)."""
    since = timezone.now() - datetime.timedelta(minutes=settings.SPACE_RATE_WINDOW_MINUTES)
    written = Post.objects.filter(author=author, created_at__gte=since).count()
    if written >= settings.SPACE_POSTS_PER_WINDOW:
        raise RateLimited(
            _(
                "You have posted %(count)d times in the last %(minutes)d minutes. "
                "Please wait a few minutes before posting again."
            )
            % {"count": written, "minutes": settings.SPACE_RATE_WINDOW_MINUTES},
            code="rate_limited",
        )


def _audience_target(*, author: User, audience: str, country, college, vte_group) -> dict:
    """The topic's target for its audience, refused when the author does not reach it."""
    reach = permissions.audiences_for(author)
    if audience == Audience.NETWORK:
        return {"country": None, "college": None, "vte_group": None}
    if audience == Audience.COUNTRY:
        if country is None:
            raise ValidationError({"country": _("Choose the country the topic is for.")})
        if not reach.everything and country.pk not in reach.countries:
            raise ValidationError({"country": _("You can only post to your own country.")})
        return {"country": country, "college": None, "vte_group": None}
    if audience == Audience.COLLEGE:
        if college is None:
            raise ValidationError({"college": _("Choose the college the topic is for.")})
        if not reach.everything and college.pk not in reach.colleges:
            raise ValidationError({"college": _("You can only post to your own college.")})
        return {"country": None, "college": college, "vte_group": None}
    if audience == Audience.GROUP:
        if vte_group is None:
            raise ValidationError({"vte_group": _("Choose the VTE group the topic is for.")})
        if not reach.everything and vte_group.pk not in reach.groups:
            raise ValidationError({"vte_group": _("You can only post to your own VTE groups.")})
        return {"country": None, "college": None, "vte_group": vte_group}
    raise ValidationError({"audience": _("Choose who sees the topic.")})


def start_topic(
    *,
    author: User,
    kind: str,
    title: str,
    body: str,
    audience: str,
    country=None,
    college=None,
    vte_group=None,
    link: str = "",
    attachment=None,
) -> Topic:
    if not permissions.is_member(author):
        raise PermissionDenied
    target = _audience_target(
        author=author, audience=audience, country=country, college=college, vte_group=vte_group
    )
    with transaction.atomic():
        check_rate(author=author)
        now = timezone.now()
        topic = Topic.objects.create(
            author=author,
            kind=kind,
            title=title,
            audience=audience,
            created_at=now,
            last_post_at=now,
            **target,
        )
        post = Post(
            topic=topic, author=author, body=body, link=link, is_opening=True, created_at=now
        )
        if attachment:
            post.attachment = attachment
        post.save()
        Follow.objects.get_or_create(user=author, topic=topic)
        if audience == Audience.NETWORK:
            enqueue_on_commit(tasks.notify_webhook, topic.pk)
    return topic


def reply(*, topic: Topic, author: User, body: str, link: str = "", attachment=None) -> Post:
    if not permissions.can_reply(author, topic):
        raise PermissionDenied
    with transaction.atomic():
        check_rate(author=author)
        now = timezone.now()
        post = Post(topic=topic, author=author, body=body, link=link, created_at=now)
        if attachment:
            post.attachment = attachment
        post.save()
        Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1, last_post_at=now)
        Follow.objects.get_or_create(user=author, topic=topic)
    return post


@transaction.atomic
def edit_post(
    *, post: Post, by: User, body: str, link: str, attachment=None, title: str | None = None
) -> Post:
    """The author within the edit window, or a coordinator; the opening post's edit may
    change the topic's title too."""
    if not permissions.can_edit_post(by, post):
        raise PermissionDenied
    post.body = body
    post.link = link
    if attachment is False:
        post.attachment.delete(save=False)
        post.attachment = ""
    elif attachment:
        post.attachment = attachment
    post.edited_at = timezone.now()
    post.save()
    if post.is_opening and title:
        Topic.objects.filter(pk=post.topic_id).update(title=title)
        post.topic.title = title
    return post


def _moderator(by: User) -> None:
    if not permissions.can_moderate(by):
        raise PermissionDenied


@transaction.atomic
def set_pinned(*, topic: Topic, by: User, pinned: bool) -> Topic:
    _moderator(by)
    topic.pinned = pinned
    topic.save(update_fields=["pinned"])
    return topic


@transaction.atomic
def set_locked(*, topic: Topic, by: User, locked: bool) -> Topic:
    _moderator(by)
    topic.locked = locked
    topic.save(update_fields=["locked"])
    return topic


@transaction.atomic
def set_topic_hidden(*, topic: Topic, by: User, hidden: bool) -> Topic:
    _moderator(by)
    topic.hidden_at = timezone.now() if hidden else None
    topic.save(update_fields=["hidden_at"])
    return topic


@transaction.atomic
def set_post_hidden(*, post: Post, by: User, hidden: bool) -> Post:
    """Hiding a post settles its open reports; the opening post hides the whole topic."""
    _moderator(by)
    now = timezone.now()
    if post.is_opening:
        set_topic_hidden(topic=post.topic, by=by, hidden=hidden)
    post.hidden_at = now if hidden else None
    post.save(update_fields=["hidden_at"])
    if hidden:
        Report.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=by
        )
    return post


def report_post(*, post: Post, by: User, reason: str) -> Report:
    if not permissions.can_report_post(by, post):
        raise PermissionDenied
    with transaction.atomic():
        report, created = Report.objects.get_or_create(
            post=post, reporter=by, defaults={"reason": reason}
        )
        if not created and report.resolved_at is None:
            report.reason = reason
            report.save(update_fields=["reason"])
    return report


@transaction.atomic
def resolve_report(*, report: Report, by: User) -> Report:
    _moderator(by)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = by
        report.save(update_fields=["resolved_at", "resolved_by"])
    return report


def follow(*, topic: Topic, user: User) -> None:
    if not permissions.can_see_topic(user, topic):
        raise PermissionDenied
    Follow.objects.get_or_create(user=user, topic=topic)


def unfollow(*, topic: Topic, user: User) -> None:
    Follow.objects.filter(user=user, topic=topic).delete()


def choose_digest(*, user: User, frequency: str) -> DigestChoice:
    choice, _created = DigestChoice.objects.update_or_create(
        user=user, defaults={"frequency": DigestChoice.Frequency(frequency)}
    )
    return choice


@transaction.atomic
def link_event(*, topic: Topic, by: User, event) -> Topic:
    if not permissions.can_link_event(by, topic):
        raise PermissionDenied
    topic.event = event
    topic.save(update_fields=["event"])
    return topic


ANNOUNCEMENT_AUDIENCES = {
    Audience.NETWORK: Announcement.Audience.ALL,
    Audience.COUNTRY: Announcement.Audience.COUNTRY,
    Audience.COLLEGE: Announcement.Audience.COLLEGE,
}


def make_announcement(
    *, post: Post, by: User, texts: dict, audience: str, country=None, college=None
) -> Announcement:
    """Publish the post as an announcement to mentors (mentors' announcements service, which
    emails them); the post keeps a link to it. `texts`: the title and body per language
    (`title_en`, `body_fi`, …)."""
    if not permissions.can_make_announcement(by, post):
        raise PermissionDenied
    if post.announcement_id is not None:
        raise ValidationError(_("This post has already been made an announcement."))
    with transaction.atomic():
        announcement = publish_announcement(
            author=by, texts=texts, audience=audience, country=country, college=college
        )
        Post.objects.filter(pk=post.pk).update(announcement=announcement)
        post.announcement = announcement
    return announcement


# Chat webhook


def validate_webhook_url(url: str) -> None:
    """An https address on a named host: never plain http, an IP address or this machine."""
    if not url:
        return
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        raise ValidationError(_("Enter an https:// address."), code="https")
    if parts.username or parts.password:
        raise ValidationError(_("The address may not contain a user name or password."))
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise ValidationError(
            _("Enter the webhook's address with its host name, not an IP address.")
        )
    if (
        host == "localhost"
        or host.endswith((".localhost", ".local", ".internal"))
        or "." not in host
    ):
        raise ValidationError(_("Enter the address of a webhook on the internet."))


def set_webhook(*, url: str, by: User) -> Webhook:
    _moderator(by)
    validate_webhook_url(url)
    webhook, _created = Webhook.objects.update_or_create(
        pk=1, defaults={"url": url, "updated_by": by, "updated_at": timezone.now()}
    )
    return webhook


# Digests


def digest_window(
    frequency: str, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime, str]:
    """The last whole period before `now`, local midnight to midnight (weekly: Monday to
    Monday), and its key: whenever beat runs on a day, the windows follow each other without
    a gap or an overlap, so every post is in one digest of each frequency."""
    today = timezone.localdate(now)
    if frequency == DigestChoice.Frequency.DAILY:
        end = today
        start = end - datetime.timedelta(days=1)
        key = f"d{start.isoformat()}"
    else:
        end = today - datetime.timedelta(days=today.weekday())
        start = end - datetime.timedelta(days=7)
        year, week, _weekday = start.isocalendar()
        key = f"w{year}-{week:02d}"
    midnight = datetime.time.min
    since = timezone.make_aware(datetime.datetime.combine(start, midnight))
    until = timezone.make_aware(datetime.datetime.combine(end, midnight))
    return since, until, key


def owe_digests(*, frequency: str, now: datetime.datetime | None = None) -> int:
    """Owe one digest per follower with this frequency who has new posts by others in the
    topics they follow in the last whole period; enqueue them. Weekly is everyone's default."""
    frequency = DigestChoice.Frequency(frequency)
    since, until, key = digest_window(frequency, now or timezone.now())
    with transaction.atomic():
        user_ids = list(digest_recipients(frequency=frequency, since=since, until=until))
        DigestEmail.objects.bulk_create(
            [
                DigestEmail(recipient_id=user_id, key=key, since=since, until=until)
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        owed = list(
            DigestEmail.objects.filter(key=key, sent_at__isnull=True).values_list("pk", flat=True)
        )
        for chunk in chunked(owed):
            enqueue_on_commit(tasks.send_digests, chunk)
    return len(owed)


# Personal data


def forget_author(*, user: User, replacements: dict[str, str], **kwargs) -> None:
    """When a person is anonymised (mentors.signals.mentor_anonymised): the text they wrote
    and their files go, their posts stay as removed so the replies keep their place; where
    others named them, the pseudonym replaces the old name; their follows, digest choice and
    owed digests go."""
    now = timezone.now()
    for post in Post.objects.filter(author=user).exclude(attachment=""):
        post.attachment.delete(save=False)
    Post.objects.filter(author=user).update(body="", link="", attachment="", removed_at=now)
    replace = replacer(replacements)
    old = identifiers(replacements)
    if old:
        naming = Q()
        for identifier in old:
            naming |= Q(body__icontains=identifier)
        for post in Post.objects.filter(naming).only("pk", "body"):
            Post.objects.filter(pk=post.pk).update(body=replace(post.body))
        titled = Q()
        for identifier in old:
            titled |= Q(title__icontains=identifier)
        for topic in Topic.objects.filter(titled).only("pk", "title"):
            Topic.objects.filter(pk=topic.pk).update(title=replace(topic.title))
        reasons = Q()
        for identifier in old:
            reasons |= Q(reason__icontains=identifier)
        for report in Report.objects.filter(reasons).only("pk", "reason"):
            Report.objects.filter(pk=report.pk).update(reason=replace(report.reason))
    Report.objects.filter(reporter=user).update(reason="")
    Follow.objects.filter(user=user).delete()
    DigestChoice.objects.filter(user=user).delete()
    DigestEmail.objects.filter(recipient=user, sent_at__isnull=True).delete()
