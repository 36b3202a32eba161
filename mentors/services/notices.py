"""Notices: emails owed to users, each sent once.

Emails are owed as unique Notice rows created in the same transaction as the change
that causes them, and sent by Celery after commit (mentors.tasks.send_notice) through
`leadvet.lib.outbox.deliver` with the emails built here. The row makes a retry, a second
worker or a second sweep harmless; the outbox's sweep catches up whatever a lost message
missed.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from colleges.permissions import coordinated_college_ids
from leadvet import roles
from leadvet.lib.mail import build_email
from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import BulkEmail, User
from mentors import tasks
from mentors.models import Announcement, ContactRequest, Invitation, Mentor, Notice
from mentors.selectors.nudges import (
    FOLLOW_UP_DAYS,
    follow_up_mentors,
    last_contact_date,
    said_no_contacts_q,
)
from mentors.services import contact_links

# The notices sent alike to many people, which each person can turn off; the others are
# about the recipient's own business (their invitation, their contact request) and always go.
BULK = {
    Notice.Kind.ANNOUNCEMENT: BulkEmail.ANNOUNCEMENTS,
    Notice.Kind.AVAILABILITY_NUDGE: BulkEmail.AVAILABILITY_NUDGES,
    Notice.Kind.ACTIVITY_NUDGE: BulkEmail.ACTIVITY_NUDGES,
    Notice.Kind.FOLLOW_UP_DIGEST: BulkEmail.FOLLOW_UP_DIGEST,
}


def owe_notice(*, kind: str, key: str, recipient: User) -> Notice | None:
    """Record an email owed and enqueue its sending; None when it was owed already."""
    notice, created = Notice.objects.get_or_create(kind=kind, key=key, recipient=recipient)
    if not created:
        return None
    enqueue_on_commit(tasks.send_notice, notice.pk)
    return notice


def enqueue_unsent(notices) -> int:
    ids = list(notices.filter(sent_at__isnull=True).values_list("pk", flat=True))
    for notice_id in ids:
        enqueue_on_commit(tasks.send_notice, notice_id)
    return len(ids)


def _absolute(url_name: str, *args) -> str:
    return settings.SITE_URL + reverse(url_name, args=args)


def _notice_email(notice: Notice) -> tuple[str, dict] | None:
    """The template and context of a notice's email, or None when it is no longer needed."""
    kind = notice.kind
    if kind in (
        Notice.Kind.REQUEST_NEW,
        Notice.Kind.REQUEST_REMINDER,
        Notice.Kind.REQUEST_ESCALATION,
        Notice.Kind.REQUEST_ANSWER,
    ):
        contact_request = (
            ContactRequest.objects.select_related("mentor__user", "requester", "task", "vte_group")
            .filter(pk=notice.key)
            .first()
        )
        if contact_request is None:
            return None
        still_open = contact_request.status == ContactRequest.Status.OPEN
        if kind != Notice.Kind.REQUEST_ANSWER and not still_open:
            return None
        return f"mentors/{kind}", {
            "contact_request": contact_request,
            "recipient": notice.recipient,
            "url": _absolute("mentors:request_detail", contact_request.pk),
        }
    if kind == Notice.Kind.ANNOUNCEMENT:
        announcement = Announcement.objects.filter(pk=notice.key).first()
        if announcement is None:
            return None
        return "mentors/announcement", {
            "announcement": announcement,
            "recipient": notice.recipient,
            "url": _absolute("home"),
        }
    if kind == Notice.Kind.AVAILABILITY_NUDGE:
        return "mentors/availability_nudge", {
            "recipient": notice.recipient,
            "url": _absolute("mentors:availability_list"),
        }
    if kind == Notice.Kind.ACTIVITY_NUDGE:
        return _activity_nudge_email(notice)
    if kind == Notice.Kind.FOLLOW_UP_DIGEST:
        return _follow_up_digest_email(notice)
    return None


def activity_key(last_contact: datetime.date | None) -> str:
    return last_contact.isoformat() if last_contact else "never"


