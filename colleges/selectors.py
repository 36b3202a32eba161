"""Reads of the colleges app."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, DenseRank
from django.utils import timezone
from django.utils.translation import get_language

from colleges import permissions
from colleges.models import Country, PartnerCollege, VocationalField, VTEGroup
from leadvet import roles
from leadvet.lib.combined_reads import Part, read_together
from leadvet.lib.history import history_entries
from leadvet.lib.versions import kept_in_process, versioned_key

# Aggregates for the dashboard and reports


# The version a write to a college or a country bumps (portal.dashboard.cache.DOMAINS).
CATALOGUE_DOMAINS = ("colleges",)


def college_catalogue() -> dict[int, dict]:
    """Every college's name and country by id, in the colleges' order (by name), for naming
    per-college counts folded in Python and for the filters' choices (`college_choices`).
    Kept in each process under the colleges' version (read by every request of the dashboard
    and after every write by the report and the network-activity API: 2,000 rows at EU scale);
    its readers never change it."""
    return kept_in_process(
        versioned_key("colleges:catalogue", "", CATALOGUE_DOMAINS), _read_catalogue
    )


def _read_catalogue() -> dict[int, dict]:
    return {
        row["id"]: row
        for row in PartnerCollege.objects.order_by("name", "pk")
        # Where the college's country comes in the countries' order (the database's collation,
        # as the filters' querysets list them): `college_choices` orders the countries by it.
        .annotate(country_rank=Window(DenseRank(), order_by=F("country__name").asc()))
        .values("id", "name", "country_id", "country__code", "country__name", "country_rank")
    }


def college_choices(college_ids: frozenset[int] | None = None) -> tuple[tuple, tuple]:
    """The (pk, name) pairs of a filter's countries and colleges, each in name order: these
    colleges (None: every college) and the countries that have one of them. Every college's
    and country's pairs are kept in each process under the colleges' version, and picked from
    there for a user's colleges: the mentor list's and the dashboard's filters wrote them on
    every request (2,000 colleges at EU scale). Neither's names are translated."""
    every = kept_in_process(versioned_key("colleges:choices", "", CATALOGUE_DOMAINS), _read_choices)
    if college_ids is None:
        return every.countries, every.colleges
    countries = {every.country_of[pk] for pk in college_ids if pk in every.country_of}
    return (
        tuple(pair for pair in every.countries if pair[0] in countries),
        tuple(pair for pair in every.colleges if pair[0] in college_ids),
    )


@dataclass(frozen=True)
class _CollegeChoices:
    countries: tuple  # (pk, name): the countries that have a college
    colleges: tuple  # (pk, name)
    country_of: dict  # college pk: country pk


def _read_choices() -> _CollegeChoices:
    """From the colleges' catalogue, read once for both."""
    colleges = college_catalogue().values()
    countries = {row["country_id"]: row for row in colleges}
    return _CollegeChoices(
        countries=tuple(
            (pk, row["country__name"])
            for pk, row in sorted(countries.items(), key=lambda item: item[1]["country_rank"])
        ),
        colleges=tuple((row["id"], row["name"]) for row in colleges),
        country_of={row["id"]: row["country_id"] for row in colleges},
    )


# The version a write to a vocational field bumps, with the tasks' and languages'
# (portal.dashboard.cache.DOMAINS).
FIELD_DOMAINS = ("catalogue",)


def field_choices() -> tuple[tuple[int, str], ...]:
    """The (pk, name) pairs of the vocational fields in their order, named in the reader's
    language: a filter's choices, kept in each process per language under the fields'
    version (a renamed field shows at once; the filter reads no table otherwise)."""
    return kept_in_process(
        versioned_key("colleges:field_choices", get_language(), FIELD_DOMAINS),
        lambda: tuple(
            VocationalField.objects.order_by(*VocationalField._meta.ordering, "pk").values_list(
                "pk", "name"
            )
        ),
    )


ACTIVE_MENTOR = (
    "active"  # mentors.models.Mentor.Status.ACTIVE, named here without importing mentors
)
ACTIVITY_DAYS = 90
RECENT_CONTACTS = 10


def _count_subquery(queryset: QuerySet, count_expression) -> Subquery:
    counted = queryset.filter(pk=OuterRef("pk")).annotate(n=count_expression).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_counts(colleges: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Colleges with their active mentors and contacts of the last 90 days, counted in SQL.

    Each count is its own correlated subquery, so the two reverse joins never multiply.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=ACTIVITY_DAYS)
    every = PartnerCollege.objects.all()
    return colleges.annotate(
        active_mentor_count=_count_subquery(
            every, Count("mentors", filter=Q(mentors__status=ACTIVE_MENTOR))
        ),
        # The date condition in WHERE (not in the count's FILTER) lets the (college, date)
        # index read only the recent contacts instead of all of a college's contacts.
        recent_contact_count=_count_subquery(
            every.filter(contacts__date__gte=since), Count("contacts")
        ),
    )


def college_list(*, today: datetime.date | None = None) -> QuerySet[PartnerCollege]:
    return _with_counts(PartnerCollege.objects.select_related("country"), today).order_by("name")


def college_for_detail(pk: int) -> PartnerCollege:
    return _with_counts(
        PartnerCollege.objects.select_related("country").prefetch_related("units", "fields")
    ).get(pk=pk)


def college_mentors(college: PartnerCollege) -> QuerySet:
    """The college's current mentors, with user and unit, for the detail page."""
    return college.mentors.select_related("user", "unit").order_by(
        "user__last_name", "user__first_name"
    )


