"""What the login page says about single sign-on."""

from django import template
from django.conf import settings

from leadvet import roles

register = template.Library()


@register.simple_tag
def sso_required_roles() -> list:
    """The translated names of the roles that must sign in through SSO, in role order."""
    required = set(settings.SSO_REQUIRED_ROLES)
    return [label for role, label in roles.ROLE_LABELS.items() if role in required]
