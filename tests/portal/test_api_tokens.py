import pytest
from django.urls import reverse

from leadvet import roles
from leadvet.api.tokens import hash_token
from leadvet.models import ApiToken
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return user_with_role(roles.COORDINATOR)


def create_token(client, user, *, can_write=False, name="HR sync"):
    client.force_login(user)
    response = client.post(
        reverse("api_token_create"), {"name": name, "can_write": "1" if can_write else "0"}
    )
    client.logout()
    return response.context["raw"]


def test_token_is_shown_once_and_only_its_hash_is_stored(client, user):
    raw = create_token(client, user)
    token = ApiToken.objects.get(user=user)
    assert token.token_hash == hash_token(raw)
    assert raw not in {token.prefix, token.token_hash, token.name}
    client.force_login(user)
    assert raw not in client.get(reverse("profile")).content.decode()


def test_token_authenticates_api_requests_as_its_user(client, user):
    raw = create_token(client, user)
    response = client.get("/api/v1/me/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["roles"] == [roles.COORDINATOR]
    assert response.json()["token_can_write"] is False


def test_read_only_token_cannot_write(client, user):
    raw = create_token(client, user)
    response = client.post("/api/v1/me/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403
    assert response.json()["detail"] == "This token is read-only."


def test_read_write_token_passes_the_scope_check(client, user):
    raw = create_token(client, user, can_write=True)
    response = client.post("/api/v1/me/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 405  # past authentication and scope: the endpoint only reads


def test_revoked_token_is_refused(client, user):
    raw = create_token(client, user)
    token = ApiToken.objects.get(user=user)
    client.force_login(user)
    client.post(reverse("api_token_revoke", args=[token.pk]))
    client.logout()
    response = client.get("/api/v1/me/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_unknown_token_is_refused_with_json(client):
    response = client.get("/api/v1/me/", headers={"Authorization": "Bearer lv_nope_nope"})
    assert response.status_code == 401
    assert response.json()["detail"] == "The token is unknown or revoked."


def test_nobody_revokes_another_users_token(client, user):
    create_token(client, user)
    token = ApiToken.objects.get(user=user)
    other = user_with_role(roles.COORDINATOR)
    client.force_login(other)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_token_without_a_name_is_not_created(client, user):
    client.force_login(user)
    response = client.post(reverse("api_token_create"), {"name": "", "can_write": "0"}, follow=True)
    assert not ApiToken.objects.exists()
    assert "give it a name" in response.content.decode()


def test_anonymous_api_request_is_refused(client):
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_throttling_is_per_token(client, user, settings):
    from rest_framework.settings import api_settings

    from leadvet.api.auth import PerTokenRateThrottle

    raw_a = create_token(client, user, name="a")
    raw_b = create_token(client, user, name="b")
    old_rates = PerTokenRateThrottle.THROTTLE_RATES
    PerTokenRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "2/hour"}
    try:
        from django.core.cache import cache

        cache.clear()
        statuses_a = [
            client.get("/api/v1/me/", headers={"Authorization": f"Bearer {raw_a}"}).status_code
            for _ in range(3)
        ]
        status_b = client.get(
            "/api/v1/me/", headers={"Authorization": f"Bearer {raw_b}"}
        ).status_code
    finally:
        PerTokenRateThrottle.THROTTLE_RATES = old_rates
    assert statuses_a == [200, 200, 429]
    assert status_b == 200


def test_schema_and_docs_are_served_from_packaged_files(client, user):
    client.force_login(user)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "<script>" not in docs  # no inline script under the CSP
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
