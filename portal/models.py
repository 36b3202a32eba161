"""The top floor's own records: which monthly steering reports were sent to whom, which
dashboard version bumps a cache outage left owed, and the coordinators' own wording of the
legal pages."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry


class ReportDelivery(OutboxEntry):
    """The monthly steering report sent to one member for one month: each at most once.

    The unique row is claimed before sending and marked sent after, so a second run, a
    retry or a second worker sends nothing more.
    """

    month = models.DateField(_("month"), help_text=_("The first day of the reported month."))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_deliveries"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "recipient_id"]
        verbose_name = _("report delivery")
        verbose_name_plural = _("report deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "recipient"], name="one_report_per_month_and_recipient"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} → {self.recipient_id}"


class LegalText(models.Model):
    """A coordinator's own wording of the accessibility statement or the privacy notice in one
    language. Without one, the page shows the portal's default text (templates/portal/legal/)."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    body = models.TextField(
        _("text"),
        help_text=_("Plain text; an empty line starts a new paragraph."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_legal_text_per_language")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class OwedFiguresBump(models.Model):
    """A write to the data behind the dashboard's figures made while the shared cache could
    not be reached: the figures' version is owed a bump (portal.dashboard.cache)."""

    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("owed dashboard version bump")
        verbose_name_plural = _("owed dashboard version bumps")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S}"
