"""The mentor pool: the list, exports and a mentor's page."""

import datetime
from dataclasses import dataclass

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
from django.utils.translation import get_language

from colleges.models import VocationalField
from colleges.selectors import college_choices
from leadvet.lib.translated import localized
from leadvet.lib.versions import kept_in_process, versioned_key
from mentors.models import (
    Availability,
    Contact,
    GroupAssignment,
    Language,
    Mentor,
    MentorTask,
    StatusChange,
)
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


# The status labels the list writes (lazy: translated when written).
STATUS_LABELS = dict(Mentor.Status.choices)


@dataclass(frozen=True)
class PoolCatalogue:
    """The vocational fields, tasks and languages a mentor may have, each by id in its model's
    order (each name in the reader's language): for the list's rows and its filter's choices.
    The rows take their names from here and read only the mentors' through rows."""

    fields: dict[int, tuple]  # pk: (name, is_shortage)
    tasks: dict[int, tuple]  # pk: (number, name)
    languages: dict[int, tuple]  # pk: (code, name)


# The version a write to a field, a task or a language bumps (portal.dashboard.cache.DOMAINS).
CATALOGUE_DOMAINS = ("catalogue",)


def pool_catalogue() -> PoolCatalogue:
    """Kept in each process per language under the catalogue's version: a renamed field shows
    at once, and the list reads no catalogue table otherwise (three queries a request)."""
    return kept_in_process(
        versioned_key("mentors:pool_catalogue", get_language(), CATALOGUE_DOMAINS),
        _read_pool_catalogue,
    )


def _read_pool_catalogue() -> PoolCatalogue:
    def read(model, *columns) -> dict[int, tuple]:
        # The model's manager (modeltranslation's): its order and its names in the reader's
        # language with their fallbacks, as mentor.fields.all() ordered and named them.
        rows = model.objects.order_by(*model._meta.ordering, "pk").values_list("pk", *columns)
        return {pk: tuple(values) for pk, *values in rows}

    return PoolCatalogue(
        fields=read(VocationalField, "name", "is_shortage"),
        tasks=read(MentorTask, "number", "name"),
        languages=read(Language, "code", "name"),
    )


def mentor_pool_rows(mentor_ids, catalogue: PoolCatalogue | None = None) -> list[dict]:
    """These mentors in this order, as the list writes them: a dict a mentor (pk, name,
    email, college, country, status and its label, available_now, portal_account) with their
    `fields` ((name, is_shortage) pairs), `tasks` ((number, name)) and `languages` (codes) in
    their models' order, each name in the reader's language.

    A page picked from the bare mentor rows is read here: the joins and annotations for its
    rows alone, not in the count and the ordering of every mentor the filters match. Read as
    values in two queries (the mentors; their fields, tasks and languages in one UNION of the
    through tables, named from `catalogue`), not as `mentor_pool`'s instances with
    prefetch_related: at EU scale the page's 25 mentors built ~310 model instances and cost
    ~20 ms of the page's ~50; read so, with the catalogue, ~7 ms."""
    mentor_ids = list(mentor_ids)
    if not mentor_ids:
        return []
    catalogue = catalogue or pool_catalogue()
    found = {}
    for row in (
        Mentor.objects.filter(pk__in=mentor_ids)
        .order_by()
        .values(
            "pk",
            "status",
            "user__first_name",
            "user__last_name",
            "user__email",
            "college__name",
            "college__short_name",
            "college__country__name",
            available_now=available_now_expression(),
            portal_account=portal_account_expression(),
        )
    ):
        # As User.get_full_name and Mentor.name.
        full_name = f"{row['user__first_name']} {row['user__last_name']}".strip()
        found[row["pk"]] = {
            "pk": row["pk"],
            "name": full_name or row["user__email"],
            "email": row["user__email"],
            "college": row["college__short_name"] or row["college__name"],
            "country": row["college__country__name"],
            "status": row["status"],
            # Named as the model's method: includes/status_badge.html reads a row as a mentor.
            "get_status_display": STATUS_LABELS.get(row["status"], row["status"]),
            "available_now": bool(row["available_now"]),
            "portal_account": row["portal_account"],
        }
    _add_relations(found, catalogue)
    return [found[mentor_id] for mentor_id in mentor_ids if mentor_id in found]


# The relations a row lists: its key, the through table's column and the catalogue's part.
_RELATIONS = (
    ("fields", "vocationalfield_id"),
    ("tasks", "mentortask_id"),
    ("languages", "language_id"),
)


def _add_relations(found: dict[int, dict], catalogue: PoolCatalogue) -> None:
    """Each mentor's fields, tasks and languages from the three through tables in one query,
    in the catalogue's order (a row the catalogue lacks, written since it was read, is left
    out as it would have been read a moment earlier)."""
    parts = [
        getattr(Mentor, key)
        .through.objects.filter(mentor_id__in=found)
        .order_by()
        .annotate(relation=Value(index))
        .values_list("mentor_id", column, "relation")
        for index, (key, column) in enumerate(_RELATIONS)
    ]
    linked = {(mentor_id, index): [] for mentor_id in found for index in range(len(_RELATIONS))}
    for mentor_id, target_id, index in parts[0].union(*parts[1:], all=True):
        linked[mentor_id, index].append(target_id)
    named = (
        lambda pk: catalogue.fields[pk],  # (name, is_shortage)
        lambda pk: catalogue.tasks[pk],  # (number, name)
        lambda pk: catalogue.languages[pk][0],  # the code
    )
    orders = [
        {pk: position for position, pk in enumerate(part)}
        for part in (catalogue.fields, catalogue.tasks, catalogue.languages)
    ]
    for mentor_id, row in found.items():
        for index, (key, _column) in enumerate(_RELATIONS):
            order = orders[index]
            ids = sorted((pk for pk in linked[mentor_id, index] if pk in order), key=order.get)
            row[key] = [named[index](pk) for pk in ids]


def filter_choices(
    college_ids: frozenset[int] | None, catalogue: PoolCatalogue | None = None
) -> dict[str, tuple]:
    """The (pk, label) pairs of the mentor list's choice filters (filters.MentorFilter), by
    filter, as their querysets list them: the countries and colleges of these colleges (None:
    every college) from the colleges' pairs kept in the process (colleges.selectors.
    college_choices), the fields, tasks and languages from the catalogue."""
    catalogue = catalogue or pool_catalogue()
    countries, colleges = college_choices(college_ids)
    return {
        "country": countries,
        "college": colleges,
        "field": tuple((pk, name) for pk, (name, _shortage) in catalogue.fields.items()),
        "task": tuple(  # MentorTask.__str__
            (pk, f"{number}. {name}") for pk, (number, name) in catalogue.tasks.items()
        ),
        "language": tuple((pk, name) for pk, (_code, name) in catalogue.languages.items()),
    }


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
