"""Who may see and change mentors' data. Object checks build on leadvet.roles."""

from colleges.permissions import coordinated_college_ids
from leadvet import roles

# Assignments


def can_manage_assignments(user) -> bool:
    """Coordinators assign anyone; college coordinators their own college's mentors."""
    return roles.can_manage_pool(user)


def can_assign_mentor(user, mentor) -> bool:
    return roles.is_coordinator(user) or mentor.college_id in coordinated_college_ids(user)


def can_end_assignment(user, assignment) -> bool:
    return can_assign_mentor(user, assignment.mentor)


def can_see_suggestions(user, group) -> bool:
    return can_manage_assignments(user)


def assignable_college_ids(user) -> frozenset[int] | None:
    """The colleges whose mentors the user may assign; None means every college."""
    if roles.is_coordinator(user):
        return None
    return coordinated_college_ids(user)
