"""Writes for the mentors app: keyword-only functions, one transaction each.

Emails are owed as unique Notice rows created in the same transaction as the change
that causes them, and sent by Celery after commit (mentors.tasks.send_notice). The
row makes a retry, a second worker or a second sweep harmless; the sweeps here catch
up whatever a lost message missed.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from colleges.models import VTEGroup
from leadvet import roles
from leadvet.mail import send_email
from leadvet.models import User
from leadvet.queue import enqueue_on_commit
from mentors import selectors, tasks
from mentors.models import (
    Announcement,
    Availability,
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    GroupAssignment,
    Mentor,
    Notice,
)

# Notices (emails owed to users, sent once)

SELF_SERVICE_NOTICE_KINDS = (
    Notice.Kind.REQUEST_NEW,
    Notice.Kind.REQUEST_REMINDER,
    Notice.Kind.REQUEST_ESCALATION,
    Notice.Kind.REQUEST_ANSWER,
    Notice.Kind.ANNOUNCEMENT,
    Notice.Kind.AVAILABILITY_NUDGE,
)
REQUEST_REMINDER_AFTER = datetime.timedelta(days=5)
REQUEST_ESCALATION_AFTER = datetime.timedelta(days=10)
# Unsent notices older than this are re-enqueued by the sweep (the first message was lost).
RETRY_UNSENT_AFTER = datetime.timedelta(minutes=10)
RETRY_UNSENT_FOR = datetime.timedelta(days=3)


def owe_notice(*, kind: str, key: str, recipient: User) -> Notice | None:
    """Record an email owed and enqueue its sending; None when it was owed already."""
    notice, created = Notice.objects.get_or_create(kind=kind, key=key, recipient=recipient)
    if not created:
        return None
    enqueue_on_commit(tasks.send_notice, notice.pk)
    return notice


def _enqueue_unsent(notices) -> int:
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
    return None


def deliver_notice(*, notice_id: int) -> bool:
    """Send one owed email, at most once: lock the row, re-check, send, mark sent.

    A notice whose subject is gone (request answered, announcement deleted) is settled
    without an email. SMTP errors propagate so the task retries.
    """
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        email = _notice_email(notice) if notice.recipient.is_active else None
        if email is not None:
            template, context = email
            send_email(
                to=[notice.recipient.email],
                template=template,
                context=context,
                language=notice.recipient.language,
            )
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return email is not None


def enqueue_unsent_self_service_notices() -> int:
    """Sweep: re-enqueue announcement and nudge emails whose first message was lost."""
    now = timezone.now()
    return _enqueue_unsent(
        Notice.objects.filter(
            kind__in=(Notice.Kind.ANNOUNCEMENT, Notice.Kind.AVAILABILITY_NUDGE),
            created_at__lte=now - RETRY_UNSENT_AFTER,
            created_at__gte=now - RETRY_UNSENT_FOR,
        )
    )


# Self-service: profile and availability


@transaction.atomic
def update_mentor_profile(
    *,
    mentor: Mentor,
    title: str,
    phone: str,
    bio: str,
    contact_preferences: str,
    nudges_paused: bool,
    fields,
    languages,
    tasks,
) -> Mentor:
    mentor.title = title
    mentor.phone = phone
    mentor.bio = bio
    mentor.contact_preferences = contact_preferences
    mentor.nudges_paused = nudges_paused
    mentor.save()
    mentor.fields.set(fields)
    mentor.languages.set(languages)
    mentor.tasks.set(tasks)
    return mentor


def save_availability(
    *,
    mentor: Mentor,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours_per_month: int,
    mode: str,
    note: str = "",
    tasks=(),
    availability: Availability | None = None,
) -> Availability:
    """Create or change a period; refuse one that overlaps another period of the same kind."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The period cannot end before it starts.")})
    with transaction.atomic():
        # Serialise a mentor's concurrent saves so two overlapping periods cannot both pass.
        Mentor.objects.select_for_update().filter(pk=mentor.pk).first()
        other = selectors.overlapping_availability(
            mentor=mentor,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            exclude_pk=availability.pk if availability else None,
        )
        if other is not None:
            raise ValidationError(
                _(
                    "These dates overlap your other “%(kind)s” period %(start)s – %(end)s. "
                    "Change the dates, or edit that period instead."
                )
                % {
                    "kind": other.get_kind_display(),
                    "start": date_format(other.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(other.ends_on, "SHORT_DATE_FORMAT"),
                },
                code="overlap",
            )
        availability = availability or Availability(mentor=mentor)
        availability.kind = kind
        availability.starts_on = starts_on
        availability.ends_on = ends_on
        availability.hours_per_month = hours_per_month
        availability.mode = mode
        availability.note = note
        availability.save()
        availability.tasks.set(tasks)
    return availability


@transaction.atomic
def delete_availability(*, availability: Availability) -> None:
    availability.delete()


def enqueue_availability_nudges(*, today: datetime.date | None = None) -> int:
    """Owe one nudge per month to each active mentor whose availability has run out."""
    today = today or timezone.localdate()
    key = today.strftime("%Y-%m")
    with transaction.atomic():
        user_ids = selectors.mentors_with_expired_availability(today).values_list(
            "user_id", flat=True
        )
        Notice.objects.bulk_create(
            [
                Notice(kind=Notice.Kind.AVAILABILITY_NUDGE, key=key, recipient_id=user_id)
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        return _enqueue_unsent(Notice.objects.filter(kind=Notice.Kind.AVAILABILITY_NUDGE, key=key))


# Contact log

CONTACT_FIELDS = (
    "date",
    "counterpart_kind",
    "vte_group",
    "task",
    "channel",
    "duration_minutes",
    "placement",
    "recruitment_lead",
    "curriculum_input",
    "wellbeing_insight",
    "other_outcome",
    "is_formal",
    "summary",
)


def _apply_contact_data(contact: Contact, data: dict) -> None:
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(contact, name, data[name])
    errors = {}
    if contact.date and contact.date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if contact.duration_minutes is not None and not 0 <= contact.duration_minutes <= 600:
        errors["duration_minutes"] = _("The duration must be between 0 and 600 minutes.")
    if len(contact.summary or "") > 1000:
        errors["summary"] = _("The summary can be at most 1,000 characters.")
    if errors:
        raise ValidationError(errors)
    # Reports count a contact for the mentor's college of that day.
    contact.college = selectors.college_on(contact.mentor, contact.date)


@transaction.atomic
def log_contact(*, mentor: Mentor, data: dict, contact_request: ContactRequest | None = None) -> Contact:
    contact = Contact(mentor=mentor, request=contact_request)
    _apply_contact_data(contact, data)
    contact.save()
    return contact


@transaction.atomic
def update_contact(*, contact: Contact, data: dict) -> Contact:
    _apply_contact_data(contact, data)
    contact.save()
    return contact


@transaction.atomic
def delete_contact(*, contact: Contact) -> None:
    contact.delete()


# Directory and contact requests


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
    if vte_group is not None and not selectors.open_vte_groups_of(requester).filter(
        pk=vte_group.pk
    ).exists():
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
        defaults = selectors.last_contact_defaults(mentor)
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
        # What this sweep just owed, and anything older whose first message was lost.
        return _enqueue_unsent(
            Notice.objects.filter(
                kind__in=(
                    Notice.Kind.REQUEST_NEW,
                    Notice.Kind.REQUEST_REMINDER,
                    Notice.Kind.REQUEST_ESCALATION,
                    Notice.Kind.REQUEST_ANSWER,
                ),
                created_at__gte=now - RETRY_UNSENT_FOR,
            ).filter(Q(created_at__gte=now) | Q(created_at__lte=now - RETRY_UNSENT_AFTER))
        )


# Announcements


def _announcement_target(audience: str, country, college) -> dict:
    if audience == Announcement.Audience.COUNTRY:
        if country is None:
            raise ValidationError({"country": _("Choose the country the announcement is for.")})
        return {"country": country, "college": None}
    if audience == Announcement.Audience.COLLEGE:
        if college is None:
            raise ValidationError({"college": _("Choose the college the announcement is for.")})
        return {"country": None, "college": college}
    return {"country": None, "college": None}


def publish_announcement(
    *, author: User, title: str, body: str, audience: str, country=None, college=None
) -> Announcement:
    target = _announcement_target(audience, country, college)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            author=author, title=title, body=body, audience=audience, **target
        )
        enqueue_on_commit(tasks.fan_out_announcement, announcement.pk)
    return announcement


@transaction.atomic
def update_announcement(
    *, announcement: Announcement, title: str, body: str, audience: str, country=None, college=None
) -> Announcement:
    """Edit the text or audience; people already emailed are not emailed again."""
    target = _announcement_target(audience, country, college)
    announcement.title = title
    announcement.body = body
    announcement.audience = audience
    announcement.country = target["country"]
    announcement.college = target["college"]
    announcement.save()
    enqueue_on_commit(tasks.fan_out_announcement, announcement.pk)
    return announcement


@transaction.atomic
def delete_announcement(*, announcement: Announcement) -> None:
    Notice.objects.filter(
        kind=Notice.Kind.ANNOUNCEMENT, key=str(announcement.pk), sent_at__isnull=True
    ).delete()
    announcement.delete()


def owe_announcement_notices(*, announcement_id: int) -> int:
    """One email per recipient, once: bulk-insert the notices, enqueue those unsent."""
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    key = str(announcement.pk)
    with transaction.atomic():
        user_ids = selectors.announcement_recipients(announcement).values_list("user_id", flat=True)
        Notice.objects.bulk_create(
            [
                Notice(kind=Notice.Kind.ANNOUNCEMENT, key=key, recipient_id=user_id)
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        return _enqueue_unsent(Notice.objects.filter(kind=Notice.Kind.ANNOUNCEMENT, key=key))


# Assignments


@dataclass
class AssignmentResult:
    assignment: GroupAssignment
    load: int
    over_capacity: bool


@transaction.atomic
def assign_mentor(
    *,
    group: VTEGroup,
    mentor: Mentor,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    by,
) -> AssignmentResult:
    """Assign a mentor to a group in a role. Going over capacity is allowed and reported.

    An earlier, ended assignment in the same role is taken up again (one row per mentor,
    group and role; its history keeps the earlier period).
    """
    assignment, _created = GroupAssignment.objects.select_for_update().update_or_create(
        mentor=mentor,
        vte_group=group,
        role=role,
        defaults={"starts_on": starts_on, "ends_on": ends_on},
        create_defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "created_by": by,
        },
    )
    load = selectors.current_group_count(mentor)
    return AssignmentResult(
        assignment=assignment, load=load, over_capacity=load > mentor.capacity_groups
    )


@transaction.atomic
def end_assignment(*, assignment: GroupAssignment, on: datetime.date | None = None) -> GroupAssignment:
    """End the assignment on the given day (today by default), never before it began."""
    on = on or timezone.localdate()
    assignment.ends_on = max(on, assignment.starts_on)
    assignment.save(update_fields=["ends_on"])
    return assignment
