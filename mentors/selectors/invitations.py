"""Invitations to set a password."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Lower

from mentors.models import Invitation, Mentor, MentorImport
from mentors.selectors.pool import PortalAccount, portal_account_expression


def invitation_by_key(key: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(key=key).first()


@dataclass(frozen=True)
class InvitationTargets:
    """Who a bulk invitation reaches among some mentors: those never invited (`new`), those
    whose link expired (`expired`), and how many are left out (`skipped`: invited with a link
    still valid, in the portal already, alumni, anonymised or with a disabled account)."""

    new: QuerySet
    expired: QuerySet
    skipped: int

    @property
    def count(self) -> int:
        return self.new.count() + self.expired.count()

    def mentors(self) -> QuerySet:
        return (self.new | self.expired).order_by("user__last_name", "user__first_name", "pk")


def invitation_targets(mentors: QuerySet) -> InvitationTargets:
    """Split `mentors` (any Mentor queryset, already narrowed to what the user may manage)."""
    base = Mentor.objects.filter(pk__in=mentors.values("pk"))
    eligible = (
        base.exclude(status=Mentor.Status.ALUMNI)
        .filter(anonymised_at__isnull=True, user__is_active=True)
        .alias(invite_state=portal_account_expression())
        .select_related("user", "college")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    new = eligible.filter(invite_state=PortalAccount.NONE)
    expired = eligible.filter(invite_state=PortalAccount.EXPIRED)
    return InvitationTargets(
        new=new, expired=expired, skipped=base.count() - new.count() - expired.count()
    )


def imported_mentors(mentor_import: MentorImport) -> QuerySet:
    """The mentors an import created (its rows' addresses; an import creates only new users)."""
    emails = [row["email"].lower() for row in mentor_import.rows or [] if row.get("email")]
    return Mentor.objects.annotate(lower_email=Lower("user__email")).filter(lower_email__in=emails)
