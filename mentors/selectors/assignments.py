"""Group assignments, a mentor's load, and mentors suggested for a group."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from colleges.models import CollegeUnit, VTEGroup
from mentors.models import Availability, GroupAssignment, Mentor


def open_assignment_q(prefix: str = "", *, today: datetime.date | None = None) -> Q:
    """An assignment that counts towards a mentor's load: not ended, in a group not closed."""
    today = today or timezone.localdate()
    return (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today})) & Q(
        **{f"{prefix}vte_group__closed_at__isnull": True}
    )


def load_subquery(*, today: datetime.date | None = None):
    """Per mentor (OuterRef pk): how many open groups they work with now."""
    counted = (
        GroupAssignment.objects.filter(open_assignment_q(today=today), mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(n=Count("vte_group", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def current_group_count(mentor: Mentor, *, exclude_group: VTEGroup | None = None) -> int:
    assignments = GroupAssignment.objects.filter(open_assignment_q(), mentor=mentor)
    if exclude_group is not None:
        assignments = assignments.exclude(vte_group=exclude_group)
    return assignments.values("vte_group").distinct().count()


def assignable_mentors(*, college_ids: frozenset[int] | None = None) -> QuerySet[Mentor]:
    """Mentors who may take a group: active ones, of the given colleges when limited."""
    mentors = Mentor.objects.filter(status=Mentor.Status.ACTIVE).select_related("user", "college")
    if college_ids is not None:
        mentors = mentors.filter(college_id__in=college_ids)
    return mentors


def open_assignment_exists(*, mentor: Mentor, group: VTEGroup, role: str) -> bool:
    today = timezone.localdate()
    return GroupAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), mentor=mentor, vte_group=group, role=role
    ).exists()


CANDIDATE_LIMIT = 300
WEIGHT_FIELD = 4
WEIGHT_TASK = 2
WEIGHT_AVAILABLE = 3
WEIGHT_AWAY = -3
WEIGHT_NEW_COLLEGE = 2
WEIGHT_AT_CAPACITY = -4
# A mentor who speaks the group's language, or does not (a group without one: neither).
WEIGHT_LANGUAGE = 4
WEIGHT_NO_LANGUAGE = -4
# The mentor's college in the country of the group's VTE institution, and in its city (the
# college's own city or one of its units').
WEIGHT_SAME_COUNTRY = 3
WEIGHT_SAME_CITY = 1


@dataclass
class Suggestion:
    mentor: Mentor
    score: int
    same_field: bool
    matching_tasks: int
    available: bool
    away: bool
    load: int
    new_college: bool
    # The group's language by name ("" when the group has none), whether the mentor speaks it.
    group_language: str = ""
    speaks_language: bool = False
    same_country: bool = False
    same_city: bool = False
    group_city: str = ""

    @property
    def at_capacity(self) -> bool:
        return self.load >= self.mentor.capacity_groups

    @property
    def reasons(self) -> str:
        parts = []
        if self.same_field:
            parts.append(_("same field"))
        if self.matching_tasks:
            parts.append(
                ngettext("%(count)d needed task", "%(count)d needed tasks", self.matching_tasks)
                % {"count": self.matching_tasks}
            )
        if self.away:
            parts.append(_("away now"))
        elif self.available:
            parts.append(_("available"))
        else:
            parts.append(_("no availability given"))
        if self.load:
            parts.append(
                ngettext("%(count)d group now", "%(count)d groups now", self.load)
                % {"count": self.load}
            )
        else:
            parts.append(_("no groups now"))
        if self.at_capacity:
            parts.append(_("at capacity"))
        if self.new_college:
            parts.append(_("college new to this group"))
        else:
            parts.append(_("college already in this group"))
        if self.group_language:
            values = {"language": self.group_language}
            if self.speaks_language:
                parts.append(_("speaks %(language)s") % values)
            else:
                parts.append(_("does not speak %(language)s") % values)
        college = self.mentor.college
        if self.same_city:
            parts.append(_("college in the group's city (%(city)s)") % {"city": self.group_city})
        elif self.same_country:
            parts.append(
                _("college in the group's country (%(country)s)") % {"country": college.country}
            )
        else:
            parts.append(
                _("college in another country (%(country)s)") % {"country": college.country}
            )
        return " · ".join(str(part) for part in parts)


def suggest_mentors_for_group(
    group: VTEGroup,
    limit: int = 20,
    *,
    college_ids: frozenset[int] | None = None,
    today: datetime.date | None = None,
) -> list[Suggestion]:
    """Active mentors ranked for a group: the group's language, the country and city of the
    group's VTE institution, field match, needed tasks, availability now, current load and
    college diversity.

    SQL scores and keeps the best few hundred candidates (Exists/Count subqueries, one
    query); Python adds the college-diversity bonus and the capacity penalty and sorts.
    A constant number of queries whatever the size of the pool.
    """
    today = today or timezone.localdate()
    needed_task_ids = [task.pk for task in group.needed_tasks.all()]
    current = GroupAssignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), vte_group=group
    )
    assigned_college_ids = set(current.values_list("mentor__college_id", flat=True).distinct())

    if group.field_id:
        same_field = Exists(
            Mentor.fields.through.objects.filter(
                mentor_id=OuterRef("pk"), vocationalfield_id=group.field_id
            )
        )
    else:
        same_field = Value(False)
    task_counts = (
        Mentor.tasks.through.objects.filter(
            mentor_id=OuterRef("pk"), mentortask_id__in=needed_task_ids
        )
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    institution = group.institution
    if group.language:
        speaks = Exists(
            Mentor.languages.through.objects.filter(
                mentor_id=OuterRef("pk"), language__code=group.language
            )
        )
        language_score = Case(
            When(speaks=True, then=Value(WEIGHT_LANGUAGE)), default=Value(WEIGHT_NO_LANGUAGE)
        )
    else:
        speaks, language_score = Value(False), Value(0)
    city = institution.city.strip()
    if city:
        same_city = Q(college__city__iexact=city) | Exists(
            CollegeUnit.objects.filter(college_id=OuterRef("college_id"), city__iexact=city)
        )
    else:
        same_city = Value(False)
    covering_today = Availability.objects.filter(
        mentor_id=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today
    )
    candidates = (
        assignable_mentors(college_ids=college_ids)
        .exclude(pk__in=current.values("mentor_id"))
        .annotate(
            same_field=same_field,
            matching_tasks=Coalesce(Subquery(task_counts, output_field=IntegerField()), 0),
            available=Exists(covering_today.filter(kind=Availability.Kind.AVAILABLE)),
            away=Exists(covering_today.filter(kind=Availability.Kind.AWAY)),
            load=load_subquery(today=today),
            speaks=speaks,
            same_country=ExpressionWrapper(
                Q(college__country_id=institution.country_id), output_field=BooleanField()
            ),
            same_city=ExpressionWrapper(same_city, output_field=BooleanField()),
        )
        .annotate(
            sql_score=Case(When(same_field=True, then=Value(WEIGHT_FIELD)), default=Value(0))
            + language_score
            + Case(When(same_country=True, then=Value(WEIGHT_SAME_COUNTRY)), default=Value(0))
            + Case(When(same_city=True, then=Value(WEIGHT_SAME_CITY)), default=Value(0))
            + F("matching_tasks") * WEIGHT_TASK
            + Case(
                When(away=True, then=Value(WEIGHT_AWAY)),
                When(available=True, then=Value(WEIGHT_AVAILABLE)),
                default=Value(0),
            )
            - F("load")
        )
        .select_related("college__country")
        .order_by("-sql_score", "load", "user__last_name", "pk")[:CANDIDATE_LIMIT]
    )

    suggestions = []
    for mentor in candidates:
        new_college = mentor.college_id not in assigned_college_ids
        suggestion = Suggestion(
            mentor=mentor,
            score=mentor.sql_score,
            same_field=bool(mentor.same_field),
            matching_tasks=mentor.matching_tasks,
            available=mentor.available,
            away=mentor.away,
            load=mentor.load,
            new_college=new_college,
            group_language=group.language_name,
            speaks_language=bool(mentor.speaks),
            same_country=bool(mentor.same_country),
            same_city=bool(mentor.same_city),
            group_city=city,
        )
        if new_college:
            suggestion.score += WEIGHT_NEW_COLLEGE
        if suggestion.at_capacity:
            suggestion.score += WEIGHT_AT_CAPACITY
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.load, s.mentor.user.last_name, s.mentor.pk))
    return suggestions[:limit]
