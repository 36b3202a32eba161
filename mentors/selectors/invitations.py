"""Invitations to set a password."""

from mentors.models import Invitation


def invitation_by_key(key: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(key=key).first()
