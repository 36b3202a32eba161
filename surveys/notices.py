"""Survey emails: an invitation and its reminders, each owed as a SurveyNotice row and sent
exactly once by `leadvet.lib.outbox.deliver` with the emails built here."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from leadvet.lib.mail import build_email
from leadvet.models import BulkEmail
from surveys.models import Invitation, SurveyNotice

# Both go to many people at once; each can be turned off by its recipient.
BULK = {
    SurveyNotice.Kind.INVITATION: BulkEmail.SURVEY_INVITATIONS,
    SurveyNotice.Kind.REMINDER: BulkEmail.SURVEY_REMINDERS,
}


def respondent_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("survey_respond", args=[invitation.token])


def build_survey_emails(
    notices: list[SurveyNotice], now: datetime.datetime
) -> list[tuple[SurveyNotice, EmailMultiAlternatives | None]]:
    """Each notice with its email; a reminder is no longer wanted once the invitation is
    answered or the survey has closed."""
    emails = []
    for notice in notices:
        invitation = notice.invitation
        survey = invitation.survey
        if notice.kind == SurveyNotice.Kind.REMINDER and (
            invitation.used or now >= survey.closes_at
        ):
            emails.append((notice, None))
            continue
        message = build_email(
            to=[invitation.email],
            template=f"surveys/{notice.kind}",
            context={
                "invitation": invitation,
                "survey": survey,
                "link": respondent_link(invitation),
            },
            language=invitation.language,
            bulk_kind=BULK[notice.kind],
        )
        emails.append((notice, message))
    return emails
