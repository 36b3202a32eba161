"""Announcements to mentors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.models import Country, PartnerCollege
from leadvet.lib.forms import PlainTextModelForm
from leadvet.lib.translated import TranslatedFieldsForm
from mentors.models import Announcement


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AnnouncementForm(TranslatedFieldsForm, PlainTextModelForm):
    translated_fields = ("title", "body")

    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "country", "college", "scheduled_for"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.RadioSelect,
            "scheduled_for": DateTimeInput(),
        }
        labels = {
            "country": _("Country"),
            "college": _("College"),
            "scheduled_for": _("Publish at (optional)"),
        }
        help_texts = {
            "country": _("Needed when the announcement is for one country."),
            "college": _("Needed when the announcement is for one college."),
            "scheduled_for": _(
                "Leave empty to publish when you confirm it. A later time: it is shown and "
                "emailed then (day, month, year and a 24-hour time)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_published():
            # Published already: its time is history.
            del self.fields["scheduled_for"]
        self.fields["country"].queryset = Country.objects.order_by("name")
        self.fields["college"].queryset = PartnerCollege.objects.filter(is_active=True).order_by(
            "name"
        )

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Announcement.Audience.COUNTRY and not cleaned.get("country"):
            self.add_error("country", _("Choose the country the announcement is for."))
        if audience == Announcement.Audience.COLLEGE and not cleaned.get("college"):
            self.add_error("college", _("Choose the college the announcement is for."))
        return cleaned
