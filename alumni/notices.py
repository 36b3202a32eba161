"""The emails about an alumni request, built for the outbox (registered in AlumniConfig)."""

import datetime

from django.conf import settings
from django.urls import reverse

from alumni.models import AlumniApplication, AlumniNotice
from leadvet.lib.mail import build_email


def _context(notice: AlumniNotice) -> dict | None:
    application = notice.application
    context = {"application": application, "kind": notice.kind}
    if notice.kind == AlumniNotice.Kind.APPROVED:
        if application.status != AlumniApplication.Status.APPROVED or application.user is None:
            return None
        invitation = getattr(application.user, "invitation", None)
        if invitation is not None and invitation.state in {"pending", "sent"}:
            context["url"] = settings.SITE_URL + reverse(
                "mentors:accept_invitation", args=[invitation.key]
            )
            context["expiry_days"] = settings.INVITATION_EXPIRY_DAYS
        else:
            context["url"] = settings.SITE_URL + reverse("account_login")
    if notice.kind == AlumniNotice.Kind.REPEATED and (
        application.status != AlumniApplication.Status.PENDING
    ):
        return None
    return context


def build_alumni_emails(notices: list[AlumniNotice], now: datetime.datetime):
    for notice in notices:
        context = _context(notice)
        if context is None:
            yield notice, None
            continue
        yield (
            notice,
            build_email(
                to=[notice.application.email],
                template="alumni/notice",
                context=context,
                language=notice.application.language,
            ),
        )
