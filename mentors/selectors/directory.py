"""The mentor directory: active mentors' public profiles."""

import datetime

from django.db.models import QuerySet

from mentors.models import Mentor
from mentors.selectors.availability import with_available_now


def listed_mentors() -> QuerySet:
    """The mentors the directory lists: active, with an active account."""
    return Mentor.objects.filter(status=Mentor.Status.ACTIVE, user__is_active=True)


def directory_mentors(
    day: datetime.date | None = None, *, queryset: QuerySet | None = None
) -> QuerySet:
    """Active mentors (or these of them) with what their public profile shows, in a fixed
    number of queries."""
    queryset = listed_mentors() if queryset is None else queryset
    return (
        with_available_now(queryset, day)
        .select_related("user", "college")
        .prefetch_related("fields", "languages", "tasks")
    )


def public_mentor(mentor_id: int) -> Mentor | None:
    return directory_mentors().filter(pk=mentor_id).first()
