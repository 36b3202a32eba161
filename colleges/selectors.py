"""Reads of the colleges app."""

from django.db.models import QuerySet

from colleges.models import Country, PartnerCollege, VocationalField

# Aggregates for the dashboard and reports


def coordinated_college_ids(user) -> list[int]:
    """The colleges a college coordinator looks after: the scope of their dashboard."""
    return list(user.coordinated_colleges.order_by().values_list("id", flat=True))


def colleges_for_filter(college_ids: list[int] | None = None) -> QuerySet:
    colleges = PartnerCollege.objects.select_related("country")
    if college_ids is not None:
        colleges = colleges.filter(id__in=college_ids)
    return colleges


def countries_for_filter() -> QuerySet:
    return Country.objects.all()


def fields_for_filter() -> QuerySet:
    return VocationalField.objects.all()