def _activity_nudge_email(notice: Notice) -> tuple[str, dict] | None:
    """Still owed only while the mentor has logged nothing since and has not paused nudges."""
    mentor = Mentor.objects.filter(user=notice.recipient).first()
    if mentor is None or mentor.nudges_paused or mentor.status != Mentor.Status.ACTIVE:
        return None
    last_contact = last_contact_date(mentor.pk)
    if activity_key(last_contact) != notice.key:
        return None
    if Mentor.objects.filter(said_no_contacts_q(timezone.localdate()), pk=mentor.pk).exists():
        return None
    return "mentors/activity_nudge", {
        "recipient": notice.recipient,
        "last_contact": last_contact,
        "url": _absolute("mentors:contact_create"),
        "profile_url": _absolute("mentors:profile"),
        **_contact_links(mentor),
    }


QUICK_LINK_TASKS = 3


def _contact_links(mentor: Mentor) -> dict:
    """Signed one-use links: log a contact for one of the mentor's tasks (or another), or
    say there were none this month (mentors.services.contact_links)."""

    def log_url(task_id=None) -> str:
        token = contact_links.make_token(
            mentor=mentor, purpose=contact_links.Purpose.LOG, task_id=task_id
        )
        return _absolute("mentors:contact_link", token)

    tasks = mentor.tasks.order_by("number")[:QUICK_LINK_TASKS]
    return {
        "task_links": [(task, log_url(task.pk)) for task in tasks],
        "other_link": log_url(),
        "pause_link": _absolute(
            "mentors:contact_link_pause",
            contact_links.make_token(mentor=mentor, purpose=contact_links.Purpose.PAUSE),
        ),
        "link_days": contact_links.LINK_DAYS,
    }


def _follow_up_digest_email(notice: Notice) -> tuple[str, dict] | None:
    """The recipient's follow-up list as of sending; nothing to send when it has emptied."""
    recipient = notice.recipient
    if not (roles.is_coordinator(recipient) or roles.is_college_coordinator(recipient)):
        return None
    scope = None if roles.is_coordinator(recipient) else coordinated_college_ids(recipient)
    mentors = list(
        follow_up_mentors(timezone.localdate(), college_ids=scope)[:FOLLOW_UP_DIGEST_LIMIT]
    )
    if not mentors:
        return None
    return "mentors/follow_up_digest", {
        "recipient": recipient,
        "mentors": mentors,
        "days": FOLLOW_UP_DAYS,
        "url": _absolute("dashboard"),
    }


def _invitation_email(notice: Notice) -> tuple[str, dict] | None:
    """The link to set a password, while the invitation can still be accepted."""
    user = notice.recipient
    invitation = Invitation.objects.filter(user=user).first()
    if invitation is None or invitation.state in {"accepted", "expired"}:
        return None
    return "mentors/invitation", {
        "user": user,
        "invitation": invitation,
        "url": _absolute("mentors:accept_invitation", invitation.key),
        "expiry_days": settings.INVITATION_EXPIRY_DAYS,
    }


def build_notice_emails(
    notices: list[Notice], now: datetime.datetime
) -> list[tuple[Notice, EmailMultiAlternatives | None]]:
    """Each notice with its email (the outbox's builder), or None when it is no longer
    needed: the request was answered, the announcement deleted, the account closed. Such a
    notice is settled without an email (see the outbox registered in MentorsConfig)."""
    emails = []
    for notice in notices:
        recipient = notice.recipient
        if not recipient.is_active:
            emails.append((notice, None))
            continue
        if notice.kind == Notice.Kind.INVITATION:
            email = _invitation_email(notice)
        else:
            email = _notice_email(notice)
        if email is None:
            emails.append((notice, None))
            continue
        template, context = email
        message = build_email(
            to=[recipient.email],
            template=template,
            context=context,
            language=recipient.language,
            bulk_kind=BULK.get(notice.kind),
        )
        emails.append((notice, message))
    return emails


def owe_new_notices(notices: list[Notice]) -> int:
    """Insert the notices not owed yet and enqueue exactly those; returns how many.

    Rows share one created_at stamp, so the ones this call inserted are told apart from the
    ones an earlier sweep (or a concurrent one) owns: those are skipped by the unique key.
    """
    if not notices:
        return 0
    stamp = timezone.now()
    for notice in notices:
        notice.created_at = stamp
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    kinds = {notice.kind for notice in notices}
    return enqueue_unsent(Notice.objects.filter(kind__in=kinds, created_at=stamp))


FOLLOW_UP_DIGEST_LIMIT = 100
