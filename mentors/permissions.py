"""Who may see and change mentors: small predicates for views and the API.

Network coordinators run the whole pool; college coordinators the mentors of the
colleges they coordinate. Teacher educators and mentors see public profiles; a
mentor sees their own full profile. The steering group sees aggregates only.
"""

from django.db.models import QuerySet

from leadvet import roles
from mentors.models import Mentor


def coordinated_college_ids(user) -> frozenset[int]:
    """Ids of the colleges the user coordinates, read once per request and cached on the user."""
    if not roles.is_college_coordinator(user):
        return frozenset()
    cached = getattr(user, "_leadvet_coordinated_colleges", None)
    if cached is None:
        cached = frozenset(user.coordinated_colleges.values_list("id", flat=True))
        user._leadvet_coordinated_colleges = cached
    return cached


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


def can_see_full_profile(user, mentor: Mentor) -> bool:
    """Phone, contact log, status history, assignments and events."""
    return can_manage_mentor(user, mentor) or (
        user.is_authenticated and mentor.user_id == user.pk
    )


def can_see_public_profile(user, mentor: Mentor) -> bool:
    return can_see_full_profile(user, mentor) or roles.is_teacher_educator(user) or roles.is_mentor(user)


def may_open_mentor_pages(user) -> bool:
    """Roles that may open a mentor's page at all; others (the steering group) get 403."""
    return (
        roles.can_manage_pool(user) or roles.is_teacher_educator(user) or roles.is_mentor(user)
    )


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
