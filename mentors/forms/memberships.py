"""Moving a mentor to another college, and correcting a membership period."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.forms import PlainTextForm
from mentors.forms.pool import CollegeUnitMixin
from mentors.forms.widgets import PlainDateInput


class MoveMentorForm(CollegeUnitMixin):
    """Move a mentor to another college from a date."""

    on = forms.DateField(
        label=_("Member of the new college from"),
        widget=PlainDateInput,
        help_text=_("The current membership ends the day before."),
    )

    def __init__(self, *args, colleges, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, colleges=colleges, **kwargs)
        self.fields["college"].label = _("New college")


class MembershipPeriodForm(PlainTextForm):
    starts_on = forms.DateField(label=_("From"), widget=PlainDateInput)
    ends_on = forms.DateField(label=_("Until"), widget=PlainDateInput, required=False)
