"""Writes for the mentors app: keyword-only functions, one transaction each.

Emails are owed as unique Notice rows created in the same transaction as the change
that causes them, and sent by Celery after commit (mentors.tasks.send_notice). The
row makes a retry, a second worker or a second sweep harmless; the sweeps here catch
up whatever a lost message missed.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from colleges.models import VTEGroup
from colleges.permissions import coordinated_college_ids
from leadvet import roles
from leadvet.api import tokens as api_tokens
from leadvet.lib.mail import send_email
from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors import importing, selectors, signals, tasks
from mentors.models import (
    Announcement,
    Availability,
    Channel,
    Contact,
    ContactRequest,
    CounterpartKind,
    GroupAssignment,
    Invitation,
    MembershipPeriod,
    Mentor,
    MentorImport,
    Notice,
    StatusChange,
    historical_relation_model,
)

# The mentor's relations in the change history


def _set_relations(*, mentor: Mentor, fields, languages, tasks) -> None:
    """Set fields, languages and tasks without a history record per table write.

    django-simple-history records each m2m write on its own (up to six records for one form);
    the caller's single save after this records one, with the new state of all three.
    """
    mentor.skip_history_when_saving = True
    try:
        mentor.fields.set(fields)
        mentor.languages.set(languages)
        mentor.tasks.set(tasks)
    finally:
        del mentor.skip_history_when_saving


def snapshot_mentor_relations(*, mentor_ids) -> None:
    """Store the mentors' current relations with their latest history records.

    For records written before the relations were set (a creation, a bulk import, demo data),
    so the next change is compared with the real state rather than an empty one. A record
    that already holds relations is left alone. A few queries, whatever the number of mentors.
    """
    latest = dict(
        Mentor.history.model.objects.filter(id__in=list(mentor_ids))
        .order_by()
        .values("id")
        .annotate(latest=Max("history_id"))
        .values_list("id", "latest")
    )
    for relation in Mentor.HISTORY_RELATIONS:
        model_field = Mentor._meta.get_field(relation)
        source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
        history_model = historical_relation_model(relation)
        filled = set(
            history_model.objects.filter(history_id__in=latest.values()).values_list(
                "history_id", flat=True
            )
        )
        rows = model_field.remote_field.through.objects.filter(
            **{f"{source}_id__in": latest}
        ).values_list("id", f"{source}_id", f"{target}_id")
        history_model.objects.bulk_create(
            [
                history_model(
                    id=row_id,
                    history_id=latest[mentor_id],
                    **{f"{source}_id": mentor_id, f"{target}_id": target_id},
                )
                for row_id, mentor_id, target_id in rows
                if latest[mentor_id] not in filled
            ],
            batch_size=1000,
        )


# Notices (emails owed to users, sent once)

SELF_SERVICE_NOTICE_KINDS = (
    Notice.Kind.REQUEST_NEW,
    Notice.Kind.REQUEST_REMINDER,
    Notice.Kind.REQUEST_ESCALATION,
    Notice.Kind.REQUEST_ANSWER,
    Notice.Kind.ANNOUNCEMENT,
    Notice.Kind.AVAILABILITY_NUDGE,
    Notice.Kind.ACTIVITY_NUDGE,
    Notice.Kind.FOLLOW_UP_DIGEST,
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
    if kind == Notice.Kind.ACTIVITY_NUDGE:
        return _activity_nudge_email(notice)
    if kind == Notice.Kind.FOLLOW_UP_DIGEST:
        return _follow_up_digest_email(notice)
    return None


def _activity_key(last_contact: datetime.date | None) -> str:
    return last_contact.isoformat() if last_contact else "never"


def _activity_nudge_email(notice: Notice) -> tuple[str, dict] | None:
    """Still owed only while the mentor has logged nothing since and has not paused nudges."""
    mentor = Mentor.objects.filter(user=notice.recipient).first()
    if mentor is None or mentor.nudges_paused or mentor.status != Mentor.Status.ACTIVE:
        return None
    last_contact = selectors.last_contact_date(mentor.pk)
    if _activity_key(last_contact) != notice.key:
        return None
    return "mentors/activity_nudge", {
        "recipient": notice.recipient,
        "last_contact": last_contact,
        "url": _absolute("mentors:contact_create"),
        "profile_url": _absolute("mentors:profile"),
    }


def _follow_up_digest_email(notice: Notice) -> tuple[str, dict] | None:
    """The recipient's follow-up list as of sending; nothing to send when it has emptied."""
    recipient = notice.recipient
    if not (roles.is_coordinator(recipient) or roles.is_college_coordinator(recipient)):
        return None
    scope = None if roles.is_coordinator(recipient) else coordinated_college_ids(recipient)
    mentors = list(
        selectors.follow_up_mentors(timezone.localdate(), college_ids=scope)[
            :FOLLOW_UP_DIGEST_LIMIT
        ]
    )
    if not mentors:
        return None
    return "mentors/follow_up_digest", {
        "recipient": recipient,
        "mentors": mentors,
        "days": selectors.FOLLOW_UP_DAYS,
        "url": _absolute("dashboard"),
    }


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
    """Sweep: re-enqueue announcement, nudge and digest emails whose first message was lost."""
    now = timezone.now()
    return _enqueue_unsent(
        Notice.objects.filter(
            kind__in=(
                Notice.Kind.ANNOUNCEMENT,
                Notice.Kind.AVAILABILITY_NUDGE,
                Notice.Kind.ACTIVITY_NUDGE,
                Notice.Kind.FOLLOW_UP_DIGEST,
            ),
            created_at__lte=now - RETRY_UNSENT_AFTER,
            created_at__gte=now - RETRY_UNSENT_FOR,
        )
    )


