"""The contact log."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import VTEGroup
from leadvet.lib import idempotency
from leadvet.lib.forms import PlainTextModelForm
from mentors.forms.widgets import DateInput
from mentors.models import Contact, MentorTask


class ContactForm(PlainTextModelForm):
    # Made when a new contact's form is rendered: sending the same form twice logs it once.
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=idempotency.MAX_LENGTH,
        validators=[idempotency.validate_key],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=0,
        max_value=600,
        initial=30,
        help_text=_("Between 0 and 600 minutes."),
    )

    class Meta:
        model = Contact
        fields = Contact.EDITABLE_FIELDS
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "placement": _("Outcome: student placement"),
            "recruitment_lead": _("Outcome: recruitment lead"),
            "curriculum_input": _("Outcome: curriculum input"),
            "wellbeing_insight": _("Outcome: wellbeing insight"),
            "other_outcome": _("Outcome: other"),
            "is_formal": _("Formal contact (agreed meeting, not a chance encounter)"),
        }
        help_texts = {
            "summary": _(
                "A few words on what was discussed (at most 1,000 characters). "
                "Please do not write students' names."
            ),
            "vte_group": _("Optional: the VTE group the contact was about."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["idempotency_key"]
        elif not self.is_bound:
            self.initial.setdefault("idempotency_key", idempotency.new_key())
        if "vte_group" in self.fields:
            open_groups = Q(closed_at__isnull=True)
            if self.instance.vte_group_id:
                open_groups |= Q(pk=self.instance.vte_group_id)
            groups = VTEGroup.objects.filter(open_groups)
            self.fields["vte_group"].queryset = groups.order_by("-starts_on", "name")
        self.fields["task"].queryset = MentorTask.objects.order_by("number")
        self.fields["summary"].max_length = 1000
        self.fields["summary"].widget.attrs["maxlength"] = 1000

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date


class QuickContactForm(ContactForm):
    """The one-screen form a nudge email's link opens: what a contact needs, the rest left
    at its defaults (no outcomes, informal). The link, not a key, makes it save once."""

    class Meta(ContactForm.Meta):
        fields = ("date", "counterpart_kind", "task", "channel", "duration_minutes", "summary")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("idempotency_key", None)
        self.fields["summary"].widget.attrs["rows"] = 2
