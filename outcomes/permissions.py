"""Who may record and see teacher students' paths, goals, feedback and curriculum proposals.

Coordinators (network and college) and teacher educators record placements and outcomes; a
teacher educator for their own groups and the contacts with them, a college coordinator for
their own colleges. The steering group sees aggregates only (the report), never a student.
"""

from colleges.permissions import coordinated_college_ids
from leadvet import roles


def can_record_outcomes(user) -> bool:
    return (
        roles.is_coordinator(user)
        or roles.is_college_coordinator(user)
        or roles.is_teacher_educator(user)
    )


def can_use_group(user, group) -> bool:
    """The group's teacher students and their records."""
    if roles.is_coordinator(user) or roles.is_college_coordinator(user):
        return True
    return roles.is_teacher_educator(user) and group.teacher_educator_id == user.pk


def can_use_contact(user, contact) -> bool:
    """Recording from a contact: the coordinators of its college, the teacher educator of its
    VTE group, or the teacher educator whose request it came from."""
    if roles.is_coordinator(user):
        return True
    if contact.college_id in coordinated_college_ids(user):
        return True
    if not roles.is_teacher_educator(user):
        return False
    if contact.vte_group_id and contact.vte_group.teacher_educator_id == user.pk:
        return True
    return bool(contact.request_id and contact.request.requester_id == user.pk)


def recordable_college_ids(user) -> frozenset[int] | None:
    """The colleges a user may record placements and outcomes at; None: every college."""
    if roles.is_coordinator(user) or roles.is_teacher_educator(user):
        return None
    return coordinated_college_ids(user)


def can_change_record(user, record) -> bool:
    """A placement or outcome: whoever may use its student's group, within their colleges."""
    if not can_use_group(user, record.student.vte_group):
        return False
    colleges = recordable_college_ids(user)
    return colleges is None or record.college_id in colleges


# The programme's goals


def can_see_goals(user) -> bool:
    return roles.can_see_reports(user) or roles.is_college_coordinator(user)


def can_manage_goals(user) -> bool:
    return roles.is_coordinator(user)


# Curriculum proposals


def can_see_proposals(user) -> bool:
    return roles.is_coordinator(user) or roles.is_teacher_educator(user)


def can_propose(user, contact) -> bool:
    """The mentor who logged a curriculum-input contact, or a network coordinator."""
    if not contact.curriculum_input:
        return False
    return roles.is_coordinator(user) or contact.mentor.user_id == user.pk


def can_decide_proposal(user) -> bool:
    """Teacher-education staff: the network coordinators and teacher educators."""
    return roles.is_coordinator(user) or roles.is_teacher_educator(user)


# Network health


def can_see_network_health(user) -> bool:
    return roles.can_see_reports(user) or roles.is_college_coordinator(user)


def sees_college_details(user, college_id: int) -> bool:
    """The figures behind a college's row: coordinators; college coordinators their own."""
    return roles.is_coordinator(user) or college_id in coordinated_college_ids(user)
