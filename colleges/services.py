"""Writes for colleges, fields and VTE groups. History records the user through the
request middleware (simple_history), so services need no extra bookkeeping for it."""

from django.db import transaction
from django.utils import timezone

from colleges.models import Country, PartnerCollege, VocationalField, VTEGroup
from leadvet import roles


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


@transaction.atomic
def give_country_coordinator_role(*, country: Country) -> None:
    """Everyone listed as the country's coordinator holds the country coordinator role (the
    role is what opens the pages; the list is which country they run). Taking someone off
    the list leaves the role: they may run another country."""
    role = roles.role_group(roles.COUNTRY_COORDINATOR)
    for user in country.coordinators.exclude(groups=role):
        user.groups.add(role)  # audited as a role added (leadvet.audit)
