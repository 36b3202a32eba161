"""The state of the art's forms: a country's (or college's) eight tasks, a proposal's cells."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leadvet.lib.forms import DateInput, PlainTextForm
from practice.models import Level


class PracticeForm(PlainTextForm):
    """One fieldset per task: its level of use, whether it needs extra resources, a note."""

    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=DateInput(),
        help_text=_("The day this assessment holds from; earlier assessments stay as history."),
    )

    def __init__(self, *args, tasks, current: dict, valid_from, **kwargs):
        super().__init__(*args, initial={"valid_from": valid_from}, **kwargs)
        self.tasks = tasks
        for task in tasks:
            record = current.get(task.pk)
            self.fields[f"level_{task.pk}"] = forms.ChoiceField(
                label=_("Level of use"),
                choices=[("", _("Not assessed")), *Level.choices],
                required=False,
                initial=record.level if record else "",
            )
            self.fields[f"extra_{task.pk}"] = forms.BooleanField(
                label=_("Needs extra resources"),
                required=False,
                initial=bool(record and record.needs_extra_resources),
            )
            self.fields[f"note_{task.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=record.note if record else "",
            )

    def task_rows(self):
        return [
            (task, self[f"level_{task.pk}"], self[f"extra_{task.pk}"], self[f"note_{task.pk}"])
            for task in self.tasks
        ]

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            task: (data[f"level_{task.pk}"], data[f"extra_{task.pk}"], data[f"note_{task.pk}"])
            for task in self.tasks
        }
