"""Who keeps and who reads the state of the art. Checked on the server by every view and the API."""

from leadvet import roles


def can_see_practice(user) -> bool:
    """Coordinators, college coordinators and the steering group read it."""
    return (
        roles.is_coordinator(user) or roles.is_college_coordinator(user) or roles.is_steering(user)
    )


def can_edit_practice(user) -> bool:
    """Network coordinators keep it: record an assessment, accept a survey's proposal."""
    return roles.is_coordinator(user)
