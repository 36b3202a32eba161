"""The one way the portal sends an email exactly once (docs/architecture.md, "Email").

An email is owed as a row of a model built on OutboxEntry, created in the transaction of the
change that makes it due. `deliver` sends the owed rows: each email is claimed (a conditional
UPDATE of `sent_at`) and handed to the mail server in a transaction of its own, so a mail
server failing mid-batch keeps what it accepted and the retry sends the rest; a second worker
waits on the row lock, then finds the row sent. A bulk email (leadvet.lib.mail's bulk_kind)
to someone who turned its kind off is settled without being sent. Every sending task retries
with RETRY, and `resend_unsent` (the sweep) re-enqueues what a lost message left unsent.
"""

import datetime
import smtplib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.mail import EmailMessage, mailers
from django.db import connection, models, transaction
from django.utils import timezone

from leadvet.lib.queue import enqueue

# The one retry policy of every task that sends email.
RETRY = {
    "autoretry_for": (smtplib.SMTPException, OSError),  # OSError: refused, reset, timed out
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}
# The sweep's one window: unsent this long after being owed (the first message was lost) ...
RESEND_AFTER = datetime.timedelta(minutes=10)
# ... and owed no longer ago than this (older ones are stale: their moment has passed).
RESEND_WITHIN = datetime.timedelta(days=7)
CHUNK = 100


class OutboxEntry(models.Model):
    """An email owed (sent_at empty) or sent, exactly once."""

    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def on_sent(self, now: datetime.datetime) -> None:
        """Record anything else that the sending means, in the claiming transaction."""


# Builds the emails of some owed rows: each row with its email, or None when it is no longer
# wanted (the request was answered, the event cancelled).
Builder = Callable[[list, datetime.datetime], Iterable[tuple[OutboxEntry, EmailMessage | None]]]


@dataclass(frozen=True)
class Outbox:
    model: type[OutboxEntry]
    build: Builder
    # The Celery task that delivers a list of this model's ids (the sweep enqueues it).
    task: object
    select_related: tuple[str, ...] = ()
    # An unwanted row is deleted (nothing was owed after all: a later change may owe it
    # anew) or, with False, kept as settled (marked sent without an email, never owed again).
    forget_unwanted: bool = True
    # Narrows the rows the sweep resends (e.g. rows that another sweep owes afresh).
    resend: Callable[[models.QuerySet], models.QuerySet] = lambda rows: rows


OUTBOXES: dict[type[OutboxEntry], Outbox] = {}


def register(outbox: Outbox) -> None:
    """Called from the owning app's AppConfig.ready."""
    OUTBOXES[outbox.model] = outbox


def chunked(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def deliver(model: type[OutboxEntry], ids: Iterable[int]) -> int:
    """Send the given rows that are still owed and wanted; return how many emails were sent."""
    outbox = OUTBOXES[model]
    sent = 0
    for chunk in chunked(ids):
        now = timezone.now()
        rows = list(
            model.objects.select_related(*outbox.select_related).filter(
                id__in=chunk, sent_at__isnull=True
            )
        )
        if not rows:
            continue
        built = list(outbox.build(rows, now))
        unwanted = [row.pk for row, message in built if message is None]
        if unwanted:
            owed = model.objects.filter(id__in=unwanted, sent_at__isnull=True)
            if outbox.forget_unwanted:
                owed.delete()
            else:
                owed.update(sent_at=now)
        wanted = [(row, message) for row, message in built if message is not None]
        declined = _turned_off(wanted)
        if declined:
            # Settled without an email, like an unwanted row kept: never owed again.
            model.objects.filter(id__in=declined, sent_at__isnull=True).update(sent_at=now)
            wanted = [(row, message) for row, message in wanted if row.pk not in declined]
        if not wanted:
            continue
        with _commits_not_waiting_for_disk(), mailers.default as mail_server:
            for row, message in wanted:
                with transaction.atomic():
                    claimed = model.objects.filter(pk=row.pk, sent_at__isnull=True).update(
                        sent_at=now
                    )
                    if claimed:
                        mail_server.send_messages([message])  # raises on failure: unclaimed
                        row.on_sent(now)
                sent += claimed
    return sent


def _turned_off(wanted: list[tuple[OutboxEntry, EmailMessage]]) -> set[int]:
    """The rows whose bulk email's recipient has turned that kind of email off."""
    from leadvet.mail_preferences import opted_out  # it reads leadvet.models, built on this

    bulk = [
        (row.pk, message.to[0].lower(), kind)
        for row, message in wanted
        if (kind := getattr(message, "bulk_kind", None))
    ]
    if not bulk:
        return set()
    off = opted_out((address, kind) for _pk, address, kind in bulk)
    return {pk for pk, address, kind in bulk if (address, kind) in off}


def resend_unsent(*, now: datetime.datetime | None = None) -> int:
    """The sweep: re-enqueue every row owed but unsent within the window; returns how many."""
    now = now or timezone.now()
    enqueued = 0
    for model, outbox in OUTBOXES.items():
        rows = outbox.resend(
            model.objects.filter(
                sent_at__isnull=True,
                created_at__lte=now - RESEND_AFTER,
                created_at__gte=now - RESEND_WITHIN,
            )
        )
        for chunk in chunked(rows.order_by("pk").values_list("pk", flat=True)):
            enqueue(outbox.task, chunk)
            enqueued += len(chunk)
    return enqueued


@contextmanager
def _commits_not_waiting_for_disk() -> Iterator[None]:
    """On PostgreSQL, commits that return before their WAL record reaches the disk, so one
    "sent" mark per email costs a round trip and not a disk flush each. Only a crash of the
    database server itself (not of a worker) can forget the last fraction of a second of
    marks, and then those emails go again."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
