"""Outcomes of the network: teacher students' placements and hires, the programme's goals and
deliverables, feedback on contacts and events, and curriculum proposals from VET."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry

# Teacher students and their path ---------------------------------------------------------


class TeacherStudent(models.Model):
    """A teacher student of a VTE group. No account; the name is optional and a pseudonymous
    reference (e.g. "Student A") is enough for the figures."""

    vte_group = models.ForeignKey(
        "colleges.VTEGroup",
        on_delete=models.CASCADE,
        related_name="teacher_students",
        verbose_name=_("VTE group"),
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        help_text=_("A pseudonymous reference such as “Student A” is enough."),
    )
    name = models.CharField(_("name (optional)"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reference", "id"]
        verbose_name = _("teacher student")
        verbose_name_plural = _("teacher students")
        constraints = [
            models.UniqueConstraint(
                fields=["vte_group", "reference"], name="unique_student_reference_per_group"
            )
        ]

    def __str__(self):
        return self.name or self.reference


class Placement(models.Model):
    """A training period of a teacher student at a partner college."""

    student = models.ForeignKey(
        TeacherStudent,
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("teacher student"),
    )
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("college"),
    )
    field = models.ForeignKey(
        "colleges.VocationalField",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("vocational field"),
    )
    mentor = models.ForeignKey(
        "mentors.Mentor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("coordinating mentor"),
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    contacts = models.ManyToManyField(
        "mentors.Contact", blank=True, related_name="placements", verbose_name=_("contacts")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["starts_on"]),
            models.Index(fields=["college", "starts_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="placement_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.student} @ {self.college} {self.starts_on}"


class StudentOutcome(models.Model):
    """Where a teacher student's path led: hired, offered a job, or further contact."""

    class Kind(models.TextChoices):
        HIRED = "hired", _("Hired")
        OFFERED = "offered", _("Offered a job")
        FURTHER_CONTACT = "further", _("Further contact")

    student = models.ForeignKey(
        TeacherStudent,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("teacher student"),
    )
    kind = models.CharField(_("outcome"), max_length=10, choices=Kind.choices)
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.PROTECT,
        related_name="student_outcomes",
        verbose_name=_("college"),
    )
    field = models.ForeignKey(
        "colleges.VocationalField",
        on_delete=models.PROTECT,
        related_name="student_outcomes",
        verbose_name=_("vocational field"),
    )
    date = models.DateField(_("date"))
    contacts = models.ManyToManyField(
        "mentors.Contact",
        blank=True,
        related_name="student_outcomes",
        verbose_name=_("contacts that led here"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("student outcome")
        verbose_name_plural = _("student outcomes")
        indexes = [
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["college", "date"]),
        ]

    def __str__(self):
        return f"{self.student}: {self.get_kind_display()} @ {self.college} {self.date}"


# Resources ---------------------------------------------------------------------------------


class ExtraResourceTask(models.Model):
    """A mentor task that may need resources beyond the mentor's ordinary work (the seed: tasks
    4 and 5 "might require extra resources"). "Extra resources should be an exception": the
    figures show the share of hours spent on them."""

    task = models.OneToOneField(
        "mentors.MentorTask",
        on_delete=models.CASCADE,
        related_name="extra_resources",
        verbose_name=_("mentor task"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["task__number"]
        verbose_name = _("task needing extra resources")
        verbose_name_plural = _("tasks needing extra resources")

    def __str__(self):
        return str(self.task)


# The programme's goals ---------------------------------------------------------------------


class Objective(models.Model):
    """One of the programme's numbered development goals."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_objectives",
        verbose_name=_("owner"),
    )
    achieved_on = models.DateField(_("achieved"), null=True, blank=True)
    at_risk = models.BooleanField(
        _("at risk"), default=False, help_text=_("The owner expects it to be late.")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="objectives", verbose_name=_("events")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self):
        return f"{self.number}. {self.title}"

    def is_late(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.achieved_on is None and self.deadline is not None and self.deadline < today


class Deliverable(models.Model):
    """A result the programme promised: PR1–PR3, the mentoring model, the articles."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PREPARATION = "preparation", _("In preparation")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")

    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("objective"),
    )
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("For example PR1."))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_deliverables",
        verbose_name=_("owner"),
    )
    at_risk = models.BooleanField(
        _("at risk"), default=False, help_text=_("The owner expects it to be late.")
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="deliverables", verbose_name=_("events")
    )
    outputs = models.ManyToManyField(
        "events.EventOutput", blank=True, related_name="deliverables", verbose_name=_("outputs")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "code", "id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self):
        return f"{self.code} {self.title}".strip()

    def is_late(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != self.Status.PUBLISHED and self.due_on is not None and self.due_on < today
        )


# Feedback ----------------------------------------------------------------------------------


class ContactFeedback(OutboxEntry):
    """ "Did this help?" asked of the teacher educator once their contact request was answered
    (owed as an email by the outbox; answered on the home page or by the email's link)."""

    request = models.OneToOneField(
        "mentors.ContactRequest", on_delete=models.CASCADE, related_name="feedback"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_feedback"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    what_came_of_it = models.TextField(_("what came of it"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact feedback")
        verbose_name_plural = _("contact feedback")
        indexes = [models.Index(fields=["recipient", "answered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="contact_feedback_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.request} – {self.score or '–'}"


class EventFeedback(OutboxEntry):
    """A short feedback form owed to an attendee after an event."""

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="feedback"
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event feedback")
        verbose_name_plural = _("event feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="event_feedback_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.registration_id} – {self.score or '–'}"


# Curriculum influence ----------------------------------------------------------------------


class CurriculumProposal(models.Model):
    """What a contact tagged "curriculum input" proposed, and what teacher education did."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONSIDERING = "considering", _("Under consideration")
        TAKEN_UP = "taken_up", _("Taken up")
        DECLINED = "declined", _("Declined")

    contact = models.OneToOneField(
        "mentors.Contact", on_delete=models.CASCADE, related_name="curriculum_proposal"
    )
    proposal = models.TextField(_("what was proposed"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    change = models.TextField(_("what changed in teacher education"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("curriculum proposal")
        verbose_name_plural = _("curriculum proposals")
        indexes = [models.Index(fields=["status", "decided_at"])]

    def __str__(self):
        return self.proposal[:60]


# Writes to these change the dashboard's and the report's figures (portal.dashboard.cache).
OUTCOME_MODELS = [
    TeacherStudent,
    Placement,
    StudentOutcome,
    ExtraResourceTask,
    Objective,
    Deliverable,
    ContactFeedback,
    EventFeedback,
    CurriculumProposal,
]
