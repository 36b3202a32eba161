"""The accessibility statement and the privacy notice: public pages whose text a coordinator
can change without a deploy, in each language; the portal's default text otherwise."""

from django.conf import settings
from django.db import transaction

from portal.models import LegalText

Kind = LegalText.Kind

# The default text of each page (a template that reads the settings in force).
DEFAULT_TEMPLATES = {
    Kind.ACCESSIBILITY: "portal/legal/accessibility_default.html",
    Kind.PRIVACY: "portal/legal/privacy_default.html",
}


def own_text(*, kind: str, language: str) -> LegalText | None:
    """The coordinators' own text of the page in `language`, if they wrote one."""
    return LegalText.objects.filter(kind=kind, language=language).first()


def facts_in_force() -> dict:
    """What the default texts state about this installation, read from its settings."""
    return {
        "organisation": settings.LEGAL_ORGANISATION,
        "privacy_contact": settings.PRIVACY_CONTACT_EMAIL,
        "accessibility_contact": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "contact_summary_years": settings.CONTACT_SUMMARY_RETENTION_YEARS,
        "invitation_days": settings.INVITATION_EXPIRY_DAYS,
        "anonymity_threshold": settings.SURVEY_ANONYMITY_THRESHOLD,
        "site_url": settings.SITE_URL,
    }


@transaction.atomic
def save_text(*, kind: str, language: str, body: str, user) -> LegalText | None:
    """Store the coordinators' text (who and when are kept on it); an empty text goes back to
    the default."""
    body = body.strip()
    if not body:
        LegalText.objects.filter(kind=kind, language=language).delete()
        return None
    text, _created = LegalText.objects.update_or_create(
        kind=kind, language=language, defaults={"body": body, "updated_by": user}
    )
    return text
