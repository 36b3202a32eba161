"""Celery tasks of the network space: thin, take ids, re-read the database, idempotent."""

import http.client
import ipaddress
import json
import logging
import socket
import ssl
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
    try:
        _post(url, json.dumps(webhook_message(topic)).encode())
    except NotOnTheInternet:
        logger.warning("The chat webhook's address is not on the internet: topic %s", topic_id)
        return False
    except (OSError, ValueError, http.client.HTTPException) as error:
        logger.warning("The chat webhook did not take topic %s: %s", topic_id, error)
        return False
    return True


class NotOnTheInternet(Exception):
    """The webhook's host name points at a machine of the portal's own network."""


def _post(url: str, data: bytes) -> None:
    """POST `data` to the webhook, connecting to the very address its host name was checked
    at: a name that changes address between the check and the call (DNS rebinding) reaches
    nothing else. Redirects are not followed; an answer other than 2xx raises."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    addresses = _addresses(parts.hostname or "", port)
    if not addresses:
        raise OSError(f"{parts.hostname} does not resolve")
    if not settings.SPACE_WEBHOOK_PRIVATE_ADDRESSES and not all(
        ipaddress.ip_address(address).is_global for address in addresses
    ):
        raise NotOnTheInternet(url)
    kind = _PinnedHTTPSConnection if secure else _PinnedHTTPConnection
    connection = kind(
        parts.hostname, port, address=addresses[0], timeout=settings.SPACE_WEBHOOK_TIMEOUT
    )
    try:
        path = parts.path or "/"
        connection.request(
            "POST",
            f"{path}?{parts.query}" if parts.query else path,
            body=data,
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        response.read(1024)
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise OSError(f"the webhook answered {response.status}")


def _addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, once, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a checked address; the Host header keeps the webhook's name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    """HTTPS to a checked address; the certificate is verified for the webhook's name."""

    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        tls = ssl.create_default_context()
        self.sock = tls.wrap_socket(self.sock, server_hostname=self.host)
