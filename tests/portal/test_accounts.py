import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from leadvet import roles
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified_mentor_user():
    user = user_with_role(roles.MENTOR, email="mentor@example.org", first_name="Mira")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_login_by_email_lands_on_home(client, verified_mentor_user, password):
    response = client.post(
        reverse("account_login"), {"login": "mentor@example.org", "password": password}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == verified_mentor_user
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Welcome, Mira" in response.content.decode()


def test_wrong_password_gets_allauths_message_not_an_error(client, verified_mentor_user):
    response = client.post(
        reverse("account_login"), {"login": "mentor@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message(client):
    response = client.post(
        reverse("account_login"), {"login": "ghost@example.org", "password": "x"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_logout_ends_the_session(client, verified_mentor_user):
    client.force_login(verified_mentor_user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    assert "closed" in response.content.decode().lower()
    from leadvet.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_home_names_the_users_roles(client):
    user = user_with_role(roles.STEERING)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert "Steering group" in response.content.decode()


def test_failed_logins_are_rate_limited(client, verified_mentor_user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "mentor@example.org", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "mentor@example.org", "password": "wrong"}
    )
    assert response.status_code == 429 or "Too many failed" in response.content.decode()


def test_home_lists_the_users_upcoming_events_and_surveys_waiting(client):
    from tests.factories import RegistrationFactory, SurveyInvitationFactory

    user = user_with_role(roles.MENTOR)
    registration = RegistrationFactory(user=user, event__title="Mentor training in May")
    invitation = SurveyInvitationFactory(user=user, survey__title="State of networking")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "Mentor training in May" in page
    assert reverse("events:detail", args=[registration.event.pk]) in page
    assert reverse("survey_respond", args=[invitation.token]) in page


def test_home_hides_surveys_already_answered(client):
    from tests.factories import SurveyInvitationFactory

    user = user_with_role(roles.MENTOR)
    SurveyInvitationFactory(user=user, survey__title="Answered survey", used=True)
    client.force_login(user)
    assert "Answered survey" not in client.get(reverse("home")).content.decode()


def test_home_page_query_count_does_not_grow_with_events(client, django_assert_max_num_queries):
    from tests.factories import RegistrationFactory

    user = user_with_role(roles.MENTOR)
    client.force_login(user)
    RegistrationFactory(user=user)
    with django_assert_max_num_queries(30) as captured:
        client.get(reverse("home"))
    few = len(captured)
    RegistrationFactory.create_batch(4, user=user)
    with django_assert_max_num_queries(few):
        client.get(reverse("home"))
