"""Who may see and change colleges, fields and VTE groups.

Only coordinators write. A college coordinator writes only their own college (the
colleges they are listed on as `coordinators`); other colleges they see as aggregates,
like the steering group.
"""

from django.db.models import Q

from colleges.models import PartnerCollege
from leadvet import roles


def coordinated_college_ids(user) -> frozenset[int]:
    """The colleges a college coordinator runs (those they are listed on) and a country
    coordinator runs (every college of the countries they are listed on), read once per
    request and cached on the user."""
    if not roles.is_college_coordinator(user):
        return frozenset()
    cached = getattr(user, "_leadvet_college_ids", None)
    if cached is None:
        condition = Q(pk__in=[])
        if roles.has_role(user, roles.COLLEGE_COORDINATOR):
            condition |= Q(coordinators=user)
        if roles.is_country_coordinator(user):
            condition |= Q(country__coordinators=user)
        cached = frozenset(
            PartnerCollege.objects.filter(condition).order_by().values_list("pk", flat=True)
        )
        user._leadvet_college_ids = cached
    return cached


def coordinated_country_ids(user) -> frozenset[int]:
    """The countries a country coordinator runs, read once per request and cached."""
    if not roles.is_country_coordinator(user):
        return frozenset()
    cached = getattr(user, "_leadvet_country_ids", None)
    if cached is None:
        cached = frozenset(user.coordinated_countries.values_list("pk", flat=True))
        user._leadvet_country_ids = cached
    return cached


# Colleges


def can_view_college_list(user) -> bool:
    return roles.can_manage_pool(user) or roles.is_steering(user)


def can_view_college(user, college) -> bool:
    """The detail page: its units, fields and counts."""
    return can_view_college_list(user)


def can_see_college_people(user, college) -> bool:
    """Mentor names, recent contacts and change history: not aggregates only."""
    return roles.is_coordinator(user) or college.pk in coordinated_college_ids(user)


def can_create_college(user) -> bool:
    return roles.is_coordinator(user)


def can_edit_college(user, college) -> bool:
    return roles.is_coordinator(user) or college.pk in coordinated_college_ids(user)


def can_change_college_country(user) -> bool:
    """Moving a college to another country moves its mentors between national figures: the
    network's coordinators only, never the college's own coordinator."""
    return roles.is_coordinator(user)


# Vocational fields


def can_view_fields(user) -> bool:
    return roles.can_manage_pool(user) or roles.is_steering(user)


def can_manage_fields(user) -> bool:
    return roles.is_coordinator(user)


# VTE groups


def can_view_group_list(user) -> bool:
    return roles.can_manage_pool(user) or roles.is_teacher_educator(user) or roles.is_mentor(user)


def sees_all_groups(user) -> bool:
    return roles.can_manage_pool(user)


def can_manage_groups(user) -> bool:
    return roles.is_coordinator(user)


def can_edit_group(user, group) -> bool:
    return roles.is_coordinator(user)
