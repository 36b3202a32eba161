import re

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from colleges.models import Country, PartnerCollege
from leadvet.lib import forms as lib_forms
from leadvet.lib.forms import PlainTextForm, PlainTextModelForm
from leadvet.lib.translated import TranslatedFieldsForm
from leadvet.lib.validators import validate_portal_year
from surveys.models import (
    DEFAULT_MATRIX_COLUMNS_BY_LANGUAGE,
    LIKERT_LABELS,
    Question,
    RespondentRole,
    Section,
    Survey,
)
from surveys.selectors.surveys import (
    matrix_columns,
    matrix_row_keys,
    matrix_rows,
    question_choices,
)
from surveys.services import AnswerInput, Invitee


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=lib_forms.DATETIME_INPUT_FORMATS,
        validators=[validate_portal_year],
        widget=lib_forms.DateTimeInput(),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SurveyForm(TranslatedFieldsForm, PlainTextModelForm):
    translated_fields = ("title", "description")

    audience_roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        choices=RespondentRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Mentors, teacher educators, coordinators and the steering group are invited from "
            "their accounts; VET leaders and working-life people are added by email when sending."
        ),
    )
    audience_colleges = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Colleges"),
        queryset=PartnerCollege.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Limits the mentors invited; none selected means every college."),
    )
    audience_countries = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Limits the mentors invited; none selected means every country."),
    )
    opens_at = _datetime_field(gettext_lazy("Opens"))
    closes_at = _datetime_field(gettext_lazy("Closes"))
    reminder_days = forms.CharField(
        label=gettext_lazy("Reminders (days after the invitation)"),
        required=False,
        help_text=gettext_lazy("For example “7, 14”. Leave empty for no reminders."),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "description",
            "audience_roles",
            "audience_colleges",
            "audience_countries",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "reminder_days",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["reminder_days"] = ", ".join(
            str(day) for day in (self.instance.reminder_days or [])
        )
        if locked:
            self.fields["is_anonymous"].disabled = True
            self.fields["is_anonymous"].help_text = _("Locked: the survey already has responses.")

    def clean_reminder_days(self) -> list[int]:
        days = []
        for part in re.split(r"[,\s]+", self.cleaned_data["reminder_days"].strip()):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 365:
                raise forms.ValidationError(
                    _("Give whole numbers of days between 1 and 365, separated by commas.")
                )
            days.append(int(part))
        return sorted(set(days))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned


class SurveySearchForm(PlainTextForm):
    """The survey list's search box; a search it cannot use (a control character) is
    ignored, as the other lists' filters ignore theirs."""

    q = forms.CharField(required=False, max_length=200)


class NewRoundForm(PlainTextForm):
    opens_at = _datetime_field(gettext_lazy("Opens"))
    closes_at = _datetime_field(gettext_lazy("Closes"))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return cleaned


class SectionForm(TranslatedFieldsForm, PlainTextModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Section
        fields = ["title"]


class QuestionForm(TranslatedFieldsForm, PlainTextModelForm):
    translated_fields = ("text", "help_text")
    # Each language lists as many choices, rows and columns: an answer is kept by position
    # (a matrix row by its key, surveys.selectors.surveys.matrix_row_keys).
    translated_lists = ("choices", "rows", "columns")

    key = forms.SlugField(
        label=gettext_lazy("Key"),
        max_length=60,
        required=False,
        help_text=gettext_lazy(
            "Stays the same across rounds so answers can be compared. Made from the text if empty."
        ),
    )
    choices = forms.CharField(
        label=gettext_lazy("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("For single and multiple choice questions."),
    )
    rows = forms.CharField(
        label=gettext_lazy("Matrix rows, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    columns = forms.CharField(
        label=gettext_lazy("Matrix columns, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "text",
            "help_text",
            "key",
            "required",
            "choices",
            "rows",
            "columns",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["section"].queryset = Section.objects.filter(survey=survey).order_by("position")
        self.fields["section"].required = False
        self.fields["section"].label = _("Section")
        self.fields["section"].empty_label = _("No section")
        if self.instance.pk is None:
            for code, scale in DEFAULT_MATRIX_COLUMNS_BY_LANGUAGE.items():
                self.fields[f"columns_{code}"].initial = "\n".join(scale)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if key and (
            Question.objects.filter(survey=self.survey, key=key)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Another question of this survey has this key."))
        return key

    def clean(self):
        cleaned = super().clean()
        codes = [code for code, _name in settings.LANGUAGES]
        lists = {
            name: {code: _lines(cleaned.get(f"{name}_{code}")) for code in codes}
            for name in self.translated_lists
        }
        for code, rows in lists["rows"].items():
            if len({row[:120] for row in rows}) != len(rows):
                self.add_error(f"rows_{code}", _("Each matrix row must be different."))
        kind = cleaned.get("kind")
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            self._check_lists("choices", lists, 2, _("Give at least two choices, one per line."))
        else:
            lists["choices"] = {}
        if kind == Question.Kind.MATRIX:
            self._check_lists("rows", lists, 1, _("Give at least one row, one per line."))
            self._check_lists("columns", lists, 2, _("Give at least two columns, one per line."))
        else:
            lists["rows"] = {}
            lists["columns"] = {
                code: list(scale) for code, scale in DEFAULT_MATRIX_COLUMNS_BY_LANGUAGE.items()
            }
        self.option_lists = {
            f"{name}_{code}": lists[name].get(code) or None
            for name in self.translated_lists
            for code in codes
        }
        return cleaned

    def _check_lists(self, name: str, lists: dict, least: int, too_few: str) -> None:
        """At least `least` lines in some language, and as many in each language given."""
        given = {code: values for code, values in lists[name].items() if values}
        if not given:
            self.add_error(f"{name}_{settings.LANGUAGE_CODE}", too_few)
            return
        first, values = next(iter(given.items()))
        if len(values) < least:
            self.add_error(f"{name}_{first}", too_few)
        for code, other in given.items():
            if len(other) != len(values):
                self.add_error(
                    f"{name}_{code}",
                    _("Give as many lines as in %(language)s (%(count)s).")
                    % {"language": get_language_info(first)["name_local"], "count": len(values)},
                )

    def _post_clean(self):
        for column, value in getattr(self, "option_lists", {}).items():
            setattr(self.instance, column, value)
        super()._post_clean()


class InviteForm(PlainTextForm):
    extra_people = forms.CharField(
        label=gettext_lazy("Other people to invite, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Name, email, role, college (optional) — for VET leaders and working-life people "
            "who have no account. Roles: %(roles)s."
        )
        % {"roles": ", ".join(value for value, _label in RespondentRole.choices)},
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of their emails"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )

    def clean(self):
        cleaned = super().clean()
        roles_by_name = {}
        for value, label in RespondentRole.choices:
            roles_by_name[value] = value
            roles_by_name[str(label).lower()] = value
        people, problems = [], []
        for number, line in enumerate(_lines(cleaned.get("extra_people", "")), start=1):
            parts = [part.strip() for part in line.split(",")]
            if len(parts) < 3:
                problems.append(
                    _("Line %(n)s: write name, email, role and optionally the college.")
                    % {"n": number}
                )
                continue
            name, email, role = parts[0], parts[1], parts[2].lower()
            college_name = ", ".join(parts[3:]).strip()
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                problems.append(
                    _("Line %(n)s: “%(email)s” is not an email address.")
                    % {"n": number, "email": email}
                )
                continue
            if role not in roles_by_name:
                problems.append(
                    _("Line %(n)s: unknown role “%(role)s”.") % {"n": number, "role": role}
                )
                continue
            college = None
            if college_name:
                college = PartnerCollege.objects.filter(
                    Q(name__iexact=college_name) | Q(short_name__iexact=college_name)
                ).first()
                if college is None:
                    problems.append(
                        _("Line %(n)s: no partner college called “%(college)s”.")
                        % {"n": number, "college": college_name}
                    )
                    continue
            people.append(
                Invitee(
                    email=email,
                    name=name,
                    role=roles_by_name[role],
                    college=college,
                    language=cleaned.get("language") or settings.LANGUAGE_CODE,
                )
            )
        if problems:
            self.add_error("extra_people", problems)
        cleaned["people"] = people
        return cleaned


FIELD_NAME = re.compile(r"^q_(\d+)(?:_r(\d+))?$")


class ResponseForm(PlainTextForm):
    """The answering form, built from the survey's questions.

    Required answers are only enforced on submit: a draft may be incomplete.
    """

    def __init__(
        self, *args, questions, answers=(), enforce_required=False, disabled=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        saved: dict[tuple[int, str], list] = {}
        for answer in answers:
            saved.setdefault((answer.question_id, answer.row), []).append(answer)
        for question in self.questions:
            required = question.required and enforce_required
            name = f"q_{question.pk}"
            previous = saved.get((question.pk, ""), [])
            if question.kind == Question.Kind.LIKERT:
                field = forms.TypedChoiceField(
                    choices=[(str(v), label) for v, label in LIKERT_LABELS],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    required=required,
                )
                initial = str(previous[0].value) if previous else None
            elif question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(
                    choices=[(str(i), c) for i, c in enumerate(question_choices(question))],
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    required=required,
                )
                initial = str(previous[0].value) if previous else None
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=[(str(i), c) for i, c in enumerate(question_choices(question))],
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    required=required,
                )
                initial = [str(a.value) for a in previous]
            elif question.kind == Question.Kind.TEXT:
                field = forms.CharField(
                    max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), required=required
                )
                initial = previous[0].text if previous else ""
            else:
                columns = [(str(i), c) for i, c in enumerate(matrix_columns(question))]
                for index, (label, key) in enumerate(matrix_rows(question)):
                    cell = saved.get((question.pk, key), [])
                    self.fields[f"{name}_r{index}"] = forms.TypedChoiceField(
                        label=label,
                        choices=columns,
                        coerce=int,
                        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                        required=required,
                        initial=str(cell[0].value) if cell else None,
                        disabled=disabled,
                    )
                continue
            field.label = question.text
            field.help_text = question.help_text
            field.initial = initial
            field.disabled = disabled
            self.fields[name] = field

    def layout(self, outline: list[dict]) -> list[dict]:
        """The outline (sections and questions) with each question's bound fields."""
        parts = []
        for part in outline:
            items = []
            for question in part["questions"]:
                if question.kind == Question.Kind.MATRIX:
                    fields = [
                        self[f"q_{question.pk}_r{i}"] for i in range(len(matrix_row_keys(question)))
                    ]
                else:
                    fields = [self[f"q_{question.pk}"]]
                items.append({"question": question, "fields": fields})
            parts.append({"section": part["section"], "items": items})
        return parts

    def answer_inputs(self) -> list[AnswerInput]:
        """The cleaned answers, plus anything posted for questions that are not in this form."""
        inputs = []
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == Question.Kind.MATRIX:
                for index, key in enumerate(matrix_row_keys(question)):
                    value = self.cleaned_data.get(f"{name}_r{index}")
                    if value not in (None, ""):
                        inputs.append(AnswerInput(question.pk, row=key, value=value))
                continue
            value = self.cleaned_data.get(name)
            if question.kind == Question.Kind.MULTIPLE:
                inputs += [AnswerInput(question.pk, value=v) for v in value or []]
            elif question.kind == Question.Kind.TEXT:
                if value and value.strip():
                    inputs.append(AnswerInput(question.pk, text=value.strip()))
            elif value not in (None, ""):
                inputs.append(AnswerInput(question.pk, value=value))
        return inputs + self.stray_inputs()

    def stray_inputs(self) -> list[AnswerInput]:
        """Posted answers naming questions this form does not have (another survey's, unknown)."""
        strays = []
        for key in self.data:
            match = FIELD_NAME.match(key)
            if match and key not in self.fields:
                value = self.data.get(key)
                strays.append(
                    AnswerInput(
                        int(match.group(1)),
                        value=int(value) if str(value).lstrip("-").isdigit() else None,
                        text="" if str(value).lstrip("-").isdigit() else str(value),
                    )
                )
        return strays