def _owe_new_notices(notices: list[Notice]) -> int:
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
    return _enqueue_unsent(Notice.objects.filter(kind__in=kinds, created_at=stamp))


FOLLOW_UP_DIGEST_LIMIT = 100


def enqueue_activity_nudges(*, today: datetime.date | None = None) -> int:
    """Sweep: one friendly email to each mentor silent for 30 days, once per silence.

    The key is the date of the mentor's last contact ("never" without one), so a new contact
    starts a new period and 30 more silent days earn a new nudge. Paused and away mentors
    are skipped, not queued: the nudge comes once they are back, if still silent.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        due = selectors.mentors_due_activity_nudge(today).values_list("user_id", "last_contact")
        return _owe_new_notices(
            [
                Notice(
                    kind=Notice.Kind.ACTIVITY_NUDGE, key=_activity_key(last), recipient_id=user_id
                )
                for user_id, last in due
            ]
        )


def enqueue_follow_up_digests(*, today: datetime.date | None = None) -> int:
    """Sweep: one weekly digest of mentors silent for 90 days to each of their coordinators."""
    today = today or timezone.localdate()
    year, week, _weekday = today.isocalendar()
    key = f"{year}-W{week:02d}"
    with transaction.atomic():
        recipients = selectors.follow_up_digest_recipients(today).values_list("pk", flat=True)
        return _owe_new_notices(
            [
                Notice(kind=Notice.Kind.FOLLOW_UP_DIGEST, key=key, recipient_id=user_id)
                for user_id in recipients
            ]
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
    _set_relations(mentor=mentor, fields=fields, languages=languages, tasks=tasks)
    mentor.save()
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


def _apply_contact_data(contact: Contact, data: dict) -> None:
    for name in Contact.EDITABLE_FIELDS:
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
def log_contact(
    *, mentor: Mentor, data: dict, contact_request: ContactRequest | None = None
) -> Contact:
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
    if (
        vte_group is not None
        and not selectors.open_vte_groups_of(requester).filter(pk=vte_group.pk).exists()
    ):
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
def end_assignment(
    *, assignment: GroupAssignment, on: datetime.date | None = None
) -> GroupAssignment:
    """End the assignment on the given day (today by default), never before it began."""
    on = on or timezone.localdate()
    assignment.ends_on = max(on, assignment.starts_on)
    assignment.save(update_fields=["ends_on"])
    return assignment


logger = logging.getLogger(__name__)

# Mentor pool

PROFILE_FIELDS = (
    "title",
    "phone",
    "bio",
    "contact_preferences",
    "capacity_groups",
    "trained_on",
)


def _set_membership(*, mentor: Mentor, college, unit, day: datetime.date) -> None:
    """Keep Mentor.college/unit and the open MembershipPeriod in step."""
    open_period = (
        MembershipPeriod.objects.select_for_update()
        .filter(mentor=mentor, ends_on__isnull=True)
        .first()
    )
    if (
        open_period
        and open_period.college_id == college.id
        and open_period.unit_id == (unit.id if unit else None)
    ):
        return
    if open_period and open_period.starts_on >= day:
        open_period.college = college
        open_period.unit = unit
        open_period.save(update_fields=["college", "unit"])
        return
    if open_period:
        open_period.ends_on = day - datetime.timedelta(days=1)
        open_period.save(update_fields=["ends_on"])
    MembershipPeriod.objects.create(mentor=mentor, college=college, unit=unit, starts_on=day)


def _recount_contact_colleges(mentor: Mentor) -> None:
    """Give every contact of the mentor the college of the membership covering its date."""
    for period in MembershipPeriod.objects.filter(mentor=mentor):
        contacts = Contact.objects.filter(mentor=mentor, date__gte=period.starts_on)
        if period.ends_on is not None:
            contacts = contacts.filter(date__lte=period.ends_on)
        contacts.exclude(college_id=period.college_id).update(college_id=period.college_id)


def _check_no_overlap(*, mentor: Mentor, starts_on, ends_on, exclude_pk=None) -> None:
    """Refuse a period that overlaps another of the mentor's membership periods."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    others = MembershipPeriod.objects.filter(mentor=mentor).exclude(pk=exclude_pk)
    others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        others = others.filter(starts_on__lte=ends_on)
    clash = others.select_related("college").order_by("starts_on").first()
    if clash is not None:
        raise ValidationError(
            _(
                "This period overlaps the membership in %(college)s from %(start)s%(until)s. "
                "Membership periods cannot overlap."
            )
            % {
                "college": clash.college.name,
                "start": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                "until": (
                    _(" until %(end)s") % {"end": date_format(clash.ends_on, "SHORT_DATE_FORMAT")}
                    if clash.ends_on
                    else ""
                ),
            },
            code="overlap",
        )


