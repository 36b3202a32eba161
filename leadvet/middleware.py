from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import Http404, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from psycopg.errors import QueryCanceled

from leadvet import roles
from leadvet.lib.validators import has_control_characters


class ControlCharactersInPathMiddleware:
    """No page of the portal has a control character in its path: such a path is a 404 (JSON
    under /api/, by leadvet.api.errors) before any view looks a token or key up with it. A
    NUL byte in a lookup is a server error on PostgreSQL, which cannot compare it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path_info, multiline=False):
            raise Http404
        return self.get_response(request)


class UserLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but a signed-in user's saved language wins.

    It sits after AuthenticationMiddleware so that request.user is known.
    """

    def process_request(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)


class RequireMfaMiddleware:
    """Members of the roles in settings.MFA_REQUIRED_ROLES must set up TOTP before anything else.

    Until they have an authenticator app they are sent to allauth's activation page; the
    two-factor pages themselves, re-authentication, logout, static files and the health check
    stay open so that they can do so (or leave).
    """

    OPEN_URL_NAMES = (
        "mfa_index",
        "account_reauthenticate",
        "account_logout",
        "account_login",
        "healthz",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up_mfa(request):
            messages.warning(
                request,
                _(
                    "Your role requires two-factor authentication: set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request) -> bool:
        required = settings.MFA_REQUIRED_ROLES
        user = getattr(request, "user", None)
        if not required or user is None or not user.is_authenticated:
            return False
        if request.path.startswith(self._open_prefixes()):
            return False
        if not roles.role_names(user) & set(required):
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    @staticmethod
    def _open_prefixes() -> tuple[str, ...]:
        urls = tuple(reverse(name) for name in RequireMfaMiddleware.OPEN_URL_NAMES)
        return (*urls, settings.STATIC_URL, settings.MEDIA_URL)


class UploadSizeLimitMiddleware:
    """Refuse a file upload larger than the portal takes before its body is read.

    Django would otherwise read the whole body (to a temporary file) before any form could
    look at the file's size. Form fields and the multipart framing get MULTIPART_OVERHEAD
    on top of MAX_UPLOAD_SIZE; each form still checks the file's own size. The API answers
    for itself (its parsers have their own limits).
    """

    MULTIPART_OVERHEAD = 64 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("POST", "PUT", "PATCH") and self._too_large(request):
            return render(
                request,
                "upload_too_large.html",
                {"max_size": settings.MAX_UPLOAD_SIZE, "back_url": request.get_full_path()},
                status=413,
            )
        return self.get_response(request)

    def _too_large(self, request) -> bool:
        if not request.content_type.startswith("multipart/") or request.path.startswith("/api/"):
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > settings.MAX_UPLOAD_SIZE + self.MULTIPART_OVERHEAD


class StatementTimeoutMiddleware:
    """A request whose SQL statement ran past DATABASE_STATEMENT_TIMEOUT (leadvet.web_limits)
    answers 503 with what to do instead, not a server error: JSON under /api/, else a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (
            isinstance(exception, OperationalError)
            and isinstance(exception.__cause__, QueryCanceled)
        ):
            return None
        limit = settings.DATABASE_STATEMENT_TIMEOUT
        if request.path.startswith("/api/"):
            message = _("The request needed more than %(seconds)s seconds of work.") % {
                "seconds": limit
            }
            return JsonResponse({"detail": message}, status=503)
        return render(
            request,
            "took_too_long.html",
            {"limit": limit, "back_url": request.get_full_path()},
            status=503,
        )
