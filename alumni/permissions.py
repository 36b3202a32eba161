"""Who may do what with alumni requests."""

from leadvet import roles


def can_manage_alumni(user) -> bool:
    """Network coordinators decide requests, see the pool and propose mentors."""
    return roles.is_coordinator(user)


def can_edit_own_details(user) -> bool:
    return roles.is_alumnus(user)
