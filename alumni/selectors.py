"""Reads of the alumni app: the pool, one request, the path to mentoring in figures."""

from django.db.models import Count, Func, IntegerField, Q, QuerySet, Subquery

from alumni.models import AlumniApplication
from mentors.models import Mentor


def alumni_requests() -> QuerySet[AlumniApplication]:
    return AlumniApplication.objects.select_related(
        "field", "college", "mentor", "decided_by", "user"
    )


def request_of(user) -> AlumniApplication | None:
    """The approved request behind an alumnus's account."""
    return (
        AlumniApplication.objects.select_related("field", "college")
        .filter(user=user, status=AlumniApplication.Status.APPROVED)
        .first()
    )


def graduation_years() -> list[int]:
    return list(
        AlumniApplication.objects.order_by("-graduation_year")
        .values_list("graduation_year", flat=True)
        .distinct()
    )


def _path_filters() -> dict[str, Q]:
    approved = Q(status=AlumniApplication.Status.APPROVED)
    return {
        "waiting": Q(status=AlumniApplication.Status.PENDING),
        "alumni": approved,
        "proposed": approved & Q(mentor__isnull=False),
        "active_mentors": approved & Q(mentor__status=Mentor.Status.ACTIVE),
    }


PATH_KEYS = tuple(_path_filters())


def alumni_path_counts() -> dict[str, int]:
    """Alumnus → candidate → active mentor, in one aggregate: requests waiting, approved
    alumni, those proposed as mentor candidates, and those of them now active mentors."""
    return AlumniApplication.objects.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in _path_filters().items()}
    )


def alumni_path_subqueries() -> dict[str, Subquery]:
    """The same counts as scalar subqueries, for a dashboard query to carry (one query less)."""
    return {
        f"alumni_{key}": Subquery(
            AlumniApplication.objects.filter(condition)
            .order_by()
            .values(n=Func("pk", function="COUNT")),
            output_field=IntegerField(),
        )
        for key, condition in _path_filters().items()
    }


def personal_data_of(user) -> dict:
    """The person's alumni request, for "Download my data"."""
    return {
        "alumni_request": list(
            AlumniApplication.objects.filter(user=user).values(
                "first_name",
                "last_name",
                "email",
                "graduation_year",
                "college__name",
                "other_college",
                "field__name",
                "status",
                "created_at",
                "decided_at",
                "proposed_at",
            )
        )
    }
