import datetime

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from colleges import selectors as college_selectors
from leadvet.lib import forms as lib_forms
from leadvet.lib.forms import PlainTextForm, PlainTextModelForm
from leadvet.lib.validators import validate_portal_year
from leadvet.mail_preferences import DESCRIPTIONS
from leadvet.models import BulkEmail, User
from portal.dashboard.periods import Filters, Period, recent_terms, term_label, term_period


class AccountForm(PlainTextModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
        labels = {"first_name": _("First name"), "last_name": _("Last name")}


class EmailPreferencesForm(PlainTextForm):
    """A box per kind of bulk email the user can get: ticked, it is sent to them."""

    def __init__(self, *args, kinds: list[str], turned_off: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.BooleanField(
                label=BulkEmail(kind).label,
                help_text=DESCRIPTIONS[kind],
                required=False,
                initial=kind not in turned_off,
            )


class ApiTokenForm(PlainTextForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “HR sync” or “College reporting”."),
    )
    can_write = forms.TypedChoiceField(
        label=_("Access"),
        choices=[("0", _("Read only")), ("1", _("Read and write"))],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )


class DateInput(lib_forms.DateInput):
    """A date typed day first (5.12.2026), as every date box of the portal."""


class PeriodFieldsMixin:
    """From–to dates shared by the dashboard and report forms."""

    def style_widgets(self) -> None:
        lib_forms.style_widgets(self.fields)

    def clean_custom_range(self, cleaned: dict) -> None:
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if not date_from:
            self.add_error("date_from", gettext("Give the first day of the period."))
        if not date_to:
            self.add_error("date_to", gettext("Give the last day of the period."))
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", gettext("The last day must not be before the first day."))
            elif (date_to - date_from).days > MAX_PERIOD_DAYS:
                self.add_error("date_to", gettext("The period can be at most five years long."))


MAX_PERIOD_DAYS = 5 * 366


class DashboardFilterForm(PeriodFieldsMixin, PlainTextForm):
    PERIOD_CHOICES = [
        ("30", _("Last 30 days")),
        ("90", _("Last 90 days")),
        ("365", _("Last 365 days")),
        ("custom", _("From–to (below)")),
    ]
    DEFAULT_PERIOD = "365"

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, initial=DEFAULT_PERIOD)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput, validators=[validate_portal_year]
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput, validators=[validate_portal_year]
    )
    # leadvet.lib.forms.Select: a network of thousands of colleges has as many options.
    country = forms.TypedChoiceField(
        label=_("Country"), coerce=int, required=False, empty_value=None, widget=lib_forms.Select
    )
    college = forms.TypedChoiceField(
        label=_("College"), coerce=int, required=False, empty_value=None, widget=lib_forms.Select
    )
    field = forms.TypedChoiceField(
        label=_("Vocational field"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, scope_college_ids=None, **kwargs):
        """The country and college choices: those of the user's colleges
        (colleges.selectors.college_choices, kept in each process, as the mentor list's), and
        the fields' (colleges.selectors.field_choices, kept likewise): the form reads no table."""
        super().__init__(*args, **kwargs)
        self.scope_college_ids = scope_college_ids
        countries, colleges = college_selectors.college_choices(scope_college_ids)
        self.fields["country"].choices = lib_forms.GivenChoices(
            [("", _("All countries"))], countries
        )
        all_colleges = _("All colleges") if scope_college_ids is None else _("All my colleges")
        self.fields["college"].choices = lib_forms.GivenChoices([("", all_colleges)], colleges)
        self.fields["field"].choices = lib_forms.GivenChoices(
            [("", _("All fields"))], college_selectors.field_choices()
        )
        self.style_widgets()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "custom":
            self.clean_custom_range(cleaned)
        return cleaned

    def filters(self, *, today) -> Filters:
        """The valid filters, or the defaults when the form is unbound or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period_key = data.get("period") or self.DEFAULT_PERIOD
        if period_key == "custom":
            period = Period.between(data["date_from"], data["date_to"])
        else:
            period = Period.last_days(int(period_key), today)
        return Filters(
            period=period,
            country_id=data.get("country"),
            college_id=data.get("college"),
            field_id=data.get("field"),
            scope_college_ids=(
                tuple(sorted(self.scope_college_ids))
                if self.scope_college_ids is not None
                else None
            ),
        )


class ReportPeriodForm(PeriodFieldsMixin, PlainTextForm):
    """A report period: a term (presets computed from today's date) or from–to."""

    period = forms.ChoiceField(label=_("Period"))
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DateInput, validators=[validate_portal_year]
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DateInput, validators=[validate_portal_year]
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.terms = recent_terms(today)
        choices = [(f"{season}-{year}", term_label(season, year)) for season, year in self.terms]
        self.fields["period"].choices = choices + [("custom", gettext("From–to (below)"))]
        self.fields["period"].initial = choices[0][0]
        self.style_widgets()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") == "custom":
            self.clean_custom_range(cleaned)
        return cleaned

    def period_and_label(self) -> tuple[Period, str]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        key = data.get("period") or self.fields["period"].initial
        if key == "custom":
            period = Period.between(data["date_from"], data["date_to"])
            return period, gettext("%(start)s – %(end)s") % {
                "start": date_format(period.start),
                "end": date_format(period.end),
            }
        season, year = key.split("-")
        return term_period(season, int(year), today=self.today), term_label(season, int(year))


class LegalTextForm(PlainTextForm):
    """One text box per language of the portal; an empty box shows the default text."""

    def __init__(self, *args, initial_texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[code] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                initial=initial_texts.get(code, ""),
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 14}),
                help_text=_(
                    "Plain text; an empty line starts a new paragraph. Leave empty to show "
                    "the portal's default text."
                ),
            )
