"""Events of the network, registrations, reminders sent, and event outputs."""

import datetime
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import validate_time_zone
from leadvet.lib.outbox import OutboxEntry
from leadvet.lib.uploads import FileTypeValidator, safe_name


def default_reminder_offsets() -> list[int]:
    """Hours before the start: 7 days and 1 day."""
    return [7 * 24, 24]


class Event(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        PLANNING = "planning", _("Planning meeting")
        MULTIPLIER = "multiplier", _("Multiplier event")
        WEBINAR = "webinar", _("Webinar")
        ALUMNI = "alumni", _("Alumni event")
        STUDY_VISIT = "study_visit", _("Study visit")
        MEETING = "meeting", _("Internal meeting")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        MENTORS = "mentors", _("Mentors")
        TEACHER_EDUCATORS = "teacher_educators", _("Teacher educators")
        VET_LEADERS = "vet_leaders", _("VET leaders")
        WORKING_LIFE = "working_life", _("Working life")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    country = models.ForeignKey(
        "colleges.Country",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("country"),
        help_text=_("Where the event is held or who organises it; its time zone comes from it."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        default="",
        # Rows written without the field (before it, a migration's historical model): the
        # portal's zone, as every event was before.
        db_default="Europe/Helsinki",
        validators=[validate_time_zone],
        help_text=_("The times are in this zone. Empty: the country's, else Helsinki time."),
    )
    is_online = models.BooleanField(_("online"), default=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    registration_deadline = models.DateTimeField(_("registration closes"), null=True, blank=True)
    reminder_offsets = models.JSONField(
        _("reminders (hours before start)"), default=default_reminder_offsets, blank=True
    )
    counts_as_training = models.BooleanField(
        _("counts as mentor training"),
        default=False,
        help_text=_("Attending marks a mentor as trained."),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Hours of training or participation on the certificate and in the mentors' "
            "training record. Empty: the length of the event, at most 8 hours a day."
        ),
    )
    is_public = models.BooleanField(
        _("open to the public"),
        default=False,
        help_text=_(
            "People without an account can register on a public page and confirm by e-mail."
        ),
    )
    asks_dietary = models.BooleanField(_("ask for dietary needs"), default=False)
    asks_accessibility = models.BooleanField(_("ask for accessibility needs"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(
        default=0, help_text="iCalendar SEQUENCE, bumped on change."
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_events",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["kind", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("starts_at")),
                name="event_deadline_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Always stored resolved, so that no page joins the country to show a time.
        if not self.time_zone:
            self.time_zone = (self.country.time_zone if self.country_id else "") or (
                settings.TIME_ZONE
            )
        super().save(*args, **kwargs)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The event's time zone (its times are shown and entered in it)."""
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def credit_hours(self):
        """The hours a certificate and the training record give for attending."""
        if self.hours is not None:
            return self.hours
        start = timezone.localtime(self.starts_at, self.zone)
        end = timezone.localtime(self.ends_at, self.zone)
        days = (end.date() - start.date()).days + 1
        if days == 1:
            length = Decimal((end - start).total_seconds()) / 3600
        else:
            per_day = (
                Decimal(
                    (end.time().hour * 60 + end.time().minute)
                    - (start.time().hour * 60 + start.time().minute)
                )
                / 60
            )
            length = per_day * days if per_day > 0 else Decimal(8 * days)
        return min(length, Decimal(8 * days)).quantize(Decimal("0.1"))

    def days(self) -> list:
        """The dates the event runs on, in its own time zone."""
        first = timezone.localdate(self.starts_at, self.zone)
        last = timezone.localdate(self.ends_at, self.zone)
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", _("Not attending")
        MAYBE = "maybe", _("Maybe")
        INVITED = "invited", _("Invited, no answer yet")
        PENDING = "pending", _("Waiting for e-mail confirmation")

    class OrganisationType(models.TextChoices):
        VET = "vet", _("Vocational college")
        TEACHER_EDUCATION = "teacher_education", _("Teacher education")
        HIGHER_EDUCATION = "higher_education", _("Other higher education")
        WORKING_LIFE = "working_life", _("Company or working life")
        PUBLIC = "public", _("Public authority")
        NGO = "ngo", _("Association or NGO")
        OTHER = "other", _("Other")

    # Indexed by the (event, user) unique constraint and the (event, status, registered_at) index.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", db_index=False
    )
    # A member's registration has the user; a public one (a person without an account) the
    # guest_* fields, the organisation and the country. Indexed by the (user, status) index.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registrations",
        null=True,
        blank=True,
        db_index=False,
    )
    guest_name = models.CharField(_("name"), max_length=150, blank=True, default="")
    guest_email = models.EmailField(_("e-mail"), blank=True, default="")
    guest_language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True, default="")
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
        default="",
    )
    from_partner = models.BooleanField(_("from a partner organisation"), default=False)
    country = models.CharField(_("country"), max_length=2, blank=True, default="")
    role = models.CharField(_("role or job title"), max_length=150, blank=True, default="")
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True, default="")
    accessibility_needs = models.CharField(
        _("accessibility needs"), max_length=300, blank=True, default=""
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sequence_offset = models.PositiveIntegerField(
        default=0,
        help_text="How far the iCalendar SEQUENCE of this person's copy of the event is ahead of "
        "the event's: one more at each cancellation and each registration again after it, so "
        "their calendar app takes every newer file over the one before.",
    )

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # Also the index of an event's registrations and of a person's one for it.
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person"),
            models.UniqueConstraint(
                fields=["event", "guest_email"],
                condition=Q(user__isnull=True) & ~Q(guest_email=""),
                name="one_public_registration_per_address",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False)
                | ~Q(guest_email="")
                | Q(anonymised_at__isnull=False),
                name="registration_has_a_person",
            ),
        ]
        # registered_by keeps its foreign key's index (SET NULL when that user is deleted).
        indexes = [
            # An event's attendee list and waiting list in order; places taken (capacity).
            # With who was present, the registrations per event type of the dashboard and
            # the report are counted from the index alone (events.selectors.event_figures).
            models.Index(
                fields=["event", "status", "registered_at"],
                include=["attended"],
                name="registration_event_status",
            ),
            # A person's registrations (their events, training hours, "Download my data").
            models.Index(fields=["user", "status"]),
            # Who was present at the events of a period (the events' time in the outcome
            # figures): a few dozen rows per event, not a scan of every registration.
            models.Index(
                fields=["event", "user"], condition=Q(attended=True), name="registration_attended"
            ),
        ]

    def __str__(self):
        return f"{self.person_name} @ {self.event} ({self.status})"

    @property
    def is_public(self) -> bool:
        """Registered on the public page, without an account."""
        return self.user_id is None

    @property
    def person_name(self) -> str:
        if self.user_id is not None:
            return self.user.get_full_name() or self.user.email
        return self.guest_name

    @property
    def recipient_email(self) -> str:
        return self.user.email if self.user_id is not None else self.guest_email

    @property
    def recipient_language(self) -> str:
        if self.user_id is not None:
            return self.user.language
        return self.guest_language or settings.LANGUAGE_CODE

    @property
    def calendar_sequence(self) -> int:
        """The SEQUENCE of the calendar files this person is sent about the event."""
        return self.event.sequence + self.sequence_offset


