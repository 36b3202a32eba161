"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

No browser is ever downloaded. Where /usr/bin/chromium is missing the tests skip on a
developer's machine, but in CI (CI=true) they fail: there they must run.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary blocking calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def log_in(page, password):
    def _log_in(user):
        verify_email(user)
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        wait_for_path(page, "/")

    return _log_in


def verify_email(user) -> None:
    """allauth asks for a confirmed address before it lets anyone in."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def wait_for_path(page, path: str) -> None:
    """Wait until the page shows `path` (a glob like "**/" would match the login page too)."""
    page.wait_for_url(lambda url: urlsplit(url).path == path)


def check_accessibility(page) -> list[dict]:
    """Run axe-core in the page; return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def screenshots(page, name: str) -> None:
    """Write the page at phone and desktop width to test-artifacts/, for a person to look at,
    when E2E_SCREENSHOTS is set (`make test PYTEST_ARGS=tests/e2e E2E_SCREENSHOTS=1`): the
    pictures assert nothing and encoding them is most of a walk's work."""
    if not os.environ.get("E2E_SCREENSHOTS"):
        return
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (375, 1280):
        resize(page, width)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    resize(page, 1280)


# The elements that stick out of a phone-wide page (their parent still fits), which make the
# whole page scroll sideways. A wide table inside .table-responsive scrolls on its own: fine,
# as long as the keyboard can reach its box to scroll it.
SIDEWAYS_SCROLL = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const box of document.querySelectorAll(".table-responsive")) {
        if (box.scrollWidth > box.clientWidth + 1 && box.tabIndex < 0) out.push("a scrolling table without a tab stop");
    }
    if (document.documentElement.scrollWidth <= width) return out;
    for (const el of document.body.querySelectorAll("*")) {
        const right = el.getBoundingClientRect().right;
        const parent = el.parentElement.getBoundingClientRect().right;
        const scrollBox = getComputedStyle(el.parentElement).overflowX !== "visible";
        if (right > width + 1 && parent <= width + 1 && !scrollBox) {
            out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join("."));
        }
    }
    return out.length ? out.slice(0, 5) : ["the page is " + document.documentElement.scrollWidth + " px wide"];
}"""


def fits_or_what_sticks_out(page) -> list[str]:
    """What sticks out at the present width, once the page has settled: charts redraw at
    their new width in a resize observer's callback, which a busy machine may run a few
    frames late, so wait (up to 5 s) for the page to fit before naming what does not."""
    # Polled from here: Playwright's wait_for_function would evaluate a string in the page,
    # which the portal's Content Security Policy (no eval) refuses.
    for _ in range(50):
        found = page.evaluate(SIDEWAYS_SCROLL)
        if not found:
            return []
        page.evaluate("() => new Promise(done => setTimeout(done, 100))")
    return found


def resize(page, width: int) -> None:
    """Change the viewport width and let responsive charts redraw before anything is measured."""
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def tab_to(page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible text is `name`, as a keyboard user would.

    Fails when `name` cannot be reached by Tab: an element the keyboard cannot reach is a bug.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
                return (el.getAttribute("aria-label") || label || el.innerText || el.value || "").trim();
            }"""
        )
        if focused == name or focused.rstrip("*").strip() == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def log_in_with_keyboard(page, user, password: str) -> None:
    verify_email(user)
    page.goto("/accounts/login/")
    tab_to(page, "Email")
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    wait_for_path(page, "/")


def nav_to(page, name: str) -> None:
    """Follow a main-navigation link, opening its menu first when it sits in one."""
    nav = page.get_by_role("navigation", name="Main navigation")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        # A closed menu's links are hidden, and role queries skip hidden elements: find it by CSS.
        nav.locator(
            f'li.dropdown:has(a.dropdown-item:text-is("{name}")) > .dropdown-toggle'
        ).click()
    link.click()


def log_out(page) -> None:
    page.locator("#nav-account").click()
    page.get_by_role("button", name="Log out").click()


def log_out_with_keyboard(page) -> None:
    """The account menu: Tab to its button, open it with Enter, Tab on to "Log out"."""
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "nav-account":
            break
    else:
        raise AssertionError("the account menu cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    tab_to(page, "Log out")
    page.keyboard.press("Enter")
