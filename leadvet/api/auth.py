"""REST framework authentication, permission and throttling for personal API tokens."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from leadvet.api.tokens import find_active_token
from leadvet.models import ApiToken


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer lv_…` with a token the user created on their account page."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after 'Bearer', with no spaces in it.")
            )
        token = find_active_token(header[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScope(permissions.BasePermission):
    """A read-only token may only read, whatever its user may do on the pages."""

    message = _("This token is read-only.")

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken) and not token.can_write:
            return request.method in permissions.SAFE_METHODS
        return True


class PerTokenRateThrottle(throttling.SimpleRateThrottle):
    """Each token has its own budget; session users are throttled per user."""

    scope = "token"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema (drf-spectacular finds it by target_class)."""

    target_class = "leadvet.api.auth.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from your account page: `Authorization: Bearer lv_…`",
        }
