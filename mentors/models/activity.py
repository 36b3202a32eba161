"""What mentors do: availability, the contact log, contact requests, group assignments."""

import datetime

from django.conf import settings
from django.db import NotSupportedError, models, router, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

import mentors.models.rollups as rollups
from leadvet.signals import changed_in_bulk
from mentors.models.catalogue import MentorTask
from mentors.models.people import Mentor


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


class ContactQuerySet(models.QuerySet):
    """Writes to many contacts keep the rollups (mentors/models/rollups.py) in their
    transaction, and tell the figures' cache (`leadvet.signals.changed_in_bulk`), which no
    per-row signal does for them. (`bulk_update` writes through `update`.)"""

    # A count known without reading the rows (counted_as); a filter or slice counts anew.
    _known_count: int | None = None

    def counted_as(self, number: int) -> "ContactQuerySet":
        """These contacts, whose `count()` is `number`, known exactly from elsewhere (the
        rollups) by the caller. Only this queryset: its slices and filters count for
        themselves."""
        counted = self._chain()
        counted._known_count = number
        return counted

    def count(self) -> int:
        return super().count() if self._known_count is None else self._known_count

    def update(self, **kwargs):
        if not rollups.counted_fields_in(kwargs):
            return super().update(**kwargs)
        updated = 0
        moves_days = rollups.moves_last_contacts(kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            for batch in rollups.locked_batches(self):
                contacts = self.model._base_manager.using(self.db).filter(pk__in=batch)
                mentors = rollups.mentors_of(contacts) if moves_days else set()
                rollups.count_contacts(contacts, sign=-1)
                updated += models.QuerySet.update(contacts, **kwargs)
                rollups.count_contacts(contacts, sign=1)
                if moves_days:
                    mentors |= rollups.mentors_of(contacts)
                    rollups.refresh_last_contacts(mentors, using=self.db)
        changed_in_bulk.send(sender=self.model)
        return updated

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise NotSupportedError("Contacts skipped or updated on conflict cannot be counted.")
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            for batch in rollups.batches([contact.pk for contact in created]):
                rollups.count_contacts(
                    self.model._base_manager.using(self.db).filter(pk__in=batch), sign=1
                )
            rollups.refresh_last_contacts({contact.mentor_id for contact in created}, using=self.db)
        changed_in_bulk.send(sender=self.model)
        return created

    bulk_create.alters_data = True

    def delete(self):
        deleted, per_model = 0, {}
        with transaction.atomic(using=self.db, savepoint=False):
            for batch in rollups.locked_batches(self):
                contacts = self.model._base_manager.using(self.db).filter(pk__in=batch)
                mentors = rollups.mentors_of(contacts)
                rollups.count_contacts(contacts, sign=-1)
                count, counts = models.QuerySet.delete(contacts)
                rollups.refresh_last_contacts(mentors, using=self.db)
                deleted += count
                for label, number in counts.items():
                    per_model[label] = per_model.get(label, 0) + number
        return deleted, per_model

    delete.alters_data = True
    delete.queryset_only = True


class Contact(models.Model):
    """One logged contact: the heartbeat of the network.

    Saving or deleting one keeps the rollups in the same transaction (its stored row taken
    away, its new row added); so do ContactQuerySet's bulk writes.
    """

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

    # No single-column indexes on mentor, college and task: the (mentor, date), (college, date)
    # and (task, date) indexes below serve every lookup by them, the foreign keys' checks too.
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="contacts", db_index=False
    )
    # The mentor's college on the contact's date, so reports count it for the college of its day.
    college = models.ForeignKey(
        "colleges.PartnerCollege", on_delete=models.PROTECT, related_name="contacts", db_index=False
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
        MentorTask,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("mentor task"),
        db_index=False,
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
    # The key of the form or API call that logged it (leadvet.lib.idempotency): the same
    # form sent twice, or a retried call, finds this contact instead of logging another.
    idempotency_key = models.CharField(
        max_length=100, blank=True, default="", db_default="", editable=False
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        # Besides the primary key, the request's unique index (Contact.request) and the
        # idempotency key's partial one (empty on almost every row), one index per way in:
        indexes = [
            # A mentor's own log, newest first; their home page's figures, their last contact,
            # the nudges' "no contact since" (EXISTS per mentor), the graph's mentor-group edges:
            # the college and the VTE group included, so that on PostgreSQL the graph's contacts
            # per mentor and group are read from the index alone (an index-only scan of the 175
            # most active mentors' year: 16,000 contacts in 14,000 heap pages at EU scale).
            models.Index(
                fields=["mentor", "-date"],
                include=["college", "vte_group"],
                name="mentors_contact_mentor_date",
            ),
            # A college's log newest first (college coordinators), the college list's and
            # detail's recent contacts.
            models.Index(fields=["college", "date"]),
            # The network's log filtered by task, newest first; a task's contacts.
            models.Index(fields=["task", "date"]),
            # The network's log newest first, and every aggregate over a period (the dashboard's
            # and report's period counts, breakdowns, rankings, contact minutes): the columns
            # they read are in the index, so on PostgreSQL they read it alone (an index-only
            # scan: `generate_network` and autovacuum keep the visibility map set). SQLite has
            # no INCLUDE: there it is the plain (date, id) index. The id is a key column: the
            # log's order (newest first, then the last logged) reads its first page's rows
            # from the index, not every contact of the newest day, sorted.
            models.Index(
                fields=["date", "id"],
                include=[
                    "mentor",
                    "college",
                    "task",
                    "counterpart_kind",
                    "duration_minutes",
                    "placement",
                    "recruitment_lead",
                    "curriculum_input",
                    "wellbeing_insight",
                    "other_outcome",
                ],
                name="mentors_contact_date_covering",
            ),
            # vte_group keeps the foreign key's own index: a group's contacts, SET NULL on delete.
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=600), name="contact_duration_at_most_600"
            ),
            # The mentor is one user: one contact per (user, key).
            models.UniqueConstraint(
                fields=["mentor", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_contact_per_idempotency_key",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.mentor} – {self.task}"

    def save(self, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not rollups.counted_fields_in(update_fields):
            return super().save(**kwargs)
        using = kwargs.get("using") or router.db_for_write(Contact, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            stored = [] if self.pk is None else rollups.stored_rows(Contact, [self.pk], using=using)
            super().save(**kwargs)
            rollups.count_rows(stored, [rollups.row_of(self)], using=using)

    save.alters_data = True

    def delete(self, using=None, keep_parents=False):
        using = using or router.db_for_write(Contact, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            stored = rollups.stored_rows(Contact, [self.pk], using=using)
            deleted = super().delete(using=using, keep_parents=keep_parents)
            rollups.count_rows(stored, [], using=using)
        return deleted

    delete.alters_data = True

    @property
    def outcomes(self) -> list[str]:
        return [str(label) for field, label in self.OUTCOME_FIELDS if getattr(self, field)]


class ContactRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Indexed by the (requester, created_at) and (mentor, status) indexes below.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_requests_sent",
        db_index=False,
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.CASCADE, related_name="contact_requests", db_index=False
    )
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
            # A mentor's open requests (home page, reminders); a mentor's requests.
            models.Index(fields=["mentor", "status"]),
            # The reminders' and escalation's sweep of open requests by age.
            models.Index(fields=["status", "created_at"]),
            # A teacher educator's sent requests, newest first.
            models.Index(fields=["requester", "-created_at"]),
            # The dashboard's requests made in a period (mentors.selectors.figures).
            models.Index(fields=["created_at"]),
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


class ContactLinkUse(models.Model):
    """A signed link of an activity nudge that has been used: each link works once.

    The link itself is signed (mentors.services.contact_links) and carries its own random
    `nonce`; this row, unique on it, is what makes a second use (a replay, a forwarded email,
    a double click) find the link spent.
    """

    class Purpose(models.TextChoices):
        LOG = "log", _("Log a contact")
        PAUSE = "pause", _("No contacts this month")

    nonce = models.CharField(max_length=64, unique=True)
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="link_uses")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    used_at = models.DateTimeField(default=timezone.now)
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-used_at"]
        indexes = [models.Index(fields=["mentor", "purpose", "-used_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} – {self.mentor} ({self.used_at:%Y-%m-%d})"
