"""Celery tasks of the mentors app: thin, take ids, re-read the database, idempotent."""

import smtplib

from celery import shared_task

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
