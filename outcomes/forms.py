"""Forms of the outcomes app (all on leadvet.lib.forms' plain-text base)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from colleges.models import PartnerCollege, VocationalField, VTEGroup
from events.models import Event, EventOutput
from leadvet.lib.forms import PlainTextForm, PlainTextModelForm
from leadvet.lib.validators import validate_portal_year
from leadvet.models import User
from mentors.models import Mentor
from outcomes.models import CurriculumProposal, Deliverable, Objective, StudentOutcome
from outcomes.services import PLACEMENT


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


KIND_CHOICES = [(PLACEMENT, _("Placement (training period)")), *StudentOutcome.Kind.choices]


class PathStepForm(PlainTextForm):
    """A placement or an outcome of a teacher student, in one form (the second click)."""

    group = forms.ModelChoiceField(
        label=_("VTE group"), queryset=VTEGroup.objects.none(), required=True
    )
    reference = forms.CharField(
        label=_("Teacher student"),
        max_length=60,
        help_text=_(
            "A pseudonymous reference such as “Student A”; an existing one adds to that "
            "student's path."
        ),
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=150, required=False)
    kind = forms.ChoiceField(label=_("What happened"), choices=KIND_CHOICES)
    college = forms.ModelChoiceField(
        label=_("College"), queryset=PartnerCollege.objects.filter(is_active=True)
    )
    field = forms.ModelChoiceField(label=_("Vocational field"), queryset=VocationalField.objects)
    mentor = forms.ModelChoiceField(
        label=_("Mentor who coordinated it"),
        queryset=Mentor.objects.none(),
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Date (a placement's first day)"),
        widget=DateInput(),
        validators=[validate_portal_year],
    )
    ends_on = forms.DateField(
        label=_("Placement's last day"),
        widget=DateInput(),
        required=False,
        validators=[validate_portal_year],
        help_text=_("Placements only; empty: a single day."),
    )

    def __init__(self, *args, groups, college_ids=None, mentors=None, fixed_group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_group is not None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups
        if college_ids is not None:
            self.fields["college"].queryset = self.fields["college"].queryset.filter(
                pk__in=college_ids
            )
        self.fields["mentor"].queryset = (
            mentors
            if mentors is not None
            else Mentor.objects.select_related("user").order_by("user__last_name")
        )
        self.fields["mentor"].label_from_instance = lambda mentor: mentor.name

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if data.get("kind") == PLACEMENT and start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        return data


class ObjectiveForm(PlainTextModelForm):
    class Meta:
        model = Objective
        fields = [
            "number",
            "title",
            "description",
            "deadline",
            "owner",
            "achieved_on",
            "at_risk",
            "events",
        ]
        widgets = {"deadline": DateInput(), "achieved_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True, groups__isnull=False)
        self.fields["owner"].queryset = (
            self.fields["owner"].queryset.distinct().order_by("last_name", "email")
        )
        self.fields["events"].queryset = Event.objects.order_by("-starts_at")
        self.fields["events"].required = False
        for name in ("deadline", "achieved_on"):
            self.fields[name].validators.append(validate_portal_year)


class DeliverableForm(PlainTextModelForm):
    class Meta:
        model = Deliverable
        fields = [
            "objective",
            "code",
            "title",
            "status",
            "due_on",
            "authors",
            "venue",
            "owner",
            "at_risk",
            "events",
            "outputs",
        ]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True, groups__isnull=False)
            .distinct()
            .order_by("last_name", "email")
        )
        self.fields["events"].queryset = Event.objects.order_by("-starts_at")
        self.fields["outputs"].queryset = EventOutput.objects.select_related("event").order_by(
            "-published_on", "title"
        )
        self.fields["due_on"].validators.append(validate_portal_year)


SCORE_CHOICES = [(str(score), str(score)) for score in range(1, 6)]


class ContactFeedbackForm(PlainTextForm):
    score = forms.TypedChoiceField(
        label=_("Did this help? (1 = not at all, 5 = very much)"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    what_came_of_it = forms.CharField(
        label=_("What came of it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class EventFeedbackForm(PlainTextForm):
    score = forms.TypedChoiceField(
        label=_("How useful was the event? (1 = not at all, 5 = very)"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to tell the organisers?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class ProposalForm(PlainTextForm):
    proposal = forms.CharField(
        label=_("What was proposed for teacher education"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DecisionForm(PlainTextForm):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (value, label)
            for value, label in CurriculumProposal.Status.choices
            if value != CurriculumProposal.Status.PROPOSED
        ],
        widget=forms.RadioSelect,
    )
    change = forms.CharField(
        label=_("What changed in teacher education"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Needed when the proposal was taken up."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == CurriculumProposal.Status.TAKEN_UP
            and not data.get("change", "").strip()
        ):
            self.add_error("change", _("Say what changed in teacher education."))
        return data
