import pytest

from leadvet import roles
from tests.e2e.conftest import check_accessibility, screenshots, wait_for_path
from tests.factories import user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_page_has_no_serious_accessibility_violations(page):
    page.goto("/accounts/login/")
    assert check_accessibility(page) == []
    screenshots(page, "login")


def test_mentor_logs_in_with_the_keyboard_and_lands_on_home(page, password):
    from allauth.account.models import EmailAddress

    user = user_with_role(roles.MENTOR, email="keyboard@example.org", first_name="Kaisa")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.get_by_label("Email").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    wait_for_path(page, "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Kaisa"
    assert check_accessibility(page) == []
    screenshots(page, "home-mentor")


def test_language_switch_in_the_browser(page, log_in):
    user = user_with_role(roles.COORDINATOR, first_name="Kim")
    log_in(user)
    page.get_by_label("Language").select_option("fi")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fi"
