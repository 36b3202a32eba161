"""Contact requests, and the groups a request may name."""

from django.db.models import Q, QuerySet

from colleges.models import VTEGroup
from colleges.permissions import coordinated_college_ids
from leadvet import roles
from mentors.models import ContactRequest, Mentor


def open_vte_groups_of(user) -> QuerySet:
    """The teacher educator's own groups that are not closed: what a request may name."""
    return VTEGroup.objects.filter(teacher_educator=user, closed_at__isnull=True).order_by(
        "-starts_on", "name"
    )


def requests_visible_to(user) -> QuerySet:
    """Requests a user may see: received (mentor), sent (requester), all (coordinator)."""
    queryset = ContactRequest.objects.select_related(
        "mentor__user", "mentor__college", "requester", "task", "vte_group"
    )
    if roles.is_coordinator(user):
        return queryset
    visible = Q(mentor__user=user) | Q(requester=user)
    if roles.is_college_coordinator(user):
        visible |= Q(mentor__college_id__in=coordinated_college_ids(user))
    return queryset.filter(visible).distinct()


def open_requests_for_mentor(mentor: Mentor) -> QuerySet:
    return (
        ContactRequest.objects.filter(mentor=mentor, status=ContactRequest.Status.OPEN)
        .select_related("requester", "task", "vte_group")
        .order_by("created_at")
    )


def requests_sent_by(user) -> QuerySet:
    return ContactRequest.objects.filter(requester=user).select_related(
        "mentor__user", "task", "vte_group"
    )
