"""Self-service: the mentor's own profile."""

from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.models import VocationalField
from leadvet.lib.forms import PlainTextModelForm
from mentors.models import Language, Mentor, MentorTask

PUBLIC_PROFILE_FIELDS = ("title", "fields", "languages", "tasks", "bio", "contact_preferences")
PRIVATE_PROFILE_FIELDS = ("phone", "nudges_paused")


class MentorProfileForm(PlainTextModelForm):
    class Meta:
        model = Mentor
        fields = PUBLIC_PROFILE_FIELDS + PRIVATE_PROFILE_FIELDS
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "tasks": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "tasks": _("The mentor tasks you are ready to take on."),
            "phone": _("Only coordinators see your phone number."),
            "nudges_paused": _("Stop the monthly reminders to update your availability."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = VocationalField.objects.order_by("name")
        self.fields["languages"].queryset = Language.objects.order_by("name")
        self.fields["tasks"].queryset = MentorTask.objects.order_by("number")

    def public_fields(self):
        return [self[name] for name in PUBLIC_PROFILE_FIELDS]

    def private_fields(self):
        return [self[name] for name in PRIVATE_PROFILE_FIELDS]
