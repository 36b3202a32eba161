"""The mentor pool: adding and editing a mentor, and their status."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from colleges.models import CollegeUnit, PartnerCollege, VocationalField
from leadvet.lib.forms import PlainTextForm
from leadvet.models import User
from mentors.forms.widgets import PlainDateInput
from mentors.models import Language, Mentor, MentorTask


class CollegeUnitMixin(PlainTextForm):
    college = forms.ModelChoiceField(label=_("College"), queryset=PartnerCollege.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=CollegeUnit.objects.none(), required=False
    )

    def __init__(self, *args, colleges=None, **kwargs):
        super().__init__(*args, **kwargs)
        colleges = colleges if colleges is not None else PartnerCollege.objects.all()
        self.fields["college"].queryset = colleges
        self.fields["unit"].queryset = CollegeUnit.objects.filter(
            college__in=colleges
        ).select_related("college")

    def clean(self):
        cleaned = super().clean()
        college, unit = cleaned.get("college"), cleaned.get("unit")
        if college and unit and unit.college_id != college.id:
            self.add_error("unit", _("This unit belongs to another college."))
        return cleaned


class PersonMixin(CollegeUnitMixin):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["first_name", "last_name", "college", "unit"]


class NewEmailMixin(PlainTextForm):
    email = forms.EmailField(label=_("Email"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email, mentor__isnull=False).exists():
            raise forms.ValidationError(_("A mentor with this email address already exists."))
        return email


class LanguageMixin(PlainTextForm):
    language = forms.ChoiceField(
        label=_("Language of the portal and emails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class MentorForm(PersonMixin):
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    fields_ = forms.ModelMultipleChoiceField(
        label=_("Vocational fields"),
        queryset=VocationalField.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tasks = forms.ModelMultipleChoiceField(
        label=_("Mentor tasks"),
        queryset=MentorTask.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity_groups = forms.IntegerField(
        label=_("Groups at a time"), min_value=0, max_value=20, initial=2
    )
    trained_on = forms.DateField(
        label=_("Mentor training completed"), required=False, widget=PlainDateInput
    )
    contact_preferences = forms.CharField(
        label=_("Contact preferences"), max_length=300, required=False
    )
    bio = forms.CharField(
        label=_("Short bio"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def initial_for(cls, mentor: Mentor) -> dict:
        return {
            "first_name": mentor.user.first_name,
            "last_name": mentor.user.last_name,
            "college": mentor.college_id,
            "unit": mentor.unit_id,
            "title": mentor.title,
            "phone": mentor.phone,
            "fields_": list(mentor.fields.all()),
            "tasks": list(mentor.tasks.all()),
            "languages": list(mentor.languages.all()),
            "capacity_groups": mentor.capacity_groups,
            "trained_on": mentor.trained_on,
            "contact_preferences": mentor.contact_preferences,
            "bio": mentor.bio,
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["fields"] = data.pop("fields_")
        data.pop("email", None)
        data.pop("send_invitation", None)
        return data


class NewMentorForm(LanguageMixin, NewEmailMixin, MentorForm):
    # A new account's language: the one chosen, else the college's country's (issue 23).
    language = forms.ChoiceField(
        label=_("Language of the portal and emails"),
        choices=[("", _("The college's country's language")), *settings.LANGUAGES],
        required=False,
        initial="",
    )
    send_invitation = forms.BooleanField(
        label=_("Email an invitation to set a password now"), required=False, initial=True
    )
    field_order = ["first_name", "last_name", "email", "language", "college", "unit"]


class StatusChangeForm(PlainTextForm):
    to_status = forms.ChoiceField(label=_("New status"))
    official_status_date = forms.DateField(
        label=_("Date of official status"),
        required=False,
        widget=PlainDateInput,
        help_text=_("Required to make the mentor active."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, mentor: Mentor, **kwargs):
        kwargs.setdefault("initial", {"official_status_date": mentor.official_status_date})
        super().__init__(*args, **kwargs)
        allowed = Mentor.TRANSITIONS.get(mentor.status, set())
        self.fields["to_status"].choices = [
            (value, label) for value, label in Mentor.Status.choices if value in allowed
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_status") == Mentor.Status.ACTIVE and not cleaned.get(
            "official_status_date"
        ):
            self.add_error(
                "official_status_date",
                _("Give the date of official status to make the mentor active."),
            )
        return cleaned
