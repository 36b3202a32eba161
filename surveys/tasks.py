"""Survey emails. Each task takes ids, re-reads the database and sends at most once (see
leadvet.lib.outbox)."""

from celery import shared_task

from leadvet.lib.outbox import RETRY


@shared_task(name="surveys.send_survey_invitation", **RETRY)
def send_survey_invitation(invitation_id: int) -> bool:
    from leadvet.lib import outbox
    from surveys.models import SurveyNotice
    from surveys.services import owe_invitation_notice

    notice_id = owe_invitation_notice(invitation_id=invitation_id)
    return notice_id is not None and outbox.deliver(SurveyNotice, [notice_id]) == 1


@shared_task(name="surveys.send_survey_reminder", **RETRY)
def send_survey_reminder(notice_id: int) -> bool:
    return send_survey_notices([notice_id]) == 1


@shared_task(name="surveys.send_survey_notices", **RETRY)
def send_survey_notices(notice_ids: list[int]) -> int:
    """Owed invitations and reminders (the outbox's sweep resends through this task)."""
    from leadvet.lib import outbox
    from surveys.models import SurveyNotice

    return outbox.deliver(SurveyNotice, notice_ids)
