"""Self-service: an availability period."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from leadvet.lib.forms import PlainTextModelForm
from mentors.forms.widgets import DateInput
from mentors.models import Availability, MentorTask


class AvailabilityForm(PlainTextModelForm):
    class Meta:
        model = Availability
        fields = ["kind", "starts_on", "ends_on", "hours_per_month", "tasks", "mode", "note"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "tasks": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "kind": _("“Away” marks a time when you cannot take on mentoring, e.g. a holiday."),
            "hours_per_month": _("Roughly how many hours a month you can give."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = MentorTask.objects.order_by("number")
        self.fields["hours_per_month"].validators.append(MaxValueValidator(200))

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return cleaned
