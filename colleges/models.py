"""Organisations of the network: partner colleges (VET), fields, and the VTE side."""

import zoneinfo

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Each country's default interface language and time zone by its ISO code (issue 23): a
# country saved without them gets these, any other English and the portal's zone.
NATIONAL_DEFAULTS: dict[str, tuple[str, str]] = {
    "FI": ("fi", "Europe/Helsinki"),
    "EE": ("et", "Europe/Tallinn"),
    "NL": ("nl", "Europe/Amsterdam"),
    "BE": ("nl", "Europe/Brussels"),
    "SE": ("sv", "Europe/Stockholm"),
    "NO": ("en", "Europe/Oslo"),
    "DK": ("en", "Europe/Copenhagen"),
    "IS": ("en", "Atlantic/Reykjavik"),
    "DE": ("en", "Europe/Berlin"),
    "AT": ("en", "Europe/Vienna"),
    "FR": ("en", "Europe/Paris"),
    "IE": ("en", "Europe/Dublin"),
    "LV": ("en", "Europe/Riga"),
    "LT": ("en", "Europe/Vilnius"),
    "PL": ("en", "Europe/Warsaw"),
    "ES": ("en", "Europe/Madrid"),
    "IT": ("en", "Europe/Rome"),
    "PT": ("en", "Europe/Lisbon"),
}


def time_zone_choices() -> list[tuple[str, str]]:
    """The time zones a country or an event may be in: Europe's (and Iceland's), by name."""
    zones = {
        zone
        for zone in zoneinfo.available_timezones()
        if zone.startswith("Europe/") or zone == "Atlantic/Reykjavik"
    }
    zones.add(settings.TIME_ZONE)
    return [(zone, zone.split("/", 1)[1].replace("_", " ")) for zone in sorted(zones)]


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone."), code="invalid")


class Country(models.Model):
    """A country of the network: its colleges, VTE institutions and country coordinators, and
    the language and time zone its new users and events start with."""

    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2"))
    name = models.CharField(_("name"), max_length=100, unique=True)
    language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        # Rows written without the field (older code, a migration's historical model) get "".
        db_default="",
        help_text=_("The language new users in this country get for pages and emails."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        default="",
        db_default="",
        validators=[validate_time_zone],
        help_text=_("Events in this country are in this time zone unless they say otherwise."),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_countries",
        verbose_name=_("country coordinators"),
        help_text=_(
            "People who run this country's colleges, mentors and figures in the portal "
            "(listing someone here gives them the country coordinator role)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        language, time_zone = NATIONAL_DEFAULTS.get(
            (self.code or "").upper(), (settings.LANGUAGE_CODE, settings.TIME_ZONE)
        )
        self.language = self.language or language
        self.time_zone = self.time_zone or time_zone
        super().save(*args, **kwargs)


class PartnerCollege(models.Model):
    """A vocational college (VET) that lends mentor teachers to the network."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="colleges", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    fields = models.ManyToManyField(
        "VocationalField", blank=True, related_name="colleges", verbose_name=_("vocational fields")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_colleges",
        verbose_name=_("college coordinators"),
        help_text=_("People who manage this college's mentors in the portal."),
    )
    is_active = models.BooleanField(_("active partner"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner college")
        verbose_name_plural = _("partner colleges")
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self):
        return self.name


class CollegeUnit(models.Model):
    college = models.ForeignKey(
        PartnerCollege, on_delete=models.CASCADE, related_name="units", verbose_name=_("college")
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["college__name", "name"]
        verbose_name = _("college unit")
        verbose_name_plural = _("college units")
        constraints = [
            models.UniqueConstraint(fields=["college", "name"], name="unique_unit_name_per_college")
        ]

    def __str__(self):
        return f"{self.college} – {self.name}"


class VocationalField(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    is_shortage = models.BooleanField(
        _("shortage field"),
        default=False,
        help_text=_("Teachers are short in this field; the network tries to bring them here."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vocational field")
        verbose_name_plural = _("vocational fields")

    def __str__(self):
        return self.name


class VTEInstitution(models.Model):
    """A vocational teacher education unit, such as Haaga-Helia's."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="vte_institutions",
        verbose_name=_("country"),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("VTE institution")
        verbose_name_plural = _("VTE institutions")

    def __str__(self):
        return self.name


def group_language_choices() -> list[tuple[str, str]]:
    """The languages a VTE group may study in: ISO 639-1 codes (as mentors.Language.code),
    named in the reader's language, by name."""
    return sorted(
        ((code, str(_(name))) for code, name in global_settings.LANGUAGES if len(code) == 2),
        key=lambda choice: choice[1],
    )


class VTEGroup(models.Model):
    """A group of teacher students led by a teacher educator for a term."""

    institution = models.ForeignKey(
        VTEInstitution,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("name"), max_length=150)
    teacher_educator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vte_groups",
        verbose_name=_("teacher educator"),
    )
    term = models.CharField(_("term"), max_length=40, help_text=_("For example “Autumn 2024”."))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    field = models.ForeignKey(
        VocationalField,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vte_groups",
        verbose_name=_("vocational field"),
    )
    size = models.PositiveIntegerField(_("number of teacher students"), default=0)
    language = models.CharField(
        _("language of the group"),
        max_length=8,
        blank=True,
        default="",
        help_text=_(
            "The language the group studies in; mentor suggestions favour mentors who speak it."
        ),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("VTE group")
        verbose_name_plural = _("VTE groups")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name", "term"], name="unique_group_per_term"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="vte_group_term_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["teacher_educator", "closed_at"])]

    def __str__(self):
        return f"{self.name} ({self.term})"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def language_name(self) -> str:
        """The group's language in the reader's language ("" when not given)."""
        return dict(group_language_choices()).get(self.language, self.language)
