import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventOutput


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Event.Kind.choices)
    audience = django_filters.ChoiceFilter(label=_("Audience"), choices=Event.Audience.choices)
    place = django_filters.ChoiceFilter(
        label=_("Where"),
        choices=[("online", _("Online")), ("onsite", _("On site"))],
        method="filter_place",
    )

    class Meta:
        model = Event
        fields = ["q", "kind", "audience", "place"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(address__icontains=value)
        )

    def filter_place(self, queryset, name, value):
        return queryset.filter(is_online=value == "online")


class OutputFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=EventOutput.Kind.choices)

    class Meta:
        model = EventOutput
        fields = ["kind"]
