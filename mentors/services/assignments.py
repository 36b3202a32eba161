"""Mentors assigned to VTE groups."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from colleges.models import VTEGroup
from mentors.models import GroupAssignment, Mentor
from mentors.selectors.assignments import current_group_count


@dataclass
class AssignmentResult:
    assignment: GroupAssignment
    load: int
    over_capacity: bool


@transaction.atomic
def assign_mentor(
    *,
    group: VTEGroup,
    mentor: Mentor,
    role: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    by,
) -> AssignmentResult:
    """Assign a mentor to a group in a role. Going over capacity is allowed and reported.

    An earlier, ended assignment in the same role is taken up again (one row per mentor,
    group and role; its history keeps the earlier period).
    """
    assignment, _created = GroupAssignment.objects.select_for_update().update_or_create(
        mentor=mentor,
        vte_group=group,
        role=role,
        defaults={"starts_on": starts_on, "ends_on": ends_on},
        create_defaults={
            "starts_on": starts_on,
            "ends_on": ends_on,
            "created_by": by,
        },
    )
    load = current_group_count(mentor)
    return AssignmentResult(
        assignment=assignment, load=load, over_capacity=load > mentor.capacity_groups
    )


@transaction.atomic
def end_assignment(
    *, assignment: GroupAssignment, on: datetime.date | None = None
) -> GroupAssignment:
    """End the assignment on the given day (today by default), never before it began."""
    on = on or timezone.localdate()
    assignment.ends_on = max(on, assignment.starts_on)
    assignment.save(update_fields=["ends_on"])
    return assignment
