"""Object-level permission predicates for the mentors app, built on leadvet.roles.

Views answer 404 for objects a user may not see and 403 for objects they may see
but not change; the API uses the same predicates.
"""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from colleges.permissions import coordinated_college_ids
from leadvet import roles
from mentors.models import Mentor

# Self-service


def is_self_service_mentor(user) -> bool:
    """A signed-in mentor with a mentor record: may keep a profile, availability and contacts."""
    return roles.is_mentor(user) and hasattr(user, "mentor")


def can_see_contact(user, contact) -> bool:
    return (
        contact.mentor.user_id == user.pk
        or roles.is_coordinator(user)
        or contact.college_id in coordinated_college_ids(user)
    )


def contact_edit_deadline(contact) -> datetime.datetime:
    return contact.created_at + datetime.timedelta(days=settings.CONTACT_EDIT_WINDOW_DAYS)


def can_change_contact(user, contact) -> bool:
    """Only the mentor who logged it, and only within the edit window."""
    return contact.mentor.user_id == user.pk and timezone.now() < contact_edit_deadline(contact)


def can_change_availability(user, availability) -> bool:
    return availability.mentor.user_id == user.pk


def can_see_availability_note(user, availability) -> bool:
    """A period's note (e.g. the reason for a pause) is for the mentor and the coordinators
    of their college; the mentor pages show others only the dates and hours."""
    return can_change_availability(user, availability) or can_manage_mentor(
        user, availability.mentor
    )


def can_see_request(user, request) -> bool:
    return (
        request.mentor.user_id == user.pk
        or request.requester_id == user.pk
        or roles.is_coordinator(user)
        or request.mentor.college_id in coordinated_college_ids(user)
    )


def can_answer_request(user, request) -> bool:
    return request.mentor.user_id == user.pk and request.status == request.Status.OPEN


def can_withdraw_request(user, request) -> bool:
    return request.requester_id == user.pk and request.status == request.Status.OPEN


def can_turn_request_into_contact(user, request) -> bool:
    return (
        request.mentor.user_id == user.pk
        and request.status == request.Status.ACCEPTED
        and not hasattr(request, "contact")
    )


def can_send_requests(user) -> bool:
    return roles.can_find_mentors(user)


def can_see_requests_page(user) -> bool:
    return (
        roles.is_mentor(user)
        or roles.is_teacher_educator(user)
        or roles.is_coordinator(user)
        or roles.is_college_coordinator(user)
    )


def can_manage_announcements(user) -> bool:
    """Write announcements and see the list of them: coordinators, and the steering group
    (from the steering group to mentors)."""
    return roles.is_coordinator(user) or roles.is_steering(user)


def can_manage_announcement(user, announcement) -> bool:
    """Preview, confirm, edit, delete one: coordinators any; the steering group its own."""
    if roles.is_coordinator(user):
        return True
    return roles.is_steering(user) and announcement.author_id == user.pk


def can_read_announcements(user) -> bool:
    """The announcements meant for oneself: mentors and teacher educators."""
    return roles.is_mentor(user) or roles.is_teacher_educator(user)


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


def college_scope(user) -> frozenset[int] | None:
    """The colleges whose mentors, availability and contacts the user runs; None means every
    college (network coordinators)."""
    if roles.is_coordinator(user):
        return None
    return coordinated_college_ids(user)


def assignable_college_ids(user) -> frozenset[int] | None:
    """The colleges whose mentors the user may assign; None means every college."""
    return college_scope(user)


def can_see_college_activity(user) -> bool:
    """The availability overview and the read-only contact log of the user's colleges."""
    return roles.can_manage_pool(user)


def can_use_pool(user) -> bool:
    """The mentor list, exports and the create/invite pages."""
    return roles.can_manage_pool(user)


def can_import_mentors(user) -> bool:
    """Bulk import touches any college, so it is for network coordinators only."""
    return roles.is_coordinator(user)


def can_manage_college(user, college_id: int | None) -> bool:
    if roles.is_coordinator(user):
        return True
    return college_id is not None and college_id in coordinated_college_ids(user)


def can_manage_mentor(user, mentor: Mentor) -> bool:
    """Edit, change status, invite, archive or delete this mentor."""
    return can_manage_college(user, mentor.college_id)


def can_anonymise_mentor(user, mentor: Mentor) -> bool:
    """Only the network's coordinators erase a departing mentor's personal data."""
    return roles.is_coordinator(user) and can_manage_mentor(user, mentor)


def can_see_full_profile(user, mentor: Mentor) -> bool:
    """Phone, contact log, status history, assignments and events."""
    return can_manage_mentor(user, mentor) or (user.is_authenticated and mentor.user_id == user.pk)


def can_see_public_profile(user, mentor: Mentor) -> bool:
    return (
        can_see_full_profile(user, mentor)
        or roles.is_teacher_educator(user)
        or roles.is_mentor(user)
    )


def may_open_mentor_pages(user) -> bool:
    """Roles that may open a mentor's page at all; others (the steering group) get 403."""
    return roles.can_manage_pool(user) or roles.is_teacher_educator(user) or roles.is_mentor(user)


def visible_mentors(user, queryset: QuerySet | None = None) -> QuerySet:
    """The mentors the user may list with full details (the pool scope)."""
    queryset = Mentor.objects.all() if queryset is None else queryset
    if roles.is_coordinator(user):
        return queryset
    if roles.is_college_coordinator(user):
        return queryset.filter(college_id__in=coordinated_college_ids(user))
    return queryset.none()


def manageable_colleges(user, queryset):
    """The colleges a user may put a mentor in (a PartnerCollege queryset narrowed)."""
    if roles.is_coordinator(user):
        return queryset
    return queryset.filter(id__in=coordinated_college_ids(user))
