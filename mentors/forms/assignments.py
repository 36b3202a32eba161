"""Assigning a mentor to a VTE group."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.forms import PlainTextForm
from mentors.forms.widgets import DateInput
from mentors.models import GroupAssignment
from mentors.selectors.assignments import assignable_mentors, open_assignment_exists


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentor):
        return f"{mentor.name} ({mentor.college.name})"


class AssignmentForm(PlainTextForm):
    mentor = MentorChoiceField(label=_("Mentor"), queryset=assignable_mentors())
    role = forms.ChoiceField(label=_("Role"), choices=GroupAssignment.Role.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty when the end is not known; the assignment ends with the group."),
    )

    def __init__(self, *args, group, college_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["mentor"].queryset = assignable_mentors(college_ids=college_ids)
        self.fields["starts_on"].initial = max(timezone.localdate(), group.starts_on)
        self.fields["ends_on"].initial = group.ends_on

    def clean(self):
        cleaned = super().clean()
        mentor, role = cleaned.get("mentor"), cleaned.get("role")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The assignment cannot end before it starts."))
        if mentor and role and open_assignment_exists(mentor=mentor, group=self.group, role=role):
            self.add_error(
                "role", _("This mentor already has this role in the group. Choose another role.")
            )
        return cleaned