class EventNotice(OutboxEntry):
    """What was sent about a registration: each (registration, kind, key) once.

    For reminders the key is the offset in hours; for changes it is the event's
    SEQUENCE; for a promotion from the waiting list it is the promotion time; for a cancelled
    registration it is the cancellation time; for invitations and the organiser's emails to
    non-responders or the waiting list it is the stamp of the organiser's action, so a new
    action sends again and a retry does not.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        CHANGED = "changed", _("Event changed")
        CANCELLED = "cancelled", _("Event cancelled")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        CONFIRMATION = "confirmation", _("Registration confirmed")
        INVITATION = "invitation", _("Invitation to a meeting")
        NUDGE = "nudge", _("Reminder to answer or waiting-list update")
        UNREGISTERED = "unregistered", _("Registration cancelled")
        OPT_IN = "opt_in", _("Confirm your registration")
        CERTIFICATE = "certificate", _("Certificate of participation")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    key = models.CharField(max_length=40)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event notice")
        verbose_name_plural = _("event notices")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind", "key"], name="one_event_notice")
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.kind}:{self.key} for {self.registration_id}"


# The files an output may be, by extension, and what their content must be: office
# documents are zip archives (never opened here), the rest must be what they say.
OUTPUT_FILE_TYPES = {
    "pdf": ("pdf",),
    "docx": ("docx", "zip"),
    "pptx": ("pptx", "zip"),
    "xlsx": ("xlsx", "zip"),
    "odt": ("odt", "zip"),
    "odp": ("odp", "zip"),
    "ods": ("ods", "zip"),
    "mp3": ("mp3",),
    "m4a": ("m4a", "mp4"),
    "mp4": ("mp4", "m4v", "m4a"),
    "png": ("png",),
    "jpg": ("jpg",),
    "jpeg": ("jpg",),
}


def output_file_name(instance, filename: str) -> str:
    return safe_name(filename, folder="outputs", extensions=OUTPUT_FILE_TYPES)


class EventOutput(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        PODCAST = "podcast", _("Podcast")
        PRESENTATION = "presentation", _("Presentation")
        RECORDING = "recording", _("Webinar recording")

    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="outputs"
    )
    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=output_file_name,
        max_length=200,
        blank=True,
        validators=[FileTypeValidator(OUTPUT_FILE_TYPES)],
    )
    description = models.TextField(_("description"), blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("event output")
        verbose_name_plural = _("event outputs")

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A personal iCal feed URL; revoking replaces the token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"feed of {self.user}"


class AgendaItem(models.Model):
    """One session of an event's programme."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("session"), max_length=200)
    speakers = models.CharField(_("speakers"), max_length=300, blank=True)
    room = models.CharField(_("room"), max_length=150, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="agenda_item_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title


class TrainingTarget(models.Model):
    """The yearly mentor training hours a coordinator set (settings' default otherwise)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("training hours target")
        verbose_name_plural = _("training hours targets")

    def __str__(self):
        return f"{self.year}: {self.hours} h"
