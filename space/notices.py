"""The emails and chat messages of the network space: the followers' digest (the outbox's
builder) and the webhook's message about a new topic."""

import datetime
from itertools import groupby

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from leadvet.lib.mail import build_email
from leadvet.models import BulkEmail
from space.models import DigestEmail, Topic
from space.selectors import digest_posts

# A digest lists at most this many posts; the rest are a link away.
DIGEST_LIMIT = 50


def _absolute(url_name: str, *args) -> str:
    return settings.SITE_URL + reverse(url_name, args=args)


def build_digests(rows: list[DigestEmail], now: datetime.datetime):
    """Each digest row with its email, or None when there is nothing new for the person
    (the posts were hidden since, the account closed): settled without an email."""
    for row in rows:
        recipient = row.recipient
        if not recipient.is_active:
            yield row, None
            continue
        posts = digest_posts(recipient, since=row.since, until=row.until)
        if not posts:
            yield row, None
            continue
        shown = posts[:DIGEST_LIMIT]
        topics = [
            {
                "title": topic.title,
                "url": _absolute("space:topic_detail", topic.pk),
                "posts": list(group),
            }
            for topic, group in groupby(shown, key=lambda post: post.topic)
        ]
        context = {
            "recipient": recipient,
            "topics": topics,
            "count": len(posts),
            "more": len(posts) - len(shown),
            "daily": row.key.startswith("d"),
            "space_url": _absolute("space:topic_list"),
            "settings_url": _absolute("space:digest_settings"),
        }
        yield (
            row,
            build_email(
                to=[recipient.email],
                template="space/digest",
                context=context,
                language=recipient.language,
                bulk_kind=BulkEmail.SPACE_DIGEST,
            ),
        )


def webhook_message(topic: Topic) -> dict:
    """Teams' and Slack's incoming webhooks both take a JSON object with `text`."""
    with translation.override(settings.LANGUAGE_CODE):
        kind = topic.get_kind_display()
        author = topic.author.get_full_name() if topic.author else ""
        text = _("New topic in the network space (%(kind)s): %(title)s") % {
            "kind": kind,
            "title": topic.title,
        }
        if author:
            text += " — " + author
    return {"text": f"{text}\n{_absolute('space:topic_detail', topic.pk)}"}
