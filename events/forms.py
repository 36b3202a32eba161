import datetime
import re
import zoneinfo

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import time_zone_choices
from events.countries import COUNTRIES
from events.models import OUTPUT_FILE_TYPES, AgendaItem, Event, EventOutput, Registration
from events.notices import MAX_REMINDER_HOURS
from leadvet import roles
from leadvet.lib import forms as lib_forms
from leadvet.lib.forms import PlainTextForm, PlainTextModelForm
from leadvet.lib.translated import TranslatedFieldsForm
from leadvet.lib.validators import validate_portal_year
from leadvet.models import User

_OFFSET = re.compile(r"^(\d+)\s*([dh])$", re.IGNORECASE)


def parse_reminder_offsets(text: str) -> list[int]:
    """ "7d, 1d, 2h" -> [168, 24, 2] (hours before the start, largest first)."""
    hours = set()
    for part in filter(None, (p.strip() for p in re.split(r"[,;\s]+(?=\d)", text or ""))):
        match = _OFFSET.match(part)
        if not match:
            raise forms.ValidationError(
                _("“%(value)s” is not a reminder time. Write e.g. 7d, 1d, 2h."),
                code="invalid",
                params={"value": part},
            )
        amount = int(match.group(1)) * (24 if match.group(2).lower() == "d" else 1)
        if not 1 <= amount <= MAX_REMINDER_HOURS:
            raise forms.ValidationError(
                _("Reminders can be sent from 1 hour up to 60 days before the start."),
                code="range",
            )
        hours.add(amount)
    return sorted(hours, reverse=True)


def format_reminder_offsets(hours: list[int]) -> str:
    return ", ".join(f"{h // 24}d" if h % 24 == 0 else f"{h}h" for h in hours or [])


class DateTimeInput(lib_forms.DateTimeInput):
    """A date and a 24-hour time typed day first (5.12.2026 14:00), in the event's zone."""


class EventZoneMixin:
    """Times typed and shown in the event's own time zone (issue 23), stored in UTC: the form
    field reads a typed time in the active zone (the portal's), which is then read again as
    the same wall-clock time in the event's zone."""

    zoned_fields: tuple[str, ...] = ()

    def show_in_zone(self, zone: zoneinfo.ZoneInfo) -> None:
        for name in self.zoned_fields:
            value = self.initial.get(name)
            if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, zone)

    def read_in_zone(self, data: dict, zone: zoneinfo.ZoneInfo) -> None:
        typed_in = timezone.get_current_timezone()
        for name in self.zoned_fields:
            value, given = data.get(name), self.data.get(self.add_prefix(name))
            # A moment given with its offset (the API's) is already what it says.
            if isinstance(given, datetime.datetime) and timezone.is_aware(given):
                continue
            if isinstance(value, datetime.datetime):
                data[name] = timezone.make_aware(timezone.make_naive(value, typed_in), zone)


def _time_zone_choices():
    return [("", _("The country's (Helsinki time if none)")), *time_zone_choices()]


class EventForm(EventZoneMixin, TranslatedFieldsForm, PlainTextModelForm):
    """Times are entered in the event's time zone and stored in UTC; the title and
    description in the languages the organiser gives them."""

    zoned_fields = ("starts_at", "ends_at", "registration_deadline")
    translated_fields = ("title", "description")
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=_time_zone_choices,
        help_text=_("The event's times are in this zone, and its pages and emails name it."),
    )

    reminders = forms.CharField(
        label=_("Reminders before the start"),
        required=False,
        help_text=_("Days (d) or hours (h) before the start, e.g. “7d, 1d, 2h”. Empty for none."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for no limit."),
        error_messages={"min_value": _("The capacity must be at least 1, or empty for no limit.")},
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "description",
            "country",
            "time_zone",
            "starts_at",
            "ends_at",
            "is_online",
            "address",
            "online_url",
            "capacity",
            "audience",
            "registration_deadline",
            "counts_as_training",
            "hours",
            "is_public",
            "asks_dietary",
            "asks_accessibility",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = lib_forms.DATETIME_INPUT_FORMATS
            self.fields[name].validators.append(validate_portal_year)
        self.fields["starts_at"].help_text = _("In the event's time zone.")
        self.fields["registration_deadline"].help_text = _(
            "In the event's time zone. Empty: registration is open until the start."
        )
        if self.instance.pk:
            self.show_in_zone(self.instance.zone)
        self.fields["address"].help_text = _("Required for an on-site event.")
        self.fields["online_url"].help_text = _("Required for an online event.")
        self.initial.setdefault(
            "reminders", format_reminder_offsets(self.instance.reminder_offsets)
        )

    def clean_reminders(self) -> list[int]:
        return parse_reminder_offsets(self.cleaned_data.get("reminders", ""))

    def clean(self):
        data = super().clean()
        country = data.get("country")
        data["time_zone"] = (
            data.get("time_zone") or (country.time_zone if country else "") or settings.TIME_ZONE
        )
        self.read_in_zone(data, zoneinfo.ZoneInfo(data["time_zone"]))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        deadline = data.get("registration_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if starts and deadline and deadline > starts:
            self.add_error(
                "registration_deadline", _("Registration must close before the event starts.")
            )
        if data.get("is_online"):
            if not data.get("online_url"):
                self.add_error("online_url", _("An online event needs a link."))
        elif not data.get("address", "").strip():
            self.add_error("address", _("An on-site event needs an address."))
        return data

    def event_fields(self) -> dict:
        fields = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in self.translated_fields
        }
        fields.update(self.translated_values())
        fields["reminder_offsets"] = self.cleaned_data["reminders"]
        return fields


class RegisterSomeoneForm(PlainTextForm):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("People with a role in the portal who are not yet registered."),
    )

    def __init__(self, *args, event: Event, college_ids=None, **kwargs):
        """`college_ids` narrows the people to mentors of those colleges (a college coordinator)."""
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True, groups__name__in=roles.ALL_ROLES)
        if college_ids is not None:
            people = people.filter(mentor__college_id__in=college_ids)
            self.fields["user"].help_text = _(
                "Mentors of your colleges who are not yet registered."
            )
        self.fields["user"].queryset = (
            people.exclude(
                registrations__event=event,
                registrations__status__in=["registered", "waitlisted"],
            )
            .distinct()
            .order_by("last_name", "first_name", "email")
        )