@transaction.atomic
def move_mentor(*, mentor: Mentor, college, unit=None, on: datetime.date) -> MembershipPeriod:
    """Move the mentor to another college from `on`: the open period ends the day before.

    Contacts from `on` onwards count for the new college, earlier ones for the old.
    """
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if unit is not None and unit.college_id != college.pk:
        raise ValidationError({"unit": _("The unit must belong to the new college.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The move date cannot be in the future.")})
    open_period = (
        MembershipPeriod.objects.select_for_update()
        .filter(mentor=mentor, ends_on__isnull=True)
        .first()
    )
    if open_period is not None:
        if (
            college.pk == open_period.college_id
            and (unit.pk if unit else None) == open_period.unit_id
        ):
            raise ValidationError(
                {"college": _("The mentor already belongs to this college and unit.")}
            )
        if on <= open_period.starts_on:
            raise ValidationError(
                {
                    "on": _("The move must be after the current membership started (%(start)s).")
                    % {"start": date_format(open_period.starts_on, "SHORT_DATE_FORMAT")}
                }
            )
        open_period.ends_on = on - datetime.timedelta(days=1)
        open_period.save(update_fields=["ends_on"])
    try:
        _check_no_overlap(mentor=mentor, starts_on=on, ends_on=None)
    except ValidationError as error:
        raise ValidationError({"on": error.messages}) from error
    period = MembershipPeriod.objects.create(
        mentor=mentor, college=college, unit=unit, starts_on=on
    )
    mentor.college, mentor.unit = college, unit
    mentor.save(update_fields=["college", "unit", "updated_at"])
    _recount_contact_colleges(mentor)
    return period


