"""Sweeps that owe nudges: expired availability, silent mentors, coordinators' follow-up digests."""

import datetime

from django.db import transaction
from django.utils import timezone

from mentors.models import Notice
from mentors.selectors.nudges import (
    follow_up_digest_recipients,
    mentors_due_activity_nudge,
    mentors_with_expired_availability,
)
from mentors.services.notices import activity_key, enqueue_unsent, owe_new_notices


def enqueue_activity_nudges(*, today: datetime.date | None = None) -> int:
    """Sweep: one friendly email to each mentor silent for 30 days, once per silence.

    The key is the date of the mentor's last contact ("never" without one), so a new contact
    starts a new period and 30 more silent days earn a new nudge. Paused and away mentors
    are skipped, not queued: the nudge comes once they are back, if still silent.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = mentors_due_activity_nudge(today).values_list("user_id", "last_contact")
        return owe_new_notices(
            [
                Notice(
                    kind=Notice.Kind.ACTIVITY_NUDGE, key=activity_key(last), recipient_id=user_id
                )
                for user_id, last in due
            ]
        )


def enqueue_follow_up_digests(*, today: datetime.date | None = None) -> int:
    """Sweep: one weekly digest of mentors silent for 90 days to each of their coordinators."""
    today = today or timezone.localdate()
    year, week, _weekday = today.isocalendar()
    key = f"{year}-W{week:02d}"
    with transaction.atomic():
        recipients = follow_up_digest_recipients(today).values_list("pk", flat=True)
        return owe_new_notices(
            [
                Notice(kind=Notice.Kind.FOLLOW_UP_DIGEST, key=key, recipient_id=user_id)
                for user_id in recipients
            ]
        )


def enqueue_availability_nudges(*, today: datetime.date | None = None) -> int:
    """Owe one nudge per month to each active mentor whose availability has run out."""
    today = today or timezone.localdate()
    key = today.strftime("%Y-%m")
    with transaction.atomic():
        user_ids = mentors_with_expired_availability(today).values_list("user_id", flat=True)
        Notice.objects.bulk_create(
            [
                Notice(kind=Notice.Kind.AVAILABILITY_NUDGE, key=key, recipient_id=user_id)
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        return enqueue_unsent(Notice.objects.filter(kind=Notice.Kind.AVAILABILITY_NUDGE, key=key))
