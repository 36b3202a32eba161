"""Writes for the mentors app: keyword-only functions, one transaction each."""

import datetime
import logging
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from leadvet import roles
from leadvet.mail import send_email
from leadvet.models import User
from leadvet.queue import enqueue_on_commit
from mentors import importing, selectors, tasks
from mentors.models import (
    Invitation,
    MembershipPeriod,
    Mentor,
    MentorImport,
    Notice,
    StatusChange,
)

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
    open_period = MembershipPeriod.objects.select_for_update().filter(
        mentor=mentor, ends_on__isnull=True
    ).first()
    if open_period and open_period.college_id == college.id and open_period.unit_id == (
        unit.id if unit else None
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
    keeps its own.
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
    else:
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
    user.groups.add(Group.objects.get(name=roles.MENTOR))
    mentor = Mentor.objects.create(
        user=user,
        college=college,
        unit=unit,
        status=Mentor.Status.CANDIDATE,
        **{key: value for key, value in profile.items() if key in PROFILE_FIELDS},
    )
    mentor.fields.set(fields)
    mentor.tasks.set(tasks)
    mentor.languages.set(languages)
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
    mentor.save()
    mentor.fields.set(fields)
    mentor.tasks.set(tasks)
    mentor.languages.set(languages)
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
            {"official_status_date": _("Give the date of official status to make the mentor active.")}
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


@transaction.atomic
def delete_mentor(*, mentor: Mentor) -> None:
    """Delete a mentor who never did anything; the account goes too unless it has other roles."""
    if selectors.has_activity(mentor):
        raise ValidationError(
            _("This mentor has activity in the network: archive them (paused or alumni) instead.")
        )
    user = mentor.user
    mentor.delete()
    user.groups.remove(Group.objects.get(name=roles.MENTOR))
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
        notice = Notice.objects.select_for_update().select_related("recipient").filter(
            pk=notice_id, kind=Notice.Kind.INVITATION
        ).first()
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
                    "url": settings.SITE_URL + reverse("mentors:accept_invitation", args=[invitation.key]),
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


def _create_import_batch(*, rows: list[dict], created_by_id: int | None, day: datetime.date) -> None:
    unusable = make_password(None)
    emails = [row["email"] for row in rows]
    User.objects.bulk_create(
        [
            User(email=row["email"], first_name=row["first_name"], last_name=row["last_name"], password=unusable)
            for row in rows
        ]
    )
    user_ids = dict(User.objects.filter(email__in=emails).values_list("email", "id"))
    mentor_group = Group.objects.get(name=roles.MENTOR)
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
    through_rows = {"fields": ("field_ids", "vocationalfield_id"), "tasks": ("task_ids", "mentortask_id"), "languages": ("language_ids", "language_id")}
    for relation, (key, column) in through_rows.items():
        through = getattr(Mentor, relation).through
        through.objects.bulk_create(
            [
                through(**{"mentor_id": mentor_ids[user_ids[row["email"]]], column: target_id})
                for row in rows
                for target_id in row[key]
            ]
        )
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
                            {"line": row["line"], "email": row["email"], "errors": [_("A user with this email address was added after the file was checked.")]}
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
        errors = [{"line": None, "email": "", "errors": [_("The import stopped: %(error)s") % {"error": error}]}]
    MentorImport.objects.filter(pk=import_id).update(
        status=MentorImport.Status.FAILED, finished_at=timezone.now(), errors=errors
    )
    return created
