"""Alumni of the teacher education: the requests to join, and the emails owed about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leadvet.lib.outbox import OutboxEntry


class AlumniApplication(models.Model):
    """A graduate's request to join the network as an alumnus, and what became of it.

    An approved request holds the account it gave the alumni role to; proposing the alumnus
    as a mentor candidate links the candidate mentor, so the path alumnus → candidate →
    active mentor can be counted.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("email"))
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    college = models.ForeignKey(
        "colleges.PartnerCollege",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumni_applications",
        verbose_name=_("partner college"),
    )
    other_college = models.CharField(_("other college"), max_length=200, blank=True)
    field = models.ForeignKey(
        "colleges.VocationalField",
        on_delete=models.PROTECT,
        related_name="alumni_applications",
        verbose_name=_("vocational field"),
    )
    # The language the request was made in: its emails are written in it.
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumni_application",
        verbose_name=_("account"),
    )
    mentor = models.OneToOneField(
        "mentors.Mentor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alumni_application",
        verbose_name=_("mentor candidate"),
    )
    proposed_at = models.DateTimeField(_("proposed as a mentor"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("alumni request")
        verbose_name_plural = _("alumni requests")
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(Lower("email"), name="alumni_application_email"),
        ]
        constraints = [
            # One open request per address: a second one is not made (the form says the same).
            models.UniqueConstraint(
                Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_alumni_request_per_email",
            ),
            models.CheckConstraint(
                condition=Q(graduation_year__gte=1950) & Q(graduation_year__lte=2100),
                name="alumni_graduation_year_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def college_label(self) -> str:
        return self.college.name if self.college_id else self.other_college


class AlumniNotice(OutboxEntry):
    """An email owed to the person behind an alumni request (they may have no account)."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Request received")
        REPEATED = "repeated", _("Request already waiting")
        APPROVED = "approved", _("Request approved")
        DECLINED = "declined", _("Request declined")

    application = models.ForeignKey(
        AlumniApplication, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Once per request and kind; a repeated request once per day.
    key = models.CharField(max_length=20, default="1")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "key"], name="unique_alumni_notice"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.application}"