class EventOutputForm(PlainTextModelForm):
    class Meta:
        model = EventOutput
        fields = ["kind", "title", "url", "file", "description", "published_on"]
        widgets = {
            "published_on": lib_forms.DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "file": forms.ClearableFileInput(
                attrs={"accept": ",".join(f".{name}" for name in OUTPUT_FILE_TYPES)}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The size and type themselves are checked by the model field's validator.
        self.fields["file"].help_text = _("Optional: %(types)s; at most %(size)s.") % {
            "types": ", ".join(f".{name}" for name in OUTPUT_FILE_TYPES),
            "size": filesizeformat(settings.MAX_UPLOAD_SIZE),
        }

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            self.add_error("url", _("Give a link or upload a file."))
        return data


# Invitations to internal meetings and the answers (RSVP)


class InviteForm(PlainTextForm):
    people = forms.ModelMultipleChoiceField(
        label=_("People to invite"),
        queryset=User.objects.none(),
        help_text=_("People with a role in the portal who are not yet invited or registered."),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=roles.ALL_ROLES)
            .exclude(
                registrations__event=event,
                registrations__status__in=[
                    "registered",
                    "waitlisted",
                    "invited",
                    "maybe",
                    "declined",
                ],
            )
            .distinct()
            .order_by("last_name", "first_name", "email")
        )


class RsvpForm(PlainTextForm):
    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[
            ("attending", _("Attending")),
            ("declined", _("Not attending")),
            ("maybe", _("Maybe")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for not attending"),
        max_length=300,
        required=False,
        help_text=_("Needed when you cannot attend; the organiser sees it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "declined" and not data.get("reason", "").strip():
            self.add_error("reason", _("Tell the organiser briefly why you cannot attend."))
        return data


class EmailInviteesForm(PlainTextForm):
    recipients = forms.ChoiceField(
        choices=[
            ("non_responders", _("Everyone who has not answered")),
            ("waitlist", _("Everyone on the waiting list")),
        ]
    )


class PublicRegistrationForm(PlainTextForm):
    """A person without an account registers; `website` is a honeypot a person never sees."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("We send a link to this address: open it to confirm.")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", "—"), *Registration.OrganisationType.choices],
    )
    from_partner = forms.TypedChoiceField(
        label=_("Is your organisation one of the LeadVET partners?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *COUNTRIES])
    role = forms.CharField(label=_("Role or job title"), max_length=150, required=False)
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), max_length=300, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=settings.LANGUAGES, initial="en"
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my details are kept for the event and the project's reporting, "
            "as the privacy notice says."
        ),
        error_messages={"required": _("Please agree, or we cannot register you.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        if not event.asks_dietary:
            del self.fields["dietary_needs"]
        if not event.asks_accessibility:
            del self.fields["accessibility_needs"]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "guest_name": data["name"].strip(),
            "guest_language": data["language"],
            "organisation": data["organisation"].strip(),
            "organisation_type": data["organisation_type"],
            "from_partner": data["from_partner"],
            "country": data["country"],
            "role": data.get("role", "").strip(),
            "dietary_needs": data.get("dietary_needs", "").strip(),
            "accessibility_needs": data.get("accessibility_needs", "").strip(),
        }


class AgendaItemForm(EventZoneMixin, PlainTextModelForm):
    """A session's times in its event's time zone."""

    zoned_fields = ("starts_at", "ends_at")

    class Meta:
        model = AgendaItem
        fields = ["starts_at", "ends_at", "title", "speakers", "room", "link"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args, zone: zoneinfo.ZoneInfo | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone or zoneinfo.ZoneInfo(settings.TIME_ZONE)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
            self.fields[name].validators.append(validate_portal_year)
        self.fields["starts_at"].help_text = _("In the event's time zone.")
        if self.instance.pk:
            self.show_in_zone(self.zone)

    def clean(self):
        data = super().clean()
        self.read_in_zone(data, self.zone)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A session must end after it starts."))
        return data


class AgendaFormSet(
    forms.inlineformset_factory(
        Event, AgendaItem, form=AgendaItemForm, extra=3, can_delete=True, max_num=60
    )
):
    """Every session in its event's time zone."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "zone": self.instance.zone}


class CheckInSearchForm(PlainTextForm):
    q = forms.CharField(label=_("Search by name"), max_length=100, required=False)


class TrainingTargetForm(PlainTextForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    hours = forms.DecimalField(
        label=_("Yearly target (hours)"), min_value=0, max_value=1000, decimal_places=1
    )


class CertificateForm(PlainTextForm):
    registration = forms.IntegerField(required=False, widget=forms.HiddenInput)
