"""Reaching mentors: announcements, emails owed to users, invitations to the portal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry


class Announcement(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("All mentors")
        COUNTRY = "country", _("Mentors in one country")
        COLLEGE = "college", _("Mentors of one college")
        TEACHER_EDUCATORS = "teacher_educators", _("Teacher educators")
        EVERYONE = "everyone", _("All mentors and teacher educators")

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL
    )
    country = models.ForeignKey(
        "colleges.Country", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # When mentors see it and it is emailed: set at confirmation (the scheduled time, or then).
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    # A draft waits on its preview until confirmed; only confirmed ones are shown and sent.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    scheduled_for = models.DateTimeField(_("publish at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=["all", "teacher_educators", "everyone"])
                | Q(audience="country", country__isnull=False)
                | Q(audience="college", college__isnull=False),
                name="announcement_audience_target",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.confirmed_at is None

    def is_published(self, now=None) -> bool:
        return self.confirmed_at is not None and self.published_at <= (now or timezone.now())


class Notice(OutboxEntry):
    """A record of an email owed or sent to a mentor's user, one per (kind, key).

    The unique row makes a retried task, a second worker or a second sweep harmless.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        ANNOUNCEMENT = "announcement", _("Announcement")
        REQUEST_NEW = "request_new", _("New contact request")
        REQUEST_REMINDER = "request_reminder", _("Contact request reminder")
        REQUEST_ESCALATION = "request_escalation", _("Unanswered request to coordinators")
        REQUEST_ANSWER = "request_answer", _("Answer to a contact request")
        AVAILABILITY_NUDGE = "availability_nudge", _("Availability ran out")
        ACTIVITY_NUDGE = "activity_nudge", _("No contacts logged")
        FOLLOW_UP_DIGEST = "follow_up_digest", _("Weekly follow-up digest")

    kind = models.CharField(max_length=24, choices=Kind.choices)
    key = models.CharField(
        max_length=100, help_text="What the notice is about, e.g. a request id or a month."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="one_notice_per_key")
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.kind}:{self.key} → {self.recipient_id}"

    def on_sent(self, now):
        if self.kind == self.Kind.INVITATION:
            Invitation.objects.filter(user_id=self.recipient_id).update(sent_at=now)


class Invitation(models.Model):
    """An invitation to join the portal; the link carries `key` and expires."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation"
    )
    key = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.user} ({self.state})"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.expires_at <= timezone.now():
            return "expired"
        return "sent" if self.sent_at else "pending"
