"""Role names and the small predicates every view and API endpoint uses.

Roles are Django groups (created by a migration); a user may hold several.
Predicates here need no app model: object-level checks live in each app's
permissions module and build on these.
"""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "Coordinator"
COLLEGE_COORDINATOR = "College coordinator"
# A college coordinator of every college in one country (colleges.Country.coordinators):
# the country's colleges, mentors, events and figures; other countries only as aggregates.
COUNTRY_COORDINATOR = "Country coordinator"
TEACHER_EDUCATOR = "Teacher educator"
MENTOR = "Mentor"
STEERING = "Steering group"
# Graduates of the teacher education now working in VET: events, their profile, the network
# space; the recruiting ground for new mentors (the alumni app).
ALUMNI = "Alumni"

ROLE_LABELS = {
    COORDINATOR: _("Coordinator"),
    COLLEGE_COORDINATOR: _("College coordinator"),
    COUNTRY_COORDINATOR: _("Country coordinator"),
    TEACHER_EDUCATOR: _("Teacher educator"),
    MENTOR: _("Mentor"),
    STEERING: _("Steering group"),
    ALUMNI: _("Alumni"),
}
ALL_ROLES = tuple(ROLE_LABELS)


def role_names(user) -> frozenset[str]:
    """The user's role names, read once per request and cached on the user."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_leadvet_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._leadvet_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def is_coordinator(user) -> bool:
    """Network coordinators run the whole pool; IT superusers may too."""
    return has_role(user, COORDINATOR) or bool(
        getattr(user, "is_superuser", False) and user.is_active
    )


def is_college_coordinator(user) -> bool:
    """Runs some colleges' mentors: their own college(s), or as a country coordinator every
    college of their country. Which colleges: colleges.permissions.coordinated_college_ids."""
    return has_role(user, COLLEGE_COORDINATOR) or has_role(user, COUNTRY_COORDINATOR)


def is_country_coordinator(user) -> bool:
    return has_role(user, COUNTRY_COORDINATOR)


def is_teacher_educator(user) -> bool:
    return has_role(user, TEACHER_EDUCATOR)


def is_mentor(user) -> bool:
    return has_role(user, MENTOR)


def is_steering(user) -> bool:
    return has_role(user, STEERING)


def is_alumnus(user) -> bool:
    return has_role(user, ALUMNI)


def can_manage_pool(user) -> bool:
    """Writes to colleges, mentors, groups, events and surveys."""
    return is_coordinator(user) or is_college_coordinator(user)


def can_find_mentors(user) -> bool:
    return is_coordinator(user) or is_college_coordinator(user) or is_teacher_educator(user)


def can_see_reports(user) -> bool:
    return is_coordinator(user) or is_steering(user)


def can_see_dashboard(user) -> bool:
    return is_coordinator(user) or is_college_coordinator(user)


def has_any_role(user) -> bool:
    return bool(role_names(user)) or is_coordinator(user)


def role_group(role: str):
    """The Django group of a role. A migration creates them; get_or_create keeps a flushed
    database (transactional tests, a restored dump without auth tables) working."""
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=role)[0]
