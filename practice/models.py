"""The state of the art as a record: how each mentor task is used, per country or college.

Each `TaskPractice` is one dated assessment of one cell (country, college or none, task). The
cell's state on a day is its latest assessment from that day or before, so the rows are the
history: nothing is overwritten but an assessment made again on the same day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """In the order of the task-matrix survey's columns (surveys.models.DEFAULT_MATRIX_COLUMNS)."""

    SYSTEMATIC = "systematic", _("In systematic use")
    OCCASIONAL = "occasional", _("Occasional")
    POSSIBLE = "possible", _("Possible")
    NOT_IN_USE = "not_in_use", _("Not in use")


LEVEL_ORDER = [level.value for level in Level]


class TaskPractice(models.Model):
    class Source(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        SURVEY = "survey", _("Survey")
        SOURCE_MATERIAL = "source_material", _("LeadVET research")

    country = models.ForeignKey(
        "colleges.Country",
        on_delete=models.CASCADE,
        related_name="task_practices",
        verbose_name=_("country"),
    )
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="task_practices",
        verbose_name=_("college"),
    )
    task = models.ForeignKey(
        "mentors.MentorTask",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("mentor task"),
    )
    level = models.CharField(_("level of use"), max_length=12, choices=Level.choices)
    needs_extra_resources = models.BooleanField(_("needs extra resources"), default=False)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.COORDINATOR
    )
    survey = models.ForeignKey(
        "surveys.Survey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey round"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["country", "college", "task", "valid_from", "pk"]
        verbose_name = _("mentor task practice")
        verbose_name_plural = _("mentor task practices")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "task", "valid_from"],
                condition=Q(college__isnull=True),
                name="one_country_practice_per_day",
            ),
            models.UniqueConstraint(
                fields=["college", "task", "valid_from"],
                condition=Q(college__isnull=False),
                name="one_college_practice_per_day",
            ),
        ]
        indexes = [models.Index(fields=["country", "college", "valid_from"])]

    def __str__(self):
        place = self.college_id and str(self.college) or str(self.country)
        return f"{place}: {self.task} {self.level} ({self.valid_from})"
