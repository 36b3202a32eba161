"""Turn the services' Django ValidationErrors into REST framework 400 answers.

Services raise django.core.exceptions.ValidationError (with field names where they know
them); the API answers 400 with a JSON body naming the field, exactly as for a serializer
error. Everything else goes to REST framework's own handler.

Below: Django's error handlers, answering JSON for the API's paths.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def as_api_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {"non_field_errors": error.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    return drf_exception_handler(exc, context)


# Django's own error answers (no view matched, an error outside REST framework): JSON in the
# documented `{"detail": "…"}` shape under /api/, Django's HTML pages everywhere else.
# leadvet/urls.py installs them as handler400/403/404/500 (used when DEBUG is off).
API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(exception_class, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(exception_class.default_detail)}, status=status)


def bad_request(request, exception):
    if _is_api(request):
        return _json(exceptions.ParseError, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _json(exceptions.PermissionDenied, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _json(exceptions.NotFound, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json(exceptions.APIException, 500)
    return defaults.server_error(request)
