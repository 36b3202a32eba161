"""Accounts (the user logs in by email; roles are Django groups, see leadvet.roles), API
tokens, the audit log, the account emails and email opt-outs of every person, and the files
made for a person in the background (Job, leadvet.lib.jobs)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry


class EmailUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Pages and emails are shown in this language."),
    )
    # last_login moves on every sign-in; reminders to act wait for the first one.
    first_login_at = models.DateTimeField(_("first signed in"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Besides the email's unique index (and, on PostgreSQL, Django's LIKE index beside it):
        indexes = [
            # The import's check of which addresses already have an account and an import's
            # mentors: LOWER(email) IN (…), 900 addresses a query.
            models.Index(Lower("email"), name="user_email_lower"),
            # Finding one person by address in any case (`email__iexact` is
            # UPPER(email) = UPPER(…)): a first single sign-on, account emails, the mentor and
            # invitation forms, alumni requests. (allauth's own sign-in matches the lowercased
            # address exactly: the unique index.)
            models.Index(Upper("email"), name="user_email_upper"),
            # People in name order (the mentor list, its API, exports): a page reads the first
            # names of the index and their mentors, not every mentor joined and sorted.
            models.Index(fields=["last_name", "first_name"], name="user_name_order"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    can_write = models.BooleanField(_("read and write"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEvent(models.Model):
    """A sensitive action: who changed a role, exported personal data or anonymised someone.

    Written by leadvet.audit.record; read-only in the admin. The target is a description, not
    a foreign key, so the entry outlives the object; `subject` is the person the action was
    about, when it was about one (a role given, an anonymisation), so that their own data
    export finds it and their anonymisation reaches it (leadvet.audit.forget_person).
    """

    class Action(models.TextChoices):
        ROLE_ADDED = "role_added", _("Role added")
        ROLE_REMOVED = "role_removed", _("Role removed")
        EXPORT = "export", _("Export")
        ANONYMISATION = "anonymisation", _("Anonymisation")
        DECISION = "decision", _("Decision")
        BULK_INVITATION = "bulk_invitation", _("Invitations sent to many")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target = models.CharField(_("target"), max_length=300)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["action", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.target}"


class BulkEmail(models.TextChoices):
    """The emails sent alike to many people, which each person can turn off.

    Each carries a List-Unsubscribe link for its kind (leadvet.lib.mail) and is not sent to
    someone who turned its kind off (leadvet.lib.outbox). Emails about a person's own business
    (their registration, their contact request, their account) are not bulk and always go.
    """

    ANNOUNCEMENTS = "announcements", _("Announcements")
    AVAILABILITY_NUDGES = "availability_nudges", _("Reminders to update your availability")
    ACTIVITY_NUDGES = "activity_nudges", _("Reminders to log your contacts")
    FOLLOW_UP_DIGEST = "follow_up_digest", _("Weekly list of mentors to follow up")
    SURVEY_INVITATIONS = "survey_invitations", _("Survey invitations")
    SURVEY_REMINDERS = "survey_reminders", _("Survey reminders")
    MONTHLY_REPORT = "monthly_report", _("Monthly network report")
    SPACE_DIGEST = "space_digest", _("Digest of the topics you follow")


class EmailOptOut(models.Model):
    """Someone turned a kind of bulk email off: by the link in one, or on their profile.

    Kept by address, not by account, so that survey respondents invited by address, who have
    no account, can opt out too; an address is stored in lower case.
    """

    address = models.EmailField(_("email address"))
    kind = models.CharField(_("kind of email"), max_length=32, choices=BulkEmail.choices)
    created_at = models.DateTimeField(_("turned off at"), default=timezone.now)

    class Meta:
        ordering = ["address", "kind"]
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["address", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self):
        return f"{self.address}: {self.kind}"


class AccountEmail(OutboxEntry):
    """An account email allauth asks for (password reset, address confirmation, security
    notices), owed here and sent by the outbox like every other email (leadvet.lib.accounts).

    `context` holds what the email says that is not in the database (the link or code, the
    browser's IP address): it is emptied once the email is sent.
    """

    template = models.CharField(_("template"), max_length=80)
    address = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    context = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account email")
        verbose_name_plural = _("account emails")
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.template} → {self.address}"

    def on_sent(self, now):
        AccountEmail.objects.filter(pk=self.pk).update(context={})


class Job(models.Model):
    """A file made for one person in the background (leadvet.lib.jobs): an export, a PDF.

    The person asks on a page; a Celery worker makes the file into the file storage while the
    job's page shows its progress; the file is theirs to download (while they still may read
    what it holds) until `expires_at`, when the sweep deletes it and the row. `kind` names a
    registered kind (`jobs.register`), `params` what it needs to make the file again: the
    filters, the format, the object. A job still `queued` after a while lost its message (the
    broker was down): the sweep enqueues it again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="jobs/", max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="job_user_newest"),
            models.Index(fields=["status", "created_at"], name="job_status_created"),
            models.Index(fields=["expires_at"], name="job_expires"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("download_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, self.rows_done * 100 // self.rows_total)
