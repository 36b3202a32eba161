"""The catalogues a mentor's profile draws on: the eight mentor tasks and languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MentorTask(models.Model):
    """One of the eight mentor tasks of the LeadVET model."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"))
    groups_needing = models.ManyToManyField(
        "colleges.VTEGroup",
        blank=True,
        related_name="needed_tasks",
        verbose_name=_("VTE groups that need this task"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("mentor task")
        verbose_name_plural = _("mentor tasks")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Language(models.Model):
    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return self.name
