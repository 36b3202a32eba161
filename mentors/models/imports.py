"""Bulk imports of mentors from a spreadsheet."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MentorImport(models.Model):
    """An uploaded mentor file: checked by a Celery task (the dry run), then, once confirmed,
    created in batches by another."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        REFUSED = "refused", _("File refused")
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to import")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    filename = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows imported"), default=0)
    # The uploaded file until the worker has read it (then emptied): in the database, so any
    # worker can read it whatever machine took the upload.
    upload = models.BinaryField(default=b"", blank=True, editable=False)
    # Normalised rows (ids resolved) ready for the task; a list of dicts.
    rows = models.JSONField(default=list, blank=True)
    # Problems found in the dry run: [{"line": 3, "email": "...", "errors": ["..."]}]; a
    # refused file has one entry without a line.
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mentor import")
        verbose_name_plural = _("mentor imports")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else 100

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.INVALID,
            self.Status.REFUSED,
        }
