"""Contact requests and their answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from leadvet.lib.forms import PlainTextForm, PlainTextModelForm
from mentors.models import ContactRequest, MentorTask
from mentors.selectors.requests import open_vte_groups_of


class ContactRequestForm(PlainTextModelForm):
    class Meta:
        model = ContactRequest
        fields = ["topic", "task", "preferred_dates", "vte_group", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "preferred_dates": _("For example “weeks 12–14, Tuesdays”."),
            "vte_group": _("Optional: one of your own open groups."),
        }

    def __init__(self, *args, requester, mentor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vte_group"].queryset = open_vte_groups_of(requester)
        tasks = MentorTask.objects.order_by("number")
        self.fields["task"].queryset = tasks
        offered = [task.pk for task in mentor.tasks.all()]
        if len(offered) == 1:
            self.fields["task"].initial = offered[0]


class RequestAnswerForm(PlainTextForm):
    message = forms.CharField(
        label=_("Message to the teacher educator"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
