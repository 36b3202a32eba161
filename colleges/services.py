"""Writes for colleges, fields and VTE groups. History records the user through the
request middleware (simple_history), so services need no extra bookkeeping for it."""

from django.db import transaction
from django.utils import timezone

from colleges.models import PartnerCollege, VocationalField, VTEGroup


@transaction.atomic
def save_college(*, form, unit_formset) -> PartnerCollege:
    """Create or update a college and its units from a validated form and unit formset."""
    college = form.save()
    unit_formset.instance = college
    unit_formset.save()
    return college


@transaction.atomic
def save_field(*, form) -> VocationalField:
    return form.save()


@transaction.atomic
def save_group(*, form) -> VTEGroup:
    """Create or update a VTE group with the mentor tasks it needs."""
    group = form.save()
    group.needed_tasks.set(form.cleaned_data["needed_tasks"])
    return group


@transaction.atomic
def close_group(*, group: VTEGroup) -> VTEGroup:
    """Close the group at term end; closing twice keeps the first closing time."""
    if group.closed_at is None:
        group.closed_at = timezone.now()
        group.save(update_fields=["closed_at"])
    return group


@transaction.atomic
def reopen_group(*, group: VTEGroup) -> VTEGroup:
    if group.closed_at is not None:
        group.closed_at = None
        group.save(update_fields=["closed_at"])
    return group
