"""The mentor pool: the list, exports and a mentor's page."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from leadvet.lib.translated import localized
from mentors.models import Availability, Contact, GroupAssignment, Mentor, StatusChange
from mentors.selectors.availability import available_now_q


def available_now_expression(day: datetime.date | None = None) -> ExpressionWrapper:
    """True when an available period covers `day`, no away period does and the mentor is
    neither paused nor alumni (selectors.availability.available_now_q)."""
    return ExpressionWrapper(available_now_q(day), output_field=BooleanField())


class PortalAccount:
    """A mentor's portal account, from their user row and invitation (portal_account_expression).

    SIGNED_IN: has signed in (through an invitation, a password reset or single sign-on, with
    or without an invitation row); else the invitation's state, NONE: not invited.
    """

    SIGNED_IN = "signed_in"
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    SENT = "sent"
    PENDING = "pending"
    NONE = "none"
    # Who may be sent an invitation (again): nobody who is in the portal already.
    INVITABLE = (NONE, PENDING, SENT, EXPIRED)


def portal_account_expression() -> Case:
    """The PortalAccount state in SQL, so the list, its filter and exports agree."""
    invitation = "user__invitation__"  # a user has at most one
    return Case(
        When(user__last_login__isnull=False, then=Value(PortalAccount.SIGNED_IN)),
        When(**{f"{invitation}accepted_at__isnull": False}, then=Value(PortalAccount.ACCEPTED)),
        When(**{f"{invitation}expires_at__lte": timezone.now()}, then=Value(PortalAccount.EXPIRED)),
        When(**{f"{invitation}sent_at__isnull": False}, then=Value(PortalAccount.SENT)),
        When(**{f"{invitation}isnull": False}, then=Value(PortalAccount.PENDING)),
        default=Value(PortalAccount.NONE),
        output_field=CharField(),
    )


def mentor_pool(queryset: QuerySet | None = None) -> QuerySet:
    """Mentors with what the list and exports show, in a fixed number of queries."""
    queryset = Mentor.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("user", "user__invitation", "college", "college__country", "unit")
        .prefetch_related("fields", "tasks", "languages")
        .annotate(
            available_now=available_now_expression(), portal_account=portal_account_expression()
        )
    )


def ordered_ids(queryset: QuerySet) -> QuerySet:
    """The ids of a Mentor queryset in its order (the default: by name), the id breaking ties,
    so that pages picked from it never overlap."""
    ordering = queryset.query.order_by or Mentor._meta.ordering
    return queryset.order_by(*ordering, "pk").values_list("pk", flat=True)


def mentor_pool_rows(mentor_ids) -> list[Mentor]:
    """These mentors in this order, with what the list shows (`mentor_pool`). A page picked
    from the bare mentor rows is read here: the joins and annotations for its rows alone, not
    in the count and the ordering of every mentor the filters match."""
    mentor_ids = list(mentor_ids)
    found = {mentor.pk: mentor for mentor in mentor_pool().filter(pk__in=mentor_ids).order_by()}
    return [found[mentor_id] for mentor_id in mentor_ids if mentor_id in found]


def mentor_for_detail(mentor_id: int) -> Mentor:
    return (
        Mentor.objects.select_related(
            "user", "user__invitation", "college", "college__country", "unit"
        )
        .prefetch_related("fields", "tasks", "languages")
        .annotate(
            available_now=available_now_expression(), portal_account=portal_account_expression()
        )
        .get(pk=mentor_id)
    )


def mentor_availability(mentor: Mentor) -> QuerySet:
    """Current and future periods, soonest first."""
    return (
        Availability.objects.filter(mentor=mentor, ends_on__gte=timezone.localdate())
        .prefetch_related("tasks")
        .order_by("starts_on")
    )


def mentor_assignments(mentor: Mentor) -> QuerySet:
    return mentor.assignments.select_related("vte_group", "vte_group__teacher_educator").order_by(
        "-starts_on"
    )


def contact_counts_by_task(mentor: Mentor) -> QuerySet:
    return (
        Contact.objects.filter(mentor=mentor)
        .values("task__number", task__name=localized("task__name"))
        .annotate(count=Count("id"))
        .order_by("task__number")
    )


def events_attended(mentor: Mentor) -> QuerySet:
    """The mentor's attended events, read through the user's registrations."""
    return (
        mentor.user.registrations.filter(attended=True)
        .select_related("event")
        .order_by("-event__starts_at")
    )


def status_history(mentor: Mentor) -> QuerySet:
    return StatusChange.objects.filter(mentor=mentor).select_related("changed_by")


def has_activity(mentor: Mentor) -> bool:
    """Contacts, group assignments, event registrations or contact requests keep a mentor."""
    return (
        Contact.objects.filter(mentor=mentor).exists()
        or GroupAssignment.objects.filter(mentor=mentor).exists()
        or mentor.contact_requests.exists()
        or mentor.user.registrations.exists()
    )