@transaction.atomic
def update_membership_period(
    *, period: MembershipPeriod, starts_on: datetime.date, ends_on: datetime.date | None
) -> MembershipPeriod:
    """Correct a period's dates; overlapping another period is refused."""
    period = MembershipPeriod.objects.select_for_update().get(pk=period.pk)
    if ends_on is None and period.ends_on is not None:
        raise ValidationError({"ends_on": _("Only the current membership can be open-ended.")})
    _check_no_overlap(
        mentor=period.mentor, starts_on=starts_on, ends_on=ends_on, exclude_pk=period.pk
    )
    period.starts_on, period.ends_on = starts_on, ends_on
    period.save(update_fields=["starts_on", "ends_on"])
    _recount_contact_colleges(period.mentor)
    return period


@transaction.atomic
def create_mentor(
    *,
    email: str,
    first_name: str,
    last_name: str,
    college,
    unit=None,
    created_by: User | None = None,
    language: str | None = None,
    fields=(),
    tasks=(),
    languages=(),
    **profile,
) -> Mentor:
    """Create (or link an existing account to) a candidate mentor with an open membership.

    `language` is the new account's language for pages and emails; an existing account
    keeps its own. Only a network coordinator links an account that holds another role.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(
            email=email,
            first_name=first_name,
            last_name=last_name,
            language=language or settings.LANGUAGE_CODE,
        )
        user.set_unusable_password()
        user.save()
    elif Mentor.objects.filter(user=user).exists():
        raise ValidationError(_("This person is already a mentor."))
    elif roles.role_names(user) - {roles.MENTOR} and not (
        created_by is None or roles.is_coordinator(created_by)
    ):
        # A college coordinator must not take over an account that runs something else
        # (a coordinator's, a teacher educator's, the steering group's).
        raise ValidationError(
            _(
                "This email belongs to an account with another role in the portal. "
                "A network coordinator can add it as a mentor."
            )
        )
    else:
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
    user.groups.add(roles.role_group(roles.MENTOR))
    mentor = Mentor.objects.create(
        user=user,
        college=college,
        unit=unit,
        status=Mentor.Status.CANDIDATE,
        **{key: value for key, value in profile.items() if key in PROFILE_FIELDS},
    )
    _set_relations(mentor=mentor, fields=fields, languages=languages, tasks=tasks)
    snapshot_mentor_relations(mentor_ids=[mentor.pk])
    MembershipPeriod.objects.create(
        mentor=mentor, college=college, unit=unit, starts_on=timezone.localdate()
    )
    StatusChange.objects.create(
        mentor=mentor, from_status="", to_status=Mentor.Status.CANDIDATE, changed_by=created_by
    )
    return mentor


@transaction.atomic
def update_mentor(
    *,
    mentor: Mentor,
    first_name: str,
    last_name: str,
    college,
    unit=None,
    fields=(),
    tasks=(),
    languages=(),
    **profile,
) -> Mentor:
    user = mentor.user
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    _set_membership(mentor=mentor, college=college, unit=unit, day=timezone.localdate())
    mentor.college, mentor.unit = college, unit
    for key, value in profile.items():
        if key in PROFILE_FIELDS:
            setattr(mentor, key, value)
    _set_relations(mentor=mentor, fields=fields, languages=languages, tasks=tasks)
    mentor.save()
    return mentor


@transaction.atomic
def change_status(
    *,
    mentor: Mentor,
    to_status: str,
    by: User | None,
    official_status_date: datetime.date | None = None,
    note: str = "",
) -> StatusChange:
    """Move the mentor along the lifecycle (Mentor.TRANSITIONS) and record the change."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if not mentor.can_move_to(to_status):
        raise ValidationError(
            _("A mentor cannot move from %(from)s to %(to)s.")
            % {"from": mentor.get_status_display(), "to": Mentor.Status(to_status).label},
            code="transition",
        )
    if official_status_date is not None:
        mentor.official_status_date = official_status_date
    if to_status == Mentor.Status.ACTIVE and mentor.official_status_date is None:
        raise ValidationError(
            {
                "official_status_date": _(
                    "Give the date of official status to make the mentor active."
                )
            }
        )
    change = StatusChange.objects.create(
        mentor=mentor,
        from_status=mentor.status,
        to_status=to_status,
        changed_by=by,
        note=note,
    )
    mentor.status = to_status
    mentor.save(update_fields=["status", "official_status_date", "updated_at"])
    return change


