"""The public request to join as an alumnus, an alumnus's own details, proposing a mentor."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import PartnerCollege, VocationalField
from leadvet.lib.forms import PlainTextForm

FIRST_YEAR = 1950


class AlumniDetailsForm(PlainTextForm):
    graduation_year = forms.IntegerField(
        label=_("Graduation year"),
        min_value=FIRST_YEAR,
        help_text=_("The year you graduated from the vocational teacher education."),
    )
    field = forms.ModelChoiceField(
        queryset=VocationalField.objects.order_by("name"),
        label=_("Vocational field"),
        help_text=_("The field you teach."),
    )
    college = forms.ModelChoiceField(
        queryset=PartnerCollege.objects.order_by("name"),
        label=_("College"),
        required=False,
        empty_label=_("Another college (write its name below)"),
        help_text=_("The vocational college you work at."),
    )
    other_college = forms.CharField(
        label=_("Another college"),
        max_length=200,
        required=False,
        help_text=_("If your college is not in the list."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["graduation_year"]
        year.max_value = timezone.localdate().year
        year.validators.append(MaxValueValidator(year.max_value))
        year.widget.attrs.update({"min": FIRST_YEAR, "max": year.max_value})

    def clean(self):
        data = super().clean()
        if not data.get("college") and not (data.get("other_college") or "").strip():
            self.add_error("other_college", _("Choose your college or write its name."))
        return data


class JoinForm(AlumniDetailsForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send the answer to your request here.")
    )
    # A field people never see and bots fill in: a request with it is dropped quietly.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    field_order = [
        "first_name",
        "last_name",
        "email",
        "graduation_year",
        "college",
        "other_college",
        "field",
        "website",
    ]

    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())


class ProposeForm(PlainTextForm):
    college = forms.ModelChoiceField(
        queryset=PartnerCollege.objects.order_by("name"),
        label=_("Partner college of the candidate"),
    )
