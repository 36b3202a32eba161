"""Background work for the mentors app: thin tasks that take ids and call services."""

from smtplib import SMTPException

from celery import shared_task

from leadvet.queue import enqueue


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
    """Re-enqueue invitation emails whose message was lost (registered in leadvet.sweeps)."""
    from mentors import services

    notice_ids = services.unsent_invitation_notices()
    for notice_id in notice_ids:
        enqueue(send_invitation_email, notice_id)
    return len(notice_ids)
