"""The mentor pool: adding, changing, training, lifecycle and deleting mentors."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet import roles
from leadvet.models import User
from leadvet.signals import changed_in_bulk
from mentors.models import MembershipPeriod, Mentor, StatusChange
from mentors.selectors.pool import has_activity
from mentors.services.history import set_relations, snapshot_mentor_relations
from mentors.services.memberships import set_membership

PROFILE_FIELDS = (
    "title",
    "phone",
    "bio",
    "contact_preferences",
    "capacity_groups",
    "trained_on",
)


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
            # Where nobody chose, the college's country's language (issue 23).
            language=language or college.country.language or settings.LANGUAGE_CODE,
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
    set_relations(mentor=mentor, fields=fields, languages=languages, tasks=tasks)
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
    set_membership(mentor=mentor, college=college, unit=unit, day=timezone.localdate())
    mentor.college, mentor.unit = college, unit
    for key, value in profile.items():
        if key in PROFILE_FIELDS:
            setattr(mentor, key, value)
    set_relations(mentor=mentor, fields=fields, languages=languages, tasks=tasks)
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
        changed_in_bulk.send(sender=Mentor)
    return bool(updated)


@transaction.atomic
def delete_mentor(*, mentor: Mentor) -> None:
    """Delete a mentor who never did anything; the account goes too unless it has other roles."""
    if has_activity(mentor):
        raise ValidationError(
            _("This mentor has activity in the network: archive them (paused or alumni) instead.")
        )
    user = mentor.user
    mentor.delete()
    user.groups.remove(roles.role_group(roles.MENTOR))
    if not user.groups.exists() and not user.is_staff and not user.is_superuser:
        user.delete()
