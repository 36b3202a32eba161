"""Invitations to set a password: sending, accepting and the invitation email."""

import datetime
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.queue import enqueue_on_commit
from leadvet.models import User
from mentors import tasks
from mentors.models import Invitation, Mentor, Notice
from mentors.services.pool import create_mentor


def _new_invitation_key() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def send_invitation(*, user: User, by: User | None) -> Invitation:
    """Create or renew the user's invitation (new key and expiry) and email the link."""
    invitation = issue_invitation(user=user, by=by)
    sends = Notice.objects.filter(
        kind=Notice.Kind.INVITATION, recipient=user, key__startswith=f"{invitation.pk}:"
    ).aggregate(n=Count("id"))["n"]
    notice = Notice.objects.create(
        kind=Notice.Kind.INVITATION, key=f"{invitation.pk}:{sends + 1}", recipient=user
    )
    enqueue_on_commit(tasks.send_invitation_email, notice.pk)
    return invitation


@transaction.atomic
def issue_invitation(*, user: User, by: User | None) -> Invitation:
    """Create or renew the user's invitation (new key and expiry) without emailing it: for
    an email of another app that carries the link (an approved alumni request)."""
    expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_EXPIRY_DAYS)
    invitation = Invitation.objects.select_for_update().filter(user=user).first()
    if invitation is not None and invitation.accepted_at is not None:
        raise ValidationError(_("This person has already accepted their invitation."))
    if user.last_login is not None:
        # Signed in by other means (single sign-on, a password reset): a link to set a
        # password would only confuse them.
        raise ValidationError(_("This person already uses the portal."))
    if invitation is None:
        invitation = Invitation.objects.create(
            user=user, key=_new_invitation_key(), invited_by=by, expires_at=expires_at
        )
    else:
        invitation.key = _new_invitation_key()
        invitation.expires_at = expires_at
        invitation.invited_by = by or invitation.invited_by
        invitation.save(update_fields=["key", "expires_at", "invited_by"])
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


def accept_invitation_through_sso(*, user: User) -> int:
    """An invited person whose first single sign-on reached their account has accepted the
    invitation: its link is spent and coordinators see them as having joined."""
    return Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )


# One click invites at most this many: each is its own row, key and email in the outbox.
MAX_BULK_INVITATIONS = 500


@dataclass(frozen=True)
class BulkInvitationResult:
    sent: int
    resent: int
    left: int  # invitable mentors over MAX_BULK_INVITATIONS, for the next click


def send_invitations(*, targets, by: User) -> BulkInvitationResult:
    """Invite the never-invited and re-invite the expired among `targets`
    (selectors.invitations.InvitationTargets), each through send_invitation (so each email
    goes through the outbox once). A mentor who signed in or accepted meanwhile is passed over."""
    with transaction.atomic():
        expired_ids = set(targets.expired.values_list("pk", flat=True))
        chosen = list(targets.mentors().select_related("user")[: MAX_BULK_INVITATIONS + 1])
        left = max(targets.count - MAX_BULK_INVITATIONS, 0)
        sent = resent = 0
        for mentor in chosen[:MAX_BULK_INVITATIONS]:
            try:
                send_invitation(user=mentor.user, by=by)
            except ValidationError:
                continue
            if mentor.pk in expired_ids:
                resent += 1
            else:
                sent += 1
    return BulkInvitationResult(sent=sent, resent=resent, left=left)
