"""Celery tasks of the mentors app: thin, take ids, re-read the database, idempotent."""

import smtplib
from smtplib import SMTPException

from celery import shared_task

from leadvet.lib.queue import enqueue
from mentors import services

RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


@shared_task(name="mentors.tasks.send_notice", **RETRY)
def send_notice(notice_id: int) -> bool:
    """Send the email a Notice row owes; a second run finds it sent and does nothing."""
    return services.deliver_notice(notice_id=notice_id)


@shared_task(name="mentors.tasks.fan_out_announcement")
def fan_out_announcement(announcement_id: int) -> int:
    return services.owe_announcement_notices(announcement_id=announcement_id)


@shared_task(name="mentors.tasks.nudge_expired_availability")
def nudge_expired_availability() -> int:
    """Monthly (beat): remind active mentors whose availability has run out, once a month."""
    return services.enqueue_availability_nudges()


@shared_task(name="mentors.tasks.clear_old_contact_summaries")
def clear_old_contact_summaries() -> int:
    """Monthly (beat): blank contact summaries past the retention period."""
    return services.clear_old_contact_summaries()


@shared_task(
    name="mentors.send_invitation_email",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation_email(notice_id: int) -> bool:
    from mentors import services

    return services.deliver_invitation(notice_id=notice_id)


@shared_task(name="mentors.run_mentor_import")
def run_mentor_import(import_id: int) -> int:
    from mentors import services

    return services.run_import(import_id=import_id)


def sweep_unsent_invitations() -> int:
    """Re-enqueue invitation emails whose message was lost (registered in portal.sweeps)."""
    from mentors import services

    notice_ids = services.unsent_invitation_notices()
    for notice_id in notice_ids:
        enqueue(send_invitation_email, notice_id)
    return len(notice_ids)
