from celery import shared_task

from leadvet.lib.outbox import RETRY


@shared_task(name="alumni.send_alumni_notice", **RETRY)
def send_alumni_notice(notice_id: int) -> bool:
    return send_alumni_notices([notice_id]) == 1


@shared_task(name="alumni.send_alumni_notices", **RETRY)
def send_alumni_notices(notice_ids: list[int]) -> int:
    """Owed alumni emails (the outbox's sweep resends through this task)."""
    from alumni.models import AlumniNotice
    from leadvet.lib import outbox

    return outbox.deliver(AlumniNotice, notice_ids)
