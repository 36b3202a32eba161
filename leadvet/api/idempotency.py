"""The `Idempotency-Key` header of the API's writes (base floor: no app imports)."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions

from leadvet.lib.idempotency import HEADER, MAX_LENGTH, validate_key

PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        f"Any unique string of 1–{MAX_LENGTH} visible ASCII characters (a UUID will do). "
        "A retry of the call with the same key, by the same user, creates nothing new: it "
        "answers with the status and body of the first call. Send a new key for each new "
        "object."
    ),
)
REPLAYED = "Idempotent-Replayed"


def key_of(request) -> str:
    """The request's key, or "" when it sends none; a malformed key is a 400 naming the
    header."""
    key = request.headers.get(HEADER)
    if key is None:
        return ""
    try:
        validate_key(key)
    except ValidationError as error:
        raise exceptions.ValidationError({HEADER: error.messages}) from error
    return key
