import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from colleges.models import Country, VocationalField
from leadvet import roles
from leadvet.lib import forms as lib_forms


class _NameChoiceIterator(
    lib_forms.GivenChoiceIterator,
    django_filters.fields.ModelChoiceIterator,
    lib_forms.NameChoiceIterator,
):
    pass


class _NameChoiceField(lib_forms.GivenChoicesMixin, django_filters.fields.ModelChoiceField):
    iterator = _NameChoiceIterator


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of one of many named rows (the colleges: 2,000 in an EU network), listed as
    (pk, name) pairs and written by lib_forms.Select: the same HTML, no model built per
    option. The pairs may be given (`given_choices`, lib_forms.GivenChoicesMixin)."""

    field_class = _NameChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", lib_forms.Select)
        super().__init__(*args, **kwargs)


class _GivenChoiceIterator(
    lib_forms.GivenChoiceIterator, django_filters.fields.ModelChoiceIterator
):
    pass


class _GivenChoiceField(lib_forms.GivenChoicesMixin, django_filters.fields.ModelChoiceField):
    iterator = _GivenChoiceIterator


class GivenChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose choices may be given as (pk, label) pairs (`given_choices`,
    lib_forms.GivenChoicesMixin), written by lib_forms.Select; without them, as Django reads
    them."""

    field_class = _GivenChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", lib_forms.Select)
        super().__init__(*args, **kwargs)


class CollegeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    # Only countries that have a partner college: any other would list nothing.
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.filter(colleges__isnull=False).distinct(),
        empty_label=_("All countries"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("city", "city"),
            ("active_mentor_count", "mentors"),
            ("recent_contact_count", "contacts"),
        ),
        field_labels={
            "name": _("Name"),
            "city": _("City"),
            "active_mentor_count": _("Active mentors"),
            "recent_contact_count": _("Contacts (90 days)"),
        },
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(city__icontains=value)
        )


class VTEGroupFilter(django_filters.FilterSet):
    STATE_CHOICES = (("open", _("Open")), ("closed", _("Closed")))

    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    term = django_filters.ChoiceFilter(label=_("Term"), empty_label=_("All terms"))
    field = django_filters.ModelChoiceFilter(
        label=_("Vocational field"),
        queryset=VocationalField.objects.all(),
        empty_label=_("All fields"),
    )
    teacher_educator = django_filters.ModelChoiceFilter(
        label=_("Teacher educator"),
        queryset=get_user_model().objects.none(),
        empty_label=_("All teacher educators"),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=STATE_CHOICES,
        method="filter_state",
        empty_label=_("Open and closed"),
    )

    def __init__(self, *args, terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["term"].extra["choices"] = [(term, term) for term in terms]
        self.filters["teacher_educator"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.TEACHER_EDUCATOR)
            .order_by("last_name", "first_name")
        )

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_at__isnull=True)
        if value == "closed":
            return queryset.filter(closed_at__isnull=False)
        return queryset
