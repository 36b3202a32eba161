from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import CollegeUnit, Country, PartnerCollege, VocationalField, VTEGroup
from leadvet.models import User
from mentors import importing, selectors
from mentors.models import (
    Announcement,
    Availability,
    Contact,
    ContactRequest,
    GroupAssignment,
    Language,
    Mentor,
    MentorTask,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Self-service: profile and availability

PUBLIC_PROFILE_FIELDS = ("title", "fields", "languages", "tasks", "bio", "contact_preferences")
PRIVATE_PROFILE_FIELDS = ("phone", "nudges_paused")


class MentorProfileForm(forms.ModelForm):
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


class AvailabilityForm(forms.ModelForm):
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


# Contact log


class ContactForm(forms.ModelForm):
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


# Directory and contact requests


class ContactRequestForm(forms.ModelForm):
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
        self.fields["vte_group"].queryset = selectors.open_vte_groups_of(requester)
        tasks = MentorTask.objects.order_by("number")
        self.fields["task"].queryset = tasks
        offered = [task.pk for task in mentor.tasks.all()]
        if len(offered) == 1:
            self.fields["task"].initial = offered[0]


class RequestAnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the teacher educator"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Announcements


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "country", "college"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "audience": forms.RadioSelect}
        labels = {"country": _("Country"), "college": _("College")}
        help_texts = {
            "country": _("Needed when the announcement is for one country."),
            "college": _("Needed when the announcement is for one college."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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


# Assignments


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, mentor):
        return f"{mentor.name} ({mentor.college.name})"


class AssignmentForm(forms.Form):
    mentor = MentorChoiceField(label=_("Mentor"), queryset=selectors.assignable_mentors())
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
        self.fields["mentor"].queryset = selectors.assignable_mentors(college_ids=college_ids)
        self.fields["starts_on"].initial = max(timezone.localdate(), group.starts_on)
        self.fields["ends_on"].initial = group.ends_on

    def clean(self):
        cleaned = super().clean()
        mentor, role = cleaned.get("mentor"), cleaned.get("role")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The assignment cannot end before it starts."))
        if (
            mentor
            and role
            and selectors.open_assignment_exists(mentor=mentor, group=self.group, role=role)
        ):
            self.add_error(
                "role", _("This mentor already has this role in the group. Choose another role.")
            )
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"


class _CollegeUnitMixin(forms.Form):
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


class _PersonMixin(_CollegeUnitMixin):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["first_name", "last_name", "college", "unit"]


class _NewEmailMixin(forms.Form):
    email = forms.EmailField(label=_("Email"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email, mentor__isnull=False).exists():
            raise forms.ValidationError(_("A mentor with this email address already exists."))
        return email


class _LanguageMixin(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the portal and emails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )


class InvitationForm(_LanguageMixin, _NewEmailMixin, _PersonMixin):
    field_order = ["first_name", "last_name", "email", "language", "college", "unit"]

    def clean_email(self):
        email = super().clean_email()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("This person already has an account: add them as a mentor instead of inviting.")
            )
        return email


class MentorForm(_PersonMixin):
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
        label=_("Mentor training completed"), required=False, widget=DateInput
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


class NewMentorForm(_LanguageMixin, _NewEmailMixin, MentorForm):
    send_invitation = forms.BooleanField(
        label=_("Email an invitation to set a password now"), required=False, initial=True
    )
    field_order = ["first_name", "last_name", "email", "language", "college", "unit"]


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    official_status_date = forms.DateField(
        label=_("Date of official status"),
        required=False,
        widget=DateInput,
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


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "A .csv (UTF-8, comma-separated) or .xlsx file whose first row names the columns."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file you can upload is %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.MAX_UPLOAD_SIZE),
                }
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV (.csv) or Excel (.xlsx) file."))
        self.content = upload.read()
        try:
            self.table = importing.read_table(upload.name, self.content)
        except importing.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class MoveMentorForm(_CollegeUnitMixin):
    """Move a mentor to another college from a date."""

    on = forms.DateField(
        label=_("Member of the new college from"),
        widget=DateInput,
        help_text=_("The current membership ends the day before."),
    )

    def __init__(self, *args, colleges, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, colleges=colleges, **kwargs)
        self.fields["college"].label = _("New college")


class MembershipPeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("Until"), widget=DateInput, required=False)
