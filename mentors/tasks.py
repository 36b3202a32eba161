"""Celery tasks of the mentors app: thin, take ids, re-read the database, idempotent.

Each task imports its service inside its body: the services enqueue these tasks, so the
dependency at import time runs one way only (services -> tasks).
"""

import smtplib
from smtplib import SMTPException

from celery import shared_task

from leadvet.queue import enqueue

RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(name="mentors.tasks.send_notice", **RETRY)
def send_notice(notice_id: int) -> bool:
    """Send the email a Notice row owes; a second run finds it sent and does nothing."""
    from mentors.services.notices import deliver_notice

    return deliver_notice(notice_id=notice_id)


@shared_task(name="mentors.tasks.fan_out_announcement")
def fan_out_announcement(announcement_id: int) -> int:
    from mentors.services.announcements import owe_announcement_notices

    return owe_announcement_notices(announcement_id=announcement_id)


@shared_task(name="mentors.tasks.nudge_expired_availability")
def nudge_expired_availability() -> int:
    """Monthly (beat): remind active mentors whose availability has run out, once a month."""
    from mentors.services.nudges import enqueue_availability_nudges

    return enqueue_availability_nudges()


@shared_task(name="mentors.tasks.clear_old_contact_summaries")
def clear_old_contact_summaries() -> int:
    """Monthly (beat): blank contact summaries past the retention period."""
    from mentors.services import privacy

    return privacy.clear_old_contact_summaries()


@shared_task(
    name="mentors.send_invitation_email",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation_email(notice_id: int) -> bool:
    from mentors.services.invitations import deliver_invitation

    return deliver_invitation(notice_id=notice_id)


@shared_task(name="mentors.run_mentor_import")
def run_mentor_import(import_id: int) -> int:
    from mentors.services.imports import run_import

    return run_import(import_id=import_id)


def sweep_unsent_invitations() -> int:
    """Re-enqueue invitation emails whose message was lost (registered in leadvet.sweeps)."""
    from mentors.services.invitations import unsent_invitation_notices

    notice_ids = unsent_invitation_notices()
    for notice_id in notice_ids:
        enqueue(send_invitation_email, notice_id)
    return len(notice_ids)
