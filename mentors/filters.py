"""django-filter FilterSets for the mentors app's list pages."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from colleges.models import PartnerCollege, VocationalField
from mentors import selectors
from mentors.forms import DateInput
from mentors.models import (
    Contact,
    ContactRequest,
    CounterpartKind,
    Language,
    Mentor,
    MentorTask,
)

# Contact log


class ContactFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("Until"), widget=DateInput()
    )
    task = django_filters.ModelChoiceFilter(
        queryset=MentorTask.objects.order_by("number"), label=_("Mentor task")
    )
    counterpart_kind = django_filters.ChoiceFilter(
        choices=CounterpartKind.choices, label=_("Contacted")
    )
    outcome = django_filters.ChoiceFilter(
        choices=Contact.OUTCOME_FIELDS, label=_("Outcome"), method="filter_outcome"
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def filter_outcome(self, queryset, name, value):
        if value in dict(Contact.OUTCOME_FIELDS):
            return queryset.filter(**{value: True})
        return queryset


# Directory and contact requests


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or keyword"), method="search")
    field = django_filters.ModelChoiceFilter(
        field_name="fields", queryset=VocationalField.objects.order_by("name"), label=_("Field")
    )
    task = django_filters.ModelChoiceFilter(
        field_name="tasks", queryset=MentorTask.objects.order_by("number"), label=_("Mentor task")
    )
    college = django_filters.ModelChoiceFilter(
        queryset=PartnerCollege.objects.order_by("name"), label=_("College")
    )
    language = django_filters.ModelChoiceFilter(
        field_name="languages", queryset=Language.objects.order_by("name"), label=_("Language")
    )
    available_now = django_filters.BooleanFilter(
        label=_("Available now"),
        method="filter_available_now",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Mentor
        fields: list[str] = []

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(title__icontains=word)
                | Q(bio__icontains=word)
            )
        return queryset

    def filter_available_now(self, queryset, name, value):
        return queryset.filter(selectors.available_now_q()) if value else queryset


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ContactRequest.Status.choices, label=_("Status"))

    class Meta:
        model = ContactRequest
        fields: list[str] = []