# GDPR: anonymising a mentor who leaves, and the retention of contact summaries

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def anonymise_mentor(*, mentor: Mentor, by: User | None) -> Mentor:
    """Remove a departing mentor's personal data but keep their activity for statistics.

    The contacts, requests, registrations and group assignments stay (with the college and
    task of their day) so the network's figures do not change; what identifies the person
    goes: name, email, password, phone, bio, free text they wrote, and the change history
    that still holds the old values. The account can no longer sign in.
    """
    with transaction.atomic():
        mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
        if mentor.anonymised_at is not None:
            raise ValidationError(_("This mentor has already been anonymised."), code="anonymised")
        if mentor.status != Mentor.Status.ALUMNI:
            change_status(mentor=mentor, to_status=Mentor.Status.ALUMNI, by=by, note="anonymised")
            mentor.refresh_from_db()
        user = mentor.user
        user.first_name = "Former mentor"
        user.last_name = f"#{mentor.pk}"
        user.email = f"former-mentor-{mentor.pk}@{ANONYMISED_EMAIL_DOMAIN}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.filter(user=user).delete()
        api_tokens.tokens_of(user).delete()
        Invitation.objects.filter(user=user).delete()
        for relation in Mentor.HISTORY_RELATIONS:
            historical_relation_model(relation).objects.filter(mentor_id=mentor.pk).delete()
        mentor.history.all().delete()  # the historical rows still hold phone and bio
        mentor.title = ""
        mentor.phone = ""
        mentor.bio = ""
        mentor.contact_preferences = ""
        mentor.anonymised_at = timezone.now()
        mentor.save()
        Availability.objects.filter(mentor=mentor).update(note="")
        Contact.objects.filter(mentor=mentor).update(summary="")
        ContactRequest.objects.filter(mentor=mentor).update(response_message="")
        signals.mentor_anonymised.send(sender=Mentor, user=user)
    return mentor


def clear_old_contact_summaries(*, today: datetime.date | None = None) -> int:
    """Blank the free-text summary of contacts older than CONTACT_SUMMARY_RETENTION_YEARS.

    The rest of the entry stays for the reports. Returns the number of summaries cleared.
    """
    today = today or timezone.localdate()
    years = settings.CONTACT_SUMMARY_RETENTION_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    with transaction.atomic():
        return Contact.objects.filter(date__lt=cutoff).exclude(summary="").update(summary="")


@transaction.atomic
def mark_trained(*, mentor: Mentor, on: datetime.date) -> bool:
    """Record mentor training completed on `on`; an earlier date never replaces a later one.

    Returns True when the mentor's training date changed.
    """
    updated = (
        Mentor.objects.filter(pk=mentor.pk)
        .filter(Q(trained_on__isnull=True) | Q(trained_on__lt=on))
        .update(trained_on=on, updated_at=timezone.now())
    )
    if updated:
        mentor.trained_on = on
    return bool(updated)


@transaction.atomic
def delete_mentor(*, mentor: Mentor) -> None:
    """Delete a mentor who never did anything; the account goes too unless it has other roles."""
    if selectors.has_activity(mentor):
        raise ValidationError(
            _("This mentor has activity in the network: archive them (paused or alumni) instead.")
        )
    user = mentor.user
    mentor.delete()
    user.groups.remove(roles.role_group(roles.MENTOR))
    if not user.groups.exists() and not user.is_staff and not user.is_superuser:
        user.delete()


def _new_invitation_key() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def send_invitation(*, user: User, by: User | None) -> Invitation:
    """Create or renew the user's invitation (new key and expiry) and email the link."""
    expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_EXPIRY_DAYS)
    invitation = Invitation.objects.select_for_update().filter(user=user).first()
    if invitation is not None and invitation.accepted_at is not None:
        raise ValidationError(_("This person has already accepted their invitation."))
    if invitation is None:
        invitation = Invitation.objects.create(
            user=user, key=_new_invitation_key(), invited_by=by, expires_at=expires_at
        )
    else:
        invitation.key = _new_invitation_key()
        invitation.expires_at = expires_at
        invitation.invited_by = by or invitation.invited_by
        invitation.save(update_fields=["key", "expires_at", "invited_by"])
    sends = Notice.objects.filter(
        kind=Notice.Kind.INVITATION, recipient=user, key__startswith=f"{invitation.pk}:"
    ).aggregate(n=Count("id"))["n"]
    notice = Notice.objects.create(
        kind=Notice.Kind.INVITATION, key=f"{invitation.pk}:{sends + 1}", recipient=user
    )
    enqueue_on_commit(tasks.send_invitation_email, notice.pk)
    return invitation


