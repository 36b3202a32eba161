"""Celery tasks of the network space: thin, take ids, re-read the database, idempotent."""

import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings

from leadvet.lib.outbox import RETRY

logger = logging.getLogger(__name__)


@shared_task(name="space.tasks.send_digests", **RETRY)
def send_digests(digest_ids: list[int]) -> int:
    from leadvet.lib import outbox
    from space.models import DigestEmail

    return outbox.deliver(DigestEmail, digest_ids)


@shared_task(name="space.tasks.owe_digests")
def owe_digests(frequency: str) -> int:
    """Daily and weekly (beat): owe and send the digests of followed topics."""
    from space.services import owe_digests as owe

    return owe(frequency=frequency)


@shared_task(name="space.tasks.notify_webhook")
def notify_webhook(topic_id: int) -> bool:
    """Tell the chat channel about a new topic for the whole network, at most once. A
    failure is logged and never retried into a second message; posting never waits on it."""
    from django.db import transaction
    from django.utils import timezone

    from space.models import Topic
    from space.notices import webhook_message
    from space.selectors import webhook_url

    url = webhook_url()
    if not url:
        return False
    with transaction.atomic():
        topic = (
            Topic.objects.select_for_update(of=("self",))
            .select_related("author")
            .filter(pk=topic_id, webhook_sent_at__isnull=True, hidden_at__isnull=True)
            .first()
        )
        if topic is None or topic.audience != "network":
            return False
        Topic.objects.filter(pk=topic.pk).update(webhook_sent_at=timezone.now())
    if not settings.SPACE_WEBHOOK_PRIVATE_ADDRESSES and not _on_the_internet(url):
        logger.warning("The chat webhook's address is not on the internet: topic %s", topic_id)
        return False
    data = json.dumps(webhook_message(topic)).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SPACE_WEBHOOK_TIMEOUT) as response:
            response.read(1024)
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.warning("The chat webhook did not take topic %s: %s", topic_id, error)
        return False
    return True


def _on_the_internet(url: str) -> bool:
    """Every address the webhook's host name resolves to is a public one: the portal does not
    post to its own network's machines (the check when the address was set cannot see where a
    name points later)."""
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(
        ipaddress.ip_address(address.split("%")[0]).is_global for address in addresses
    )
