"""Personal API tokens: creation, lookup and revocation (services for leadvet.ApiToken)."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from leadvet.models import ApiToken, User

TOKEN_PREFIX = "lv"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(*, user: User, name: str, can_write: bool) -> tuple[ApiToken, str]:
    """Return the token row and the raw secret, which is never stored and shown only once."""
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, token_hash=hash_token(raw), can_write=can_write
    )
    return token, raw


def revoke_token(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def find_active_token(raw: str) -> ApiToken | None:
    if not raw.startswith(f"{TOKEN_PREFIX}_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        # Touch at most once a minute so a busy integration does not write on every call.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def tokens_of(user: User):
    return ApiToken.objects.filter(user=user)
