"""Celery tasks of the mentors app: thin, take ids, re-read the database, idempotent.

Each task imports its service inside its body: the services enqueue these tasks, so the
dependency at import time runs one way only (services -> tasks).
"""

from celery import shared_task

from leadvet.lib.outbox import RETRY


@shared_task(name="mentors.tasks.send_notice", **RETRY)
def send_notice(notice_id: int) -> bool:
    """Send the email a Notice row owes; a second run finds it sent and does nothing."""
    return send_notices([notice_id]) == 1


@shared_task(name="mentors.send_invitation_email", **RETRY)
def send_invitation_email(notice_id: int) -> bool:
    """The invitation link (a Notice of kind invitation), exactly once."""
    return send_notices([notice_id]) == 1


@shared_task(name="mentors.send_notices", **RETRY)
def send_notices(notice_ids: list[int]) -> int:
    """Owed notices (the outbox's sweep resends through this task)."""
    from leadvet.lib import outbox
    from mentors.models import Notice

    return outbox.deliver(Notice, notice_ids)


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


@shared_task(name="mentors.run_mentor_import")
def run_mentor_import(import_id: int) -> int:
    from mentors.services.imports import run_import

    return run_import(import_id=import_id)


@shared_task(name="mentors.check_mentor_import")
def check_mentor_import(import_id: int) -> str | None:
    """The dry run of an uploaded file: read within bounds, check every row, keep the result."""
    from mentors.services.imports import check_import

    return check_import(import_id=import_id)
