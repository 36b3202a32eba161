"""Which kinds of bulk email (leadvet.models.BulkEmail) each address has turned off.

Turned off by the signed link in such an email (leadvet.lib.unsubscribe, also the one-click
POST of RFC 8058) or on the profile's email page; the outbox does not send a bulk email to an
address that turned its kind off.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from leadvet import roles
from leadvet.models import BulkEmail, EmailOptOut, User

DESCRIPTIONS = {
    BulkEmail.ANNOUNCEMENTS: _("News from the network coordinators to mentors."),
    BulkEmail.AVAILABILITY_NUDGES: _("When your availability as a mentor has run out."),
    BulkEmail.ACTIVITY_NUDGES: _("When you have logged no mentoring contact for a while."),
    BulkEmail.FOLLOW_UP_DIGEST: _("Each week, the active mentors who have logged no contact."),
    BulkEmail.SURVEY_INVITATIONS: _("Invitations to answer the network's surveys."),
    BulkEmail.SURVEY_REMINDERS: _("Reminders about a survey you have not answered yet."),
    BulkEmail.MONTHLY_REPORT: _("The steering group's network report as a PDF each month."),
    BulkEmail.SPACE_DIGEST: _(
        "New posts in the network space's topics you follow, daily or weekly as you choose."
    ),
}


def opt_outs_of(address: str) -> QuerySet[EmailOptOut]:
    return EmailOptOut.objects.filter(address=address.lower())


def turned_off(address: str) -> set[str]:
    """The kinds the address has turned off."""
    return set(opt_outs_of(address).values_list("kind", flat=True))


def opted_out(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of the (address, kind) pairs, those turned off (one query)."""
    pairs = {(address.lower(), kind) for address, kind in pairs}
    if not pairs:
        return set()
    found = EmailOptOut.objects.filter(
        address__in={address for address, _kind in pairs},
        kind__in={kind for _address, kind in pairs},
    ).values_list("address", "kind")
    return set(found) & pairs


def kinds_for(user: User) -> list[str]:
    """The kinds the user can receive by their roles, and any they have turned off."""
    mentor = roles.is_mentor(user)
    coordinating = roles.is_coordinator(user) or roles.is_college_coordinator(user)
    receives = {
        BulkEmail.ANNOUNCEMENTS: mentor,
        BulkEmail.AVAILABILITY_NUDGES: mentor,
        BulkEmail.ACTIVITY_NUDGES: mentor,
        BulkEmail.FOLLOW_UP_DIGEST: coordinating,
        BulkEmail.SURVEY_INVITATIONS: True,
        BulkEmail.SURVEY_REMINDERS: True,
        BulkEmail.MONTHLY_REPORT: roles.is_steering(user),
        # Everyone in the network space (space.permissions.MEMBER_ROLES): all but steering.
        BulkEmail.SPACE_DIGEST: roles.is_coordinator(user)
        or bool(roles.role_names(user) - {roles.STEERING}),
    }
    off = turned_off(user.email)
    return [kind for kind in BulkEmail.values if receives[kind] or kind in off]


def turn_off(*, address: str, kind: str) -> None:
    EmailOptOut.objects.get_or_create(address=address.lower(), kind=BulkEmail(kind))


def turn_on(*, address: str, kind: str) -> None:
    EmailOptOut.objects.filter(address=address.lower(), kind=BulkEmail(kind)).delete()


def set_wanted(*, address: str, wanted: dict[str, bool]) -> None:
    """Turn each kind on (True) or off (False)."""
    with transaction.atomic():
        for kind, on in wanted.items():
            if on:
                turn_on(address=address, kind=kind)
            else:
                turn_off(address=address, kind=kind)
