"""Events of the network, registrations, reminders sent, and event outputs."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        DECLINED = "declined", _("Not attending")
        MAYBE = "maybe", _("Maybe")
        INVITED = "invited", _("Invited, no answer yet")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
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
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]
        indexes = [
            models.Index(fields=["event", "status", "registered_at"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"{self.user} @ {self.event} ({self.status})"

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
