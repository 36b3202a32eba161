"""django-filter FilterSets for the mentors app's list pages."""

from functools import cache, partial

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.filters import GivenChoiceFilter, NameChoiceFilter
from colleges.models import Country, PartnerCollege, VocationalField
from leadvet.lib import forms as lib_forms
from mentors import permissions
from mentors.forms.widgets import PlainDateInput
from mentors.models import (
    Contact,
    ContactRequest,
    CounterpartKind,
    Language,
    Mentor,
    MentorTask,
)
from mentors.selectors.availability import available_now_q
from mentors.selectors.college_overview import college_contact_log
from mentors.selectors.contacts import contacts_for_mentor
from mentors.selectors.figures import trained_q
from mentors.selectors.pool import (
    PortalAccount,
    filter_choices,
    mentor_pool,
    portal_account_expression,
)

# Contact log


class ContactFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=PlainDateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("Until"), widget=PlainDateInput()
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


class CollegeContactFilter(ContactFilter):
    """The coordinators' contact log: the mentor's own filters plus college and mentor."""

    college = NameChoiceFilter(queryset=PartnerCollege.objects.order_by("name"), label=_("College"))
    q = django_filters.CharFilter(label=_("Mentor's name"), method="search_mentor")
    mentor = django_filters.NumberFilter(field_name="mentor_id", widget=forms.HiddenInput)

    def __init__(self, *args, college_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if college_queryset is not None:
            self.filters["college"].queryset = college_queryset

    def search_mentor(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(mentor__user__first_name__icontains=word)
                | Q(mentor__user__last_name__icontains=word)
            )
        return queryset


class AvailabilityOverviewFilter(django_filters.FilterSet):
    college = NameChoiceFilter(queryset=PartnerCollege.objects.order_by("name"), label=_("College"))
    q = django_filters.CharFilter(label=_("Mentor's name"), method="search")
    status = django_filters.ChoiceFilter(
        choices=[c for c in Mentor.Status.choices if c[0] != Mentor.Status.ALUMNI],
        label=_("Status"),
    )

    class Meta:
        model = Mentor
        fields: list[str] = []

    def __init__(self, *args, college_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if college_queryset is not None:
            self.filters["college"].queryset = college_queryset

    def search(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
            )
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
    college = NameChoiceFilter(queryset=PartnerCollege.objects.order_by("name"), label=_("College"))
    language = django_filters.ModelChoiceFilter(
        field_name="languages", queryset=Language.objects.order_by("name"), label=_("Language")
    )
    shortage_field = django_filters.BooleanFilter(
        method="filter_shortage",
        label=_("Works in a shortage field"),
        widget=forms.CheckboxInput,
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

    def filter_shortage(self, queryset, name, value):
        if not value:
            return queryset
        through = Mentor.fields.through
        return queryset.filter(
            Exists(through.objects.filter(mentor=OuterRef("pk"), vocationalfield__is_shortage=True))
        )

    def filter_available_now(self, queryset, name, value):
        return queryset.filter(available_now_q()) if value else queryset


class RequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ContactRequest.Status.choices, label=_("Status"))

    class Meta:
        model = ContactRequest
        fields: list[str] = []


class MentorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    # A coordinator's college list has 200 options: lib_forms.Select writes them in Python.
    country = GivenChoiceFilter(
        field_name="college__country", queryset=Country.objects.all(), label=_("Country")
    )
    college = NameChoiceFilter(queryset=PartnerCollege.objects.all(), label=_("College"))
    field = GivenChoiceFilter(
        field_name="fields", queryset=VocationalField.objects.all(), label=_("Vocational field")
    )
    shortage_field = django_filters.BooleanFilter(
        method="filter_shortage",
        label=_("Works in a shortage field"),
        widget=forms.CheckboxInput,
    )
    task = GivenChoiceFilter(
        field_name="tasks", queryset=MentorTask.objects.all(), label=_("Mentor task")
    )
    status = django_filters.ChoiceFilter(choices=Mentor.Status.choices, label=_("Status"))
    available_now = django_filters.BooleanFilter(
        method="filter_available_now", label=_("Available now"), widget=forms.CheckboxInput
    )
    language = GivenChoiceFilter(
        field_name="languages", queryset=Language.objects.all(), label=_("Language")
    )
    training = django_filters.ChoiceFilter(
        method="filter_training",
        label=_("Mentor training"),
        choices=[
            ("trained", _("Trained in the last 24 months")),
            ("untrained", _("Not trained in the last 24 months")),
        ],
    )
    invitation = django_filters.ChoiceFilter(
        method="filter_invitation",
        label=_("Invitation"),
        choices=[
            ("none", _("Not invited")),
            ("open", _("Invited, not accepted")),
            ("expired", _("Invitation expired")),
            ("accepted", _("Accepted or uses the portal")),
        ],
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("user__last_name", "name"),
            ("college__name", "college"),
            ("status", "status"),
            ("created_at", "created"),
        ),
        field_labels={
            "user__last_name": _("Name"),
            "college__name": _("College"),
            "status": _("Status"),
            "created_at": _("Added"),
        },
    )

    class Meta:
        model = Mentor
        fields: list[str] = []
        form = lib_forms.FilterForm

    # The filters whose choices may be given (`choices`).
    CHOICE_FILTERS = ("country", "college", "field", "task", "language")

    def __init__(self, *args, college_queryset=None, choices=None, **kwargs):
        """`choices`: a function giving the (pk, label) pairs of CHOICE_FILTERS by name
        (pool.filter_choices), called when the form is written; without it, each filter's
        queryset is read. Either way a chosen value is checked by its filter's queryset."""
        super().__init__(*args, **kwargs)
        if college_queryset is not None:
            self.filters["college"].queryset = college_queryset
            # Only the countries of the colleges the user may choose: one for a college
            # coordinator, the partner colleges' countries for a coordinator.
            self.filters["country"].queryset = Country.objects.filter(
                colleges__in=college_queryset
            ).distinct()
        if choices is not None:
            for name in self.CHOICE_FILTERS:
                self.filters[name].extra["given_choices"] = partial(_pick, choices, name)

    def _sees_pool(self) -> bool:
        """The API lets teacher educators use this filter on public profiles: no email search
        or invitation state for them. The pages (no request given) are pool users only."""
        return self.request is None or permissions.can_use_pool(self.request.user)

    def search(self, queryset, name, value):
        by_email = self._sees_pool()
        for word in value.split():
            matches = Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
            if by_email:
                matches |= Q(user__email__icontains=word)
            queryset = queryset.filter(matches)
        return queryset

    def filter_shortage(self, queryset, name, value):
        if not value:
            return queryset
        through = Mentor.fields.through
        return queryset.filter(
            Exists(through.objects.filter(mentor=OuterRef("pk"), vocationalfield__is_shortage=True))
        )

    def filter_available_now(self, queryset, name, value):
        # The condition, not the pool's annotation: the list page filters the bare mentor rows.
        return queryset.filter(available_now_q()) if value else queryset

    def filter_training(self, queryset, name, value):
        recent = trained_q(timezone.localdate())
        if value == "trained":
            return queryset.filter(recent)
        if value == "untrained":
            return queryset.exclude(recent)
        return queryset

    def filter_invitation(self, queryset, name, value):
        if not self._sees_pool():
            return queryset
        states = {
            "none": [PortalAccount.NONE],
            "open": [PortalAccount.PENDING, PortalAccount.SENT, PortalAccount.EXPIRED],
            "expired": [PortalAccount.EXPIRED],
            "accepted": [PortalAccount.ACCEPTED, PortalAccount.SIGNED_IN],
        }.get(value)
        if states is None:
            return queryset
        return queryset.alias(portal_account_state=portal_account_expression()).filter(
            portal_account_state__in=states
        )


# The filtered lists the pages show and their downloads write: from a user and the page's
# query (`request.GET`, or a background job's copy of it).


def mentor_pool_filter(user, data, *, bare: bool = False, catalogue=None) -> MentorFilter:
    """The mentor list the user may see, filtered as the query says: with what the list shows
    (`mentor_pool`), or `bare`, the mentor rows alone (the list page counts and picks its page
    from them, then reads that page's mentors whole: pool.mentor_pool_rows). The form's
    choices are those of the user's colleges (pool.filter_choices, from `catalogue` when given:
    the page reads it once for its rows and its form), read once if the form is written: an
    export never writes it."""
    visible = permissions.visible_mentors(user)
    scope = permissions.college_scope(user)  # the manageable colleges; None: every college
    return MentorFilter(
        data or None,
        queryset=visible if bare else mentor_pool(visible),
        college_queryset=permissions.manageable_colleges(user, PartnerCollege.objects.all()),
        choices=cache(partial(filter_choices, scope, catalogue)),
    )


def _pick(choices, name: str) -> tuple:
    return choices()[name]


def own_contact_filter(mentor: Mentor, data) -> ContactFilter:
    """A mentor's own contact log, filtered."""
    return ContactFilter(data or None, queryset=contacts_for_mentor(mentor))


def college_contact_filter(user, data) -> CollegeContactFilter:
    """The contact log of the colleges the user runs (every college for a coordinator)."""
    return CollegeContactFilter(
        data or None,
        queryset=college_contact_log(permissions.college_scope(user)),
        college_queryset=permissions.manageable_colleges(user, PartnerCollege.objects.all()),
    )
