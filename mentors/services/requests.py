"""Contact requests from the directory: sending, answering, reminders and escalations."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet import roles
from leadvet.models import User
from leadvet.signals import changed_in_bulk
from mentors.models import Channel, Contact, ContactRequest, CounterpartKind, Mentor, Notice
from mentors.selectors.contacts import last_contact_defaults
from mentors.selectors.requests import open_vte_groups_of
from mentors.services.contacts import log_contact
from mentors.services.notices import (
    enqueue_unsent,
    owe_notice,
)

REQUEST_REMINDER_AFTER = datetime.timedelta(days=5)
REQUEST_ESCALATION_AFTER = datetime.timedelta(days=10)


def send_contact_request(
    *,
    requester: User,
    mentor: Mentor,
    topic: str,
    task,
    preferred_dates: str = "",
    vte_group=None,
    message: str = "",
) -> ContactRequest:
    if mentor.status != Mentor.Status.ACTIVE:
        raise ValidationError(_("Requests can only be sent to active mentors."))
    if vte_group is not None and not open_vte_groups_of(requester).filter(pk=vte_group.pk).exists():
        raise ValidationError({"vte_group": _("Choose one of your own open VTE groups.")})
    with transaction.atomic():
        contact_request = ContactRequest.objects.create(
            requester=requester,
            mentor=mentor,
            topic=topic,
            task=task,
            preferred_dates=preferred_dates,
            vte_group=vte_group,
            message=message,
        )
        owe_notice(kind=Notice.Kind.REQUEST_NEW, key=str(contact_request.pk), recipient=mentor.user)
    return contact_request


def answer_contact_request(
    *, contact_request: ContactRequest, accept: bool, message: str = ""
) -> ContactRequest:
    status = ContactRequest.Status.ACCEPTED if accept else ContactRequest.Status.DECLINED
    with transaction.atomic():
        # Conditional update: of two answers racing, only the first one counts.
        changed = ContactRequest.objects.filter(
            pk=contact_request.pk, status=ContactRequest.Status.OPEN
        ).update(status=status, response_message=message, responded_at=timezone.now())
        if not changed:
            raise ValidationError(_("This request has already been answered or withdrawn."))
        changed_in_bulk.send(sender=ContactRequest)
        owe_notice(
            kind=Notice.Kind.REQUEST_ANSWER,
            key=str(contact_request.pk),
            recipient=contact_request.requester,
        )
    contact_request.refresh_from_db()
    return contact_request


@transaction.atomic
def withdraw_contact_request(*, contact_request: ContactRequest) -> ContactRequest:
    changed = ContactRequest.objects.filter(
        pk=contact_request.pk, status=ContactRequest.Status.OPEN
    ).update(status=ContactRequest.Status.WITHDRAWN)
    if not changed:
        raise ValidationError(_("Only a request still waiting for an answer can be withdrawn."))
    changed_in_bulk.send(sender=ContactRequest)
    contact_request.refresh_from_db()
    return contact_request


def contact_from_request(*, contact_request: ContactRequest) -> Contact:
    """Turn an accepted request into a contact entry, prefilled from the request."""
    with transaction.atomic():
        locked = ContactRequest.objects.select_for_update().get(pk=contact_request.pk)
        if locked.status != ContactRequest.Status.ACCEPTED:
            raise ValidationError(_("Only an accepted request can become a contact entry."))
        if Contact.objects.filter(request=locked).exists():
            raise ValidationError(_("This request is already in your contact log."))
        mentor = contact_request.mentor
        defaults = last_contact_defaults(mentor)
        return log_contact(
            mentor=mentor,
            contact_request=locked,
            data={
                "date": timezone.localdate(),
                "counterpart_kind": CounterpartKind.TEACHER_EDUCATOR,
                "vte_group": locked.vte_group,
                "task": locked.task,
                "channel": defaults.get("channel", Channel.VIDEO),
                "duration_minutes": 60,
                "is_formal": True,
                "summary": locked.topic,
            },
        )


def enqueue_due_request_notices() -> int:
    """Sweep: 5-day reminders to mentors, 10-day escalations to coordinators, lost messages.

    Returns the number of emails enqueued.
    """
    now = timezone.now()
    open_requests = ContactRequest.objects.filter(status=ContactRequest.Status.OPEN)

    def notices_of(kind):
        return Notice.objects.filter(kind=kind, key=Cast(OuterRef("pk"), CharField()))

    with transaction.atomic():
        due_reminders = open_requests.filter(created_at__lte=now - REQUEST_REMINDER_AFTER).exclude(
            Exists(notices_of(Notice.Kind.REQUEST_REMINDER))
        )
        Notice.objects.bulk_create(
            [
                Notice(kind=Notice.Kind.REQUEST_REMINDER, key=str(pk), recipient_id=user_id)
                for pk, user_id in due_reminders.values_list("pk", "mentor__user_id")
            ],
            ignore_conflicts=True,
        )
        due_escalations = list(
            open_requests.filter(created_at__lte=now - REQUEST_ESCALATION_AFTER)
            .exclude(Exists(notices_of(Notice.Kind.REQUEST_ESCALATION)))
            .values_list("pk", flat=True)
        )
        if due_escalations:
            coordinator_ids = list(
                User.objects.filter(is_active=True)
                .filter(Q(groups__name=roles.COORDINATOR) | Q(is_superuser=True))
                .distinct()
                .values_list("pk", flat=True)
            )
            Notice.objects.bulk_create(
                [
                    Notice(kind=Notice.Kind.REQUEST_ESCALATION, key=str(pk), recipient_id=user_id)
                    for pk in due_escalations
                    for user_id in coordinator_ids
                ],
                ignore_conflicts=True,
            )
        # What this sweep just owed; one whose message is lost is resent by the outbox's sweep.
        return enqueue_unsent(
            Notice.objects.filter(
                kind__in=(Notice.Kind.REQUEST_REMINDER, Notice.Kind.REQUEST_ESCALATION),
                created_at__gte=now,
            )
        )