def invite_mentor(
    *,
    email: str,
    first_name: str,
    last_name: str,
    college,
    unit=None,
    language: str | None = None,
    by: User | None,
) -> Mentor:
    """Create the account and candidate mentor, and send the invitation, in one transaction."""
    with transaction.atomic():
        mentor = create_mentor(
            email=email,
            first_name=first_name,
            last_name=last_name,
            college=college,
            unit=unit,
            language=language,
            created_by=by,
        )
        send_invitation(user=mentor.user, by=by)
    return mentor


@transaction.atomic
def accept_invitation(*, invitation: Invitation, set_password_form) -> User:
    """Save the new password, mark the invitation used and the email address verified."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state in {"accepted", "expired"}:
        raise ValidationError(_("This invitation link can no longer be used."))
    user = set_password_form.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return user


def deliver_invitation(*, notice_id: int) -> bool:
    """Email the invitation link for one notice, exactly once; False when nothing was sent.

    The notice row is locked while sending, so a second worker waits and then skips it;
    an SMTP failure rolls back and the task retries.
    """
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notice_id, kind=Notice.Kind.INVITATION)
            .first()
        )
        if notice is None or notice.sent_at is not None:
            return False
        user = notice.recipient
        invitation = Invitation.objects.select_for_update().filter(user=user).first()
        now = timezone.now()
        if invitation is not None and invitation.state not in {"accepted", "expired"}:
            send_email(
                to=[user.email],
                template="mentors/invitation",
                context={
                    "user": user,
                    "invitation": invitation,
                    "url": settings.SITE_URL
                    + reverse("mentors:accept_invitation", args=[invitation.key]),
                    "expiry_days": settings.INVITATION_EXPIRY_DAYS,
                },
                language=user.language,
            )
            invitation.sent_at = now
            invitation.save(update_fields=["sent_at"])
        notice.sent_at = now
        notice.save(update_fields=["sent_at"])
        return invitation is not None and invitation.sent_at == now


def unsent_invitation_notices() -> list[int]:
    """Invitation notices owed for more than five minutes (a lost message); for the sweep."""
    cutoff = timezone.now() - datetime.timedelta(minutes=5)
    return list(
        Notice.objects.filter(
            kind=Notice.Kind.INVITATION, sent_at__isnull=True, created_at__lt=cutoff
        ).values_list("id", flat=True)[:500]
    )


IMPORT_BATCH_SIZE = 500


class ImportConflict(Exception):
    """Rows that became invalid between the dry run and the import."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors)
        self.errors = errors


@transaction.atomic
def create_import(*, filename: str, table: list[tuple[int, dict]], by: User | None) -> MentorImport:
    """Check the rows of an uploaded file (the dry run) and keep them; no mentor is written.

    `table` comes from importing.read_table, which refuses unreadable files.
    """
    parsed = importing.check_rows(table)
    return MentorImport.objects.create(
        filename=filename[:255],
        created_by=by,
        status=MentorImport.Status.VALID if parsed.is_valid else MentorImport.Status.INVALID,
        total=len(parsed.rows),
        rows=parsed.rows,
        errors=parsed.errors,
    )


@transaction.atomic
def confirm_import(*, mentor_import: MentorImport) -> MentorImport:
    """Queue a checked, error-free import; a second confirmation changes nothing."""
    updated = MentorImport.objects.filter(
        pk=mentor_import.pk, status=MentorImport.Status.VALID
    ).update(status=MentorImport.Status.QUEUED)
    if not updated:
        raise ValidationError(_("Only a checked file without errors can be imported, once."))
    enqueue_on_commit(tasks.run_mentor_import, mentor_import.pk)
    mentor_import.refresh_from_db()
    return mentor_import


