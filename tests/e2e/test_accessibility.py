"""axe-core on every page each role can reach, with the demo network loaded.

Two tests, each for about half the pages, so that parallel test processes share the walk
(seed_demo takes seconds, so not one test per role). Each loads the demo network and walks its
roles' pages (tests/demo_pages.py): the navigation entries plus the detail and form pages
behind them. Screenshots at 375 px and 1280 px (E2E_SCREENSHOTS) are written once per page,
by the first role in ROLES that reaches it.
"""

import pytest

from leadvet import roles
from portal.demo.content import DEMO_PASSWORD
from tests.demo_pages import PAGES, ROLES, load_demo_network, pages_by_role
from tests.e2e.conftest import (
    check_accessibility,
    fits_or_what_sticks_out,
    resize,
    screenshots,
    wait_for_path,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")


# The two halves of the walk: the coordinator's 38 pages and the respondent's, the other
# roles' 64.
HALVES = {
    "coordinator-and-respondent": (roles.COORDINATOR, "respondent"),
    "other-roles": (
        roles.COLLEGE_COORDINATOR,
        roles.TEACHER_EDUCATOR,
        roles.MENTOR,
        roles.STEERING,
    ),
}


@pytest.mark.parametrize("half", HALVES)
def test_every_page_each_role_reaches_has_no_serious_accessibility_violation(
    browser, live_server, half
):
    logins = load_demo_network()
    pages = pages_by_role()
    violations: dict[str, list] = {}
    for role in HALVES[half]:
        # A page is photographed by the first role that reaches it.
        earlier = {name for other in ROLES[: ROLES.index(role)] for name, _url in pages[other]}
        checked = 0
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        if role in logins:
            _log_in(page, logins[role], DEMO_PASSWORD)
        for name, url in pages[role]:
            response = page.goto(url)
            if response.status != 200:
                violations[f"{role} {name} {url}"] = f"HTTP {response.status}"
                continue
            found = check_accessibility(page)
            checked += 1
            if found:
                violations[f"{role} {name} {url}"] = found
            if name not in earlier:
                earlier.add(name)
                screenshots(page, name)
                resize(page, 375)
                wide = fits_or_what_sticks_out(page)
                resize(page, 1280)
                if wide:
                    violations[f"{role} {name} {url} at 375 px"] = wide
        context.close()
        assert checked == PAGES[role] or violations, f"{role}: {checked} pages checked"

    assert not violations, "\n".join(f"{page}: {found}" for page, found in violations.items())
