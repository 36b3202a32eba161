"""The alumni pool's filters (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alumni.models import AlumniApplication
from colleges.filters import NameChoiceFilter
from colleges.models import PartnerCollege, VocationalField
from mentors.models import Mentor


class AlumniFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, email or college"), method="search")
    status = django_filters.ChoiceFilter(
        choices=AlumniApplication.Status.choices, label=_("Status"), empty_label=_("Any")
    )
    field = django_filters.ModelChoiceFilter(
        queryset=VocationalField.objects.order_by("name"), label=_("Vocational field")
    )
    college = NameChoiceFilter(
        queryset=PartnerCollege.objects.order_by("name"), label=_("Partner college")
    )
    graduated_from = django_filters.NumberFilter(
        field_name="graduation_year", lookup_expr="gte", label=_("Graduated in or after")
    )
    graduated_until = django_filters.NumberFilter(
        field_name="graduation_year", lookup_expr="lte", label=_("Graduated in or before")
    )
    mentor_path = django_filters.ChoiceFilter(
        label=_("Mentor path"),
        empty_label=_("Any"),
        method="filter_mentor_path",
        choices=[
            ("none", _("Not proposed")),
            ("candidate", _("Proposed, candidate")),
            ("active", _("Active mentor")),
        ],
    )

    class Meta:
        model = AlumniApplication
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("graduated_from", "graduated_until"):
            self.filters[name].field.widget = forms.NumberInput(attrs={"min": 1950, "max": 2100})

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q()
        for word in value.split()[:5]:
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(other_college__icontains=word)
                | Q(college__name__icontains=word)
            )
        return queryset.filter(query)

    def filter_mentor_path(self, queryset, name, value):
        if value == "none":
            return queryset.filter(mentor__isnull=True)
        if value == "active":
            return queryset.filter(mentor__status=Mentor.Status.ACTIVE)
        if value == "candidate":
            return queryset.filter(mentor__status=Mentor.Status.CANDIDATE)
        return queryset
