"""Survey emails. Each task takes an id, re-reads the database and sends at most once:
the SurveyNotice row is claimed under a row lock, the email sent, and sent_at marked."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from leadvet.mail import send_email
from surveys.models import Invitation, Response, SurveyNotice

RETRY = {
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def respondent_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("survey_respond", args=[invitation.token])


def _deliver(notice_id: int) -> bool:
    with transaction.atomic():
        notice = (
            SurveyNotice.objects.select_for_update()
            .select_related("invitation__survey")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.sent_at is not None:
            return False
        invitation = notice.invitation
        survey = invitation.survey
        now = timezone.now()
        if notice.kind == SurveyNotice.Kind.REMINDER:
            answered = Response.objects.filter(
                invitation=invitation, submitted_at__isnull=False
            ).exists()
            if answered or now >= survey.closes_at:
                # Nothing is owed any more; no row claims a reminder that was never sent.
                notice.delete()
                return False
        send_email(
            to=[invitation.email],
            template=f"surveys/{notice.kind}",
            context={
                "invitation": invitation,
                "survey": survey,
                "link": respondent_link(invitation),
            },
            language=invitation.language,
        )
        notice.sent_at = now
        notice.save(update_fields=["sent_at"])
        if notice.kind == SurveyNotice.Kind.INVITATION:
            Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=now)
    return True


@shared_task(name="surveys.send_survey_invitation", **RETRY)
def send_survey_invitation(invitation_id: int) -> bool:
    if not Invitation.objects.filter(pk=invitation_id).exists():
        return False
    notice, _created = SurveyNotice.objects.get_or_create(
        invitation_id=invitation_id, kind=SurveyNotice.Kind.INVITATION, key=""
    )
    return _deliver(notice.pk)


@shared_task(name="surveys.send_survey_reminder", **RETRY)
def send_survey_reminder(notice_id: int) -> bool:
    return _deliver(notice_id)
