"""System checks of the portal's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    """Every email's links are on SITE_URL, and mail clients' one-click unsubscribe (RFC 8058)
    needs an https link."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: links in emails should be https.",
            hint="Set SITE_URL to the portal's public https address.",
            id="leadvet.W001",
        )
    ]
