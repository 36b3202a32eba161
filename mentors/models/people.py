"""Mentors: profile, lifecycle, and membership of a college over time."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentors.models.catalogue import Language, MentorTask


def historical_relation_model(relation: str) -> type[models.Model]:
    """The table of a mentor relation's state per history record (e.g. "fields").

    django-simple-history names it HistoricalMentor_<relation>: one row per related object
    and record, with `history` pointing at the record and the through table's own columns.
    """
    return getattr(Mentor.history.model, relation).model


class Mentor(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ALUMNI = "alumni", _("Alumni")

    # Allowed lifecycle moves; everything else is refused by the service.
    TRANSITIONS = {
        Status.CANDIDATE: {Status.ACTIVE, Status.ALUMNI},
        Status.ACTIVE: {Status.PAUSED, Status.ALUMNI},
        Status.PAUSED: {Status.ACTIVE, Status.ALUMNI},
        Status.ALUMNI: {Status.ACTIVE},
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor",
        verbose_name=_("user"),
    )
    # The current membership, kept in step with MembershipPeriod by mentors.services.
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.PROTECT,
        related_name="mentors",
        verbose_name=_("college"),
    )
    unit = models.ForeignKey(
        "colleges.CollegeUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentors",
        verbose_name=_("unit"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE
    )
    official_status_date = models.DateField(
        _("date of official status"),
        null=True,
        blank=True,
        help_text=_("When the college confirmed the mentor's official status."),
    )
    fields = models.ManyToManyField(
        "colleges.VocationalField", blank=True, related_name="mentors", verbose_name=_("fields")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="mentors", verbose_name=_("languages")
    )
    tasks = models.ManyToManyField(
        MentorTask, blank=True, related_name="mentors", verbose_name=_("mentor tasks")
    )
    title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    contact_preferences = models.CharField(
        _("contact preferences"),
        max_length=300,
        blank=True,
        help_text=_("How and when teacher educators should contact you."),
    )
    capacity_groups = models.PositiveSmallIntegerField(
        _("groups at a time"),
        default=2,
        help_text=_("How many VTE groups the mentor can work with at the same time."),
    )
    trained_on = models.DateField(_("mentor training completed"), null=True, blank=True)
    nudges_paused = models.BooleanField(_("pause activity reminders"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Each history record keeps these relations' state too, so the detail page can show
    # "Fields: A → B". mentors.services writes them without a record per table write.
    HISTORY_RELATIONS = ("fields", "languages", "tasks")
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at"], m2m_fields=HISTORY_RELATIONS
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        indexes = [
            models.Index(fields=["status", "college"]),
            models.Index(fields=["college", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="active") | Q(official_status_date__isnull=False),
                name="active_mentor_has_official_status_date",
            )
        ]

    def __str__(self):
        return str(self.user)

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.email

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class StatusChange(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Mentor.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Mentor.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.mentor}: {self.from_status or '–'} → {self.to_status}"


class MembershipPeriod(models.Model):
    """A mentor belonged to this college (and unit) from start to end."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="memberships")
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        "colleges.CollegeUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["mentor", "-starts_on"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["mentor"], condition=Q(ends_on__isnull=True), name="one_open_membership"
            ),
        ]
        indexes = [models.Index(fields=["college", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.mentor} @ {self.college} {self.starts_on}–{self.ends_on or ''}"
