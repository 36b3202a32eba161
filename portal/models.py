"""The top floor's own records: which monthly steering reports were sent to whom, and which
dashboard version bumps a cache outage left owed."""

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
