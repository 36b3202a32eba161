"""Mentor teachers and their activity: tasks, memberships, availability, contacts."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from leadvet.lib.outbox import OutboxEntry


def historical_relation_model(relation: str) -> type[models.Model]:
    """The table of a mentor relation's state per history record (e.g. "fields").

    django-simple-history names it HistoricalMentor_<relation>: one row per related object
    and record, with `history` pointing at the record and the through table's own columns.
    """
    return getattr(Mentor.history.model, relation).model


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


class WorkMode(models.TextChoices):
    ONSITE = "onsite", _("On site")
    REMOTE = "remote", _("Remote")
    BOTH = "both", _("On site or remote")


class Availability(models.Model):
    class Kind(models.TextChoices):
        AVAILABLE = "available", _("Available")
        AWAY = "away", _("Away")

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="availability")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AVAILABLE)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    hours_per_month = models.PositiveSmallIntegerField(_("hours per month"), default=0)
    tasks = models.ManyToManyField(
        MentorTask, blank=True, related_name="+", verbose_name=_("tasks")
    )
    mode = models.CharField(
        _("on site or remote"), max_length=8, choices=WorkMode.choices, default=WorkMode.BOTH
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["mentor", "starts_on"]
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="availability_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["kind", "starts_on", "ends_on"])]

    def __str__(self):
        return f"{self.mentor}: {self.get_kind_display()} {self.starts_on}–{self.ends_on}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class CounterpartKind(models.TextChoices):
    TEACHER_STUDENT = "teacher_student", _("Teacher student")
    TEACHER_EDUCATOR = "teacher_educator", _("Teacher educator")
    VTE_GROUP = "vte_group", _("VTE group")
    VET_LEADER = "vet_leader", _("VET leader")
    WORKING_LIFE = "working_life", _("Working-life representative")
    MENTOR = "mentor", _("Another mentor")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat / Teams")
    EVENT = "event", _("At an event")


class Contact(models.Model):
    """One logged contact: the heartbeat of the network."""

    OUTCOME_FIELDS = (
        ("placement", _("Student placement")),
        ("recruitment_lead", _("Recruitment lead")),
        ("curriculum_input", _("Curriculum input")),
        ("wellbeing_insight", _("Wellbeing insight")),
        ("other_outcome", _("Other")),
    )

    # What the mentor fills in when logging or editing a contact (form and service share it).
    EDITABLE_FIELDS = (
        "date",
        "counterpart_kind",
        "vte_group",
        "task",
        "channel",
        "duration_minutes",
        *(field for field, _label in OUTCOME_FIELDS),
        "is_formal",
        "summary",
    )

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="contacts")
    # The mentor's college on the contact's date, so reports count it for the college of its day.
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.PROTECT, related_name="contacts"
    )
    date = models.DateField(_("date"))
    counterpart_kind = models.CharField(
        _("contacted"), max_length=20, choices=CounterpartKind.choices
    )
    vte_group = models.ForeignKey(
        "colleges.VTEGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("VTE group"),
    )
    task = models.ForeignKey(
        MentorTask, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("mentor task")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    placement = models.BooleanField(_("student placement"), default=False)
    recruitment_lead = models.BooleanField(_("recruitment lead"), default=False)
    curriculum_input = models.BooleanField(_("curriculum input"), default=False)
    wellbeing_insight = models.BooleanField(_("wellbeing insight"), default=False)
    other_outcome = models.BooleanField(_("other outcome"), default=False)
    is_formal = models.BooleanField(_("formal"), default=False)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    request = models.OneToOneField(
        "ContactRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="contact"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["mentor", "-date"]),
            models.Index(fields=["date"]),
            models.Index(fields=["college", "date"]),
            models.Index(fields=["task", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=600), name="contact_duration_at_most_600"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.mentor} – {self.task}"

    @property
    def outcomes(self) -> list[str]:
        return [str(label) for field, label in self.OUTCOME_FIELDS if getattr(self, field)]


class ContactRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_requests_sent"
    )
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="contact_requests")
    topic = models.CharField(_("topic"), max_length=200)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    task = models.ForeignKey(
        MentorTask, on_delete=models.PROTECT, related_name="+", verbose_name=_("mentor task")
    )
    preferred_dates = models.CharField(_("preferred dates"), max_length=200, blank=True)
    vte_group = models.ForeignKey(
        "colleges.VTEGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_requests",
        verbose_name=_("VTE group"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    response_message = models.TextField(_("answer"), max_length=2000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["requester", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.topic} → {self.mentor}"


class GroupAssignment(models.Model):
    class Role(models.TextChoices):
        CONTACT_PERSON = "contact_person", _("Contact person")
        TRAINING_COORDINATOR = "training_coordinator", _("Training coordinator")
        EXPERT = "expert", _("Expert by experience")
        STUDY_VISIT_HOST = "study_visit_host", _("Study visit host")

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="assignments")
    vte_group = models.ForeignKey(
        "colleges.VTEGroup", on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(
        _("role"), max_length=24, choices=Role.choices, default=Role.CONTACT_PERSON
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("group assignment")
        verbose_name_plural = _("group assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "vte_group", "role"], name="unique_assignment_role"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.vte_group} ({self.get_role_display()})"


class Announcement(models.Model):
    class Audience(models.TextChoices):
        ALL = "all", _("All mentors")
        COUNTRY = "country", _("Mentors in one country")
        COLLEGE = "college", _("Mentors of one college")

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL
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
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="all")
                | Q(audience="country", country__isnull=False)
                | Q(audience="college", college__isnull=False),
                name="announcement_audience_target",
            )
        ]

    def __str__(self):
        return self.title


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


class MentorImport(models.Model):
    """An uploaded mentor file: validated rows, then created in batches by a Celery task."""

    class Status(models.TextChoices):
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
    # Normalised rows (ids resolved) ready for the task; a list of dicts.
    rows = models.JSONField(default=list, blank=True)
    # Problems found in the dry run: [{"line": 3, "email": "...", "errors": ["..."]}].
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
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.INVALID}
