"""The network space: topics (ideas, questions, material, calls for mentors) and their posts,
people following topics and their digest emails, reports of posts, the chat-channel webhook."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry
from leadvet.lib.uploads import FileTypeValidator, safe_name

# What an attachment may be, by extension, and what its content must be (office documents
# are zip archives, never opened here).
ATTACHMENT_TYPES = {
    "pdf": ("pdf",),
    "docx": ("docx", "zip"),
    "pptx": ("pptx", "zip"),
    "xlsx": ("xlsx", "zip"),
    "odt": ("odt", "zip"),
    "odp": ("odp", "zip"),
    "ods": ("ods", "zip"),
    "png": ("png",),
    "jpg": ("jpg",),
    "jpeg": ("jpg",),
}


def attachment_name(instance, filename: str) -> str:
    return safe_name(filename, folder="space", extensions=ATTACHMENT_TYPES)


class Audience(models.TextChoices):
    NETWORK = "network", _("The whole network")
    COUNTRY = "country", _("One country")
    COLLEGE = "college", _("One college")
    GROUP = "group", _("One VTE group")


class Topic(models.Model):
    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        QUESTION = "question", _("Question")
        MATERIAL = "material", _("Material")
        CALL = "call", _("Call for mentors")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.IDEA)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("visible to"), max_length=10, choices=Audience.choices, default=Audience.NETWORK
    )
    country = models.ForeignKey(
        "colleges.Country",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("college"),
    )
    vte_group = models.ForeignKey(
        "colleges.VTEGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("VTE group"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Kept in step by space.services: the list sorts and counts without reading the posts.
    last_post_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # When the chat channel was told about the topic (at most once).
    webhook_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pinned", "-last_post_at"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["-pinned", "-last_post_at"]),
            models.Index(fields=["audience", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    audience="network",
                    country__isnull=True,
                    college__isnull=True,
                    vte_group__isnull=True,
                )
                | Q(
                    audience="country",
                    country__isnull=False,
                    college__isnull=True,
                    vte_group__isnull=True,
                )
                | Q(
                    audience="college",
                    country__isnull=True,
                    college__isnull=False,
                    vte_group__isnull=True,
                )
                | Q(
                    audience="group",
                    country__isnull=True,
                    college__isnull=True,
                    vte_group__isnull=False,
                ),
                name="space_topic_audience_target",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def audience_label(self) -> str:
        target = {
            Audience.COUNTRY: self.country,
            Audience.COLLEGE: self.college,
            Audience.GROUP: self.vte_group,
        }.get(self.audience)
        label = self.get_audience_display()
        return f"{label}: {target}" if target is not None else str(label)


class Post(models.Model):
    """The opening post of a topic or a reply to it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("text"), max_length=10_000)
    link = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("A web address to share (optional).")
    )
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_name,
        max_length=200,
        blank=True,
        validators=[FileTypeValidator(ATTACHMENT_TYPES)],
    )
    is_opening = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    # The author's data was erased (mentors.services.privacy): the text is gone.
    removed_at = models.DateTimeField(null=True, blank=True)
    announcement = models.ForeignKey(
        "mentors.Announcement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["topic", "created_at"]),
            models.Index(fields=["author", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["topic"], condition=Q(is_opening=True), name="space_one_opening_post"
            )
        ]

    def __str__(self):
        return f"{self.topic}: {self.body[:40]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def attachment_filename(self) -> str:
        # The stored name is "space/<random>-<slug>.<ext>": show the slug and extension.
        name = self.attachment.name.rpartition("/")[2]
        return name.partition("-")[2] or name


class Report(models.Model):
    """Someone reported a post to the coordinators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("what is wrong with it"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["resolved_at", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="space_one_report_per_person")
        ]

    def __str__(self):
        return f"{self.post_id}: {self.reason[:40]}"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("followed topic")
        verbose_name_plural = _("followed topics")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="space_follow_once")]

    def __str__(self):
        return f"{self.user_id} → {self.topic_id}"


class DigestChoice(models.Model):
    """How often a person gets the digest of the topics they follow (weekly unless chosen)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_digest"
    )
    frequency = models.CharField(
        _("digest email"), max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY
    )

    class Meta:
        verbose_name = _("digest choice")
        verbose_name_plural = _("digest choices")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"


class DigestEmail(OutboxEntry):
    """One digest owed or sent to one person for one period (the key: a day or a week)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=20)
    since = models.DateTimeField()
    until = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("digest email")
        verbose_name_plural = _("digest emails")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="space_one_digest_per_period")
        ]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.key} for {self.recipient_id}"


class Webhook(models.Model):
    """The Microsoft Teams or Slack incoming webhook told about new topics (one row, pk 1)."""

    url = models.URLField(_("incoming webhook address"), max_length=500, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("chat webhook")
        verbose_name_plural = _("chat webhooks")

    def __str__(self):
        return self.url or "-"