def college_groups(college: PartnerCollege) -> QuerySet[VTEGroup]:
    """VTE groups that the college's mentors work with, with how many of its mentors."""
    return (
        VTEGroup.objects.filter(assignments__mentor__college=college)
        .select_related("teacher_educator", "field")
        .annotate(
            college_mentor_count=Count(
                "assignments__mentor",
                filter=Q(assignments__mentor__college=college),
                distinct=True,
            )
        )
        .order_by("-starts_on", "name")
    )


def college_recent_contacts(college: PartnerCollege, *, limit: int = RECENT_CONTACTS) -> QuerySet:
    return college.contacts.select_related("mentor__user", "task", "vte_group").order_by(
        "-date", "-id"
    )[:limit]


def college_history(college: PartnerCollege) -> list:
    return history_entries(college.history.all())


def field_list() -> QuerySet[VocationalField]:
    """Fields with how many active mentors and open VTE groups they have, counted in SQL."""
    fields = VocationalField.objects.all()
    return VocationalField.objects.annotate(
        mentor_count=_count_subquery(
            fields, Count("mentors", filter=Q(mentors__status=ACTIVE_MENTOR))
        ),
        open_group_count=_count_subquery(
            fields, Count("vte_groups", filter=Q(vte_groups__closed_at__isnull=True))
        ),
    ).order_by("name")


# VTE groups


def current_assignment_q(prefix: str = "", *, today: datetime.date | None = None) -> Q:
    """An assignment that has not ended: no end date, or one still ahead."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})


def visible_groups(user) -> QuerySet[VTEGroup]:
    """Groups the user may open: all for coordinators, own for teacher educators,
    assigned ones for mentors; nothing for anyone else."""
    groups = VTEGroup.objects.all()
    if permissions.sees_all_groups(user):
        return groups
    condition = Q(pk__in=[])
    if roles.is_teacher_educator(user):
        condition |= Q(teacher_educator=user)
    if roles.is_mentor(user):
        condition |= Q(pk__in=VTEGroup.objects.filter(assignments__mentor__user=user).values("pk"))
    return groups.filter(condition)


def group_list(user) -> QuerySet[VTEGroup]:
    assigned = VTEGroup.objects.annotate(
        n=Count("assignments__mentor", filter=current_assignment_q("assignments__"), distinct=True)
    )
    return (
        visible_groups(user)
        .select_related("institution", "teacher_educator", "field")
        .annotate(
            assigned_count=Coalesce(
                Subquery(
                    assigned.filter(pk=OuterRef("pk")).values("n"), output_field=IntegerField()
                ),
                0,
            )
        )
        .order_by("-starts_on", "name")
    )


def group_for_detail(user, pk: int) -> VTEGroup:
    """Raises VTEGroup.DoesNotExist for a group the user may not see."""
    return (
        visible_groups(user)
        .select_related("institution", "teacher_educator", "field")
        .prefetch_related("needed_tasks")
        .get(pk=pk)
    )


def group_assignments(group: VTEGroup) -> QuerySet:
    """Every assignment of the group, current ones first, with mentor, user and college."""
    return group.assignments.select_related("mentor__user", "mentor__college").order_by(
        "-starts_on", "mentor__user__last_name"
    )


def group_history(group: VTEGroup) -> list:
    return history_entries(group.history.all())


def group_assignment_history(group: VTEGroup) -> list:
    """The history of the group's assignments, through the reverse relation's model."""
    assignment_model = VTEGroup.assignments.rel.related_model
    return history_entries(
        assignment_model.history.filter(vte_group_id=group.pk),
        label=lambda record: f"{record.mentor} – {record.get_role_display()}",
        select_related=("mentor__user",),
    )


def group_terms() -> list[str]:
    return list(VTEGroup.objects.order_by("term").values_list("term", flat=True).distinct())


# Time zones (issue 23): a person's is their country's


def time_zones_of_users(user_ids) -> dict[int, str]:
    """Each user's country's time zone, by user id, in one statement: a country coordinator's
    country, else the college they coordinate, else a mentor's college, else a teacher
    educator's VTE institution. Users with none of these are left out (the portal's zone)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    columns = {"user_id": IntegerField(), "time_zone": CharField()}
    parts = {
        # From the weakest link to the strongest: a later part overrides an earlier one.
        "educator": Part(
            VTEGroup.objects.filter(teacher_educator_id__in=ids),
            {"user_id": "teacher_educator_id", "time_zone": "institution__country__time_zone"},
        ),
        "mentor": Part(
            PartnerCollege.objects.filter(mentors__user_id__in=ids),
            {"user_id": "mentors__user_id", "time_zone": "country__time_zone"},
        ),
        "college": Part(
            PartnerCollege.coordinators.through.objects.filter(user_id__in=ids),
            {"user_id": "user_id", "time_zone": "partnercollege__country__time_zone"},
        ),
        "country": Part(
            Country.coordinators.through.objects.filter(user_id__in=ids),
            {"user_id": "user_id", "time_zone": "country__time_zone"},
        ),
    }
    rows = read_together(parts, columns)
    zones: dict[int, str] = {}
    for name in parts:
        zones.update((row["user_id"], row["time_zone"]) for row in rows[name] if row["time_zone"])
    return zones


def time_zone_of_user(user) -> str | None:
    """The signed-in user's country's time zone (None: none known), cached on the user."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_leadvet_time_zone"):
        user._leadvet_time_zone = time_zones_of_users([user.pk]).get(user.pk)
    return user._leadvet_time_zone