def _create_import_batch(
    *, rows: list[dict], created_by_id: int | None, day: datetime.date
) -> None:
    unusable = make_password(None)
    emails = [row["email"] for row in rows]
    User.objects.bulk_create(
        [
            User(
                email=row["email"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                password=unusable,
            )
            for row in rows
        ]
    )
    user_ids = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    mentor_group = roles.role_group(roles.MENTOR)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user_ids[email], group_id=mentor_group.id) for email in emails]
    )
    history_user = User.objects.filter(pk=created_by_id).first() if created_by_id else None
    bulk_create_with_history(
        [
            Mentor(
                user_id=user_ids[row["email"]],
                college_id=row["college_id"],
                unit_id=row["unit_id"],
                status=row["status"],
                official_status_date=row["official_status_date"],
            )
            for row in rows
        ],
        Mentor,
        default_user=history_user,
    )
    mentor_ids = dict(
        Mentor.objects.filter(user_id__in=user_ids.values()).values_list("user_id", "id")
    )
    through_rows = {
        "fields": ("field_ids", "vocationalfield_id"),
        "tasks": ("task_ids", "mentortask_id"),
        "languages": ("language_ids", "language_id"),
    }
    for relation, (key, column) in through_rows.items():
        through = getattr(Mentor, relation).through
        through.objects.bulk_create(
            [
                through(**{"mentor_id": mentor_ids[user_ids[row["email"]]], column: target_id})
                for row in rows
                for target_id in row[key]
            ]
        )
    snapshot_mentor_relations(mentor_ids=mentor_ids.values())
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(
                mentor_id=mentor_ids[user_ids[row["email"]]],
                college_id=row["college_id"],
                unit_id=row["unit_id"],
                starts_on=day,
            )
            for row in rows
        ]
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                mentor_id=mentor_ids[user_ids[row["email"]]],
                from_status="",
                to_status=row["status"],
                changed_by_id=created_by_id,
                note=_("Imported"),
            )
            for row in rows
        ]
    )


def run_import(*, import_id: int) -> int:
    """Create the mentors of a queued import in batches, recording progress after each.

    Each batch and its progress commit together under a row lock, so a redelivered task
    continues where the last one stopped and never creates a row twice.
    """
    started = MentorImport.objects.filter(
        pk=import_id, status__in=[MentorImport.Status.QUEUED, MentorImport.Status.RUNNING]
    ).update(status=MentorImport.Status.RUNNING)
    if not started:
        return 0
    mentor_import = MentorImport.objects.get(pk=import_id)
    rows, created_by_id = mentor_import.rows, mentor_import.created_by_id
    day = timezone.localdate()
    created = 0
    try:
        while True:
            with transaction.atomic():
                progress = (
                    MentorImport.objects.select_for_update()
                    .only("id", "processed", "total", "status")
                    .get(pk=import_id)
                )
                if progress.status != MentorImport.Status.RUNNING:
                    return created
                if progress.processed >= progress.total:
                    progress.status = MentorImport.Status.DONE
                    progress.finished_at = timezone.now()
                    progress.save(update_fields=["status", "finished_at"])
                    return created
                batch = rows[progress.processed : progress.processed + IMPORT_BATCH_SIZE]
                taken = importing.existing_emails([row["email"] for row in batch])
                if taken:
                    raise ImportConflict(
                        [
                            {
                                "line": row["line"],
                                "email": row["email"],
                                "errors": [
                                    _(
                                        "A user with this email address was added after the file was checked."
                                    )
                                ],
                            }
                            for row in batch
                            if row["email"] in taken
                        ]
                    )
                _create_import_batch(rows=batch, created_by_id=created_by_id, day=day)
                progress.processed += len(batch)
                progress.save(update_fields=["processed"])
                created += len(batch)
    except ImportConflict as conflict:
        errors = conflict.errors
    except Exception as error:
        logger.exception("mentor import %s failed", import_id)
        errors = [
            {
                "line": None,
                "email": "",
                "errors": [_("The import stopped: %(error)s") % {"error": error}],
            }
        ]
    MentorImport.objects.filter(pk=import_id).update(
        status=MentorImport.Status.FAILED, finished_at=timezone.now(), errors=errors
    )
    return created
