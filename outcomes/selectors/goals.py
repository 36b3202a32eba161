"""The programme's goals and deliverables with their status."""

from django.db.models import Prefetch, QuerySet

from outcomes.models import Deliverable, Objective


def objectives() -> QuerySet[Objective]:
    return (
        Objective.objects.select_related("owner")
        .prefetch_related(
            "events",
            Prefetch(
                "deliverables",
                queryset=Deliverable.objects.select_related("owner").prefetch_related(
                    "events", "outputs"
                ),
            ),
        )
        .order_by("number")
    )


def deliverables_without_objective() -> QuerySet[Deliverable]:
    return (
        Deliverable.objects.filter(objective__isnull=True)
        .select_related("owner")
        .prefetch_related("events", "outputs")
    )


def deliverables() -> QuerySet[Deliverable]:
    return Deliverable.objects.select_related("objective", "owner").prefetch_related(
        "events", "outputs"
    )


def objectives_for_figures() -> QuerySet[Objective]:
    """The figures' goals: the objectives with their owner (their deliverables come from
    `deliverables_for_figures`, two queries in all)."""
    return Objective.objects.select_related("owner").order_by("number")


def deliverables_for_figures() -> QuerySet[Deliverable]:
    return Deliverable.objects.select_related("owner").order_by("due_on", "code", "id")
