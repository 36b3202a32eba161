"""The key pages at phone width (375 × 812): axe-core finds nothing serious, nothing makes the
page scroll sideways, and the collapsed main navigation works from the keyboard.

The walk over every page in test_accessibility.py runs axe at 1280 px; a phone shows a
different layout (the menu folds behind its toggler, tables scroll, columns stack), so the
pages people open most on a phone are checked again at that size.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from portal.demo.content import COORDINATOR_EMAIL, DEMO_PASSWORD, MENTOR_EMAIL
from tests.e2e.conftest import (
    ARTIFACTS,
    check_accessibility,
    fits_or_what_sticks_out,
    wait_for_path,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}

# Where keyboard focus is, and whether a sighted user can see it there.
FOCUSED = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {
        inMenu: !!el.closest("#main-nav"),
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.getAttribute("aria-label") || "").trim(),
        visible: box.width > 0 && box.height > 0 && box.right <= window.innerWidth + 1 && getComputedStyle(el).visibility !== "hidden",
    };
}"""


def _open_menu_with_keyboard(page) -> list[str]:
    """Tab to the menu toggler, open it with Enter, and Tab through the menu's entries.

    Returns the problems found; an empty list means a keyboard user can use the menu.
    """
    toggler = page.locator(".navbar-toggler")
    if not toggler.is_visible():
        return ["the menu is not collapsed behind a toggler at phone width"]
    page.locator("body").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('navbar-toggler')"):
            break
    else:
        return ["the menu toggler cannot be reached with the Tab key"]
    page.keyboard.press("Enter")
    page.locator("#main-nav.show").wait_for()
    problems = []
    if toggler.get_attribute("aria-expanded") != "true":
        problems.append("the opened toggler does not say aria-expanded=true")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inMenu"]:
            break
        if not focused["visible"]:
            problems.append(f"the menu entry {focused['text']!r} gets focus but cannot be seen")
        reached.append(focused["text"])
    if not reached:
        problems.append("Tab does not move into the opened menu")
    problems += _open_submenu_with_keyboard(page)
    # Enter on the toggler closes the menu again, as it opened it.
    toggler.focus()
    page.keyboard.press("Enter")
    page.locator("#main-nav:not(.show):not(.collapsing)").wait_for(state="attached")
    return problems


def _open_submenu_with_keyboard(page) -> list[str]:
    """In the opened menu, Enter on the first submenu's button opens it and Tab reaches its links."""
    submenus = page.locator("#main-nav .navbar-nav.me-auto .dropdown-toggle")
    if not submenus.count():
        return []
    button = submenus.first
    button.focus()
    page.keyboard.press("Enter")
    if button.get_attribute("aria-expanded") != "true":
        return [f"Enter does not open the submenu {button.inner_text()!r}"]
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    page.keyboard.press("Escape")
    if focused["tag"] != "a" or not focused["inMenu"]:
        return [
            f"Tab from the opened submenu {button.inner_text()!r} does not reach its first link"
        ]
    if not focused["visible"]:
        return [f"the submenu link {focused['text']!r} gets focus but cannot be seen"]
    return []


def _log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    wait_for_path(page, "/")


def test_key_pages_are_accessible_and_navigable_by_keyboard_on_a_phone(browser, live_server):
    call_command("seed_demo", "--force", verbosity=0)
    event = Event.objects.filter(registrations__isnull=False).order_by("-starts_at").first()
    pages = {
        None: [("login", reverse("account_login"))],
        MENTOR_EMAIL: [
            ("mentor-home", reverse("home")),
            ("event", reverse("events:detail", args=[event.pk])),
        ],
        COORDINATOR_EMAIL: [
            ("mentor-list", reverse("mentors:list")),
            ("event", reverse("events:detail", args=[event.pk])),
            ("dashboard", reverse("dashboard")),
        ],
    }
    problems: dict[str, object] = {}
    for email, urls in pages.items():
        context = browser.new_context(base_url=live_server.url, viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if email:
            _log_in(page, email)
        for name, url in urls:
            label = f"{email or 'anonymous'} {name} {url}"
            response = page.goto(url)
            assert response.status == 200, label
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(
                path=str(ARTIFACTS / f"phone-{name}-{email or 'anonymous'}.png"), full_page=True
            )
            if found := check_accessibility(page):
                problems[f"{label}: axe"] = found
            if wide := fits_or_what_sticks_out(page):
                problems[f"{label}: sideways scroll"] = wide
            if menu := _open_menu_with_keyboard(page):
                problems[f"{label}: menu"] = menu
        context.close()
    assert not problems, "\n".join(f"{where}: {found}" for where, found in problems.items())
