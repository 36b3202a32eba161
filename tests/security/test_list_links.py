"""Whatever a list shows a user, the user may open: on the demo network, for every role,
every link to an object on every list page, and every item of every list in the API,
answers 200 to that user. (A list that shows more than its detail lets the user see is a
permission bug one way or the other.)
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from leadvet.models import User
from portal.api.urls import router
from tests.security.urls_walk import portal_urls

DEMO_USERS = {
    "mentor": "mentor@example.org",
    "teacher_educator": "educator@example.org",
    "steering": "steering@example.org",
    "coordinator": "coordinator@example.org",
    "college_coordinator": "college@example.org",
    "country_coordinator": "country@example.org",
}
# The pages that list objects (besides every URL named "…list"), with the home page and the
# dashboard, which list a user's open items and the follow-up list.
LIST_PAGES = [
    "home",
    "dashboard",
    "reports",
    "colleges:college_list",
    "colleges:field_list",
    "colleges:group_list",
    "events:list",
    "events:past",
    "events:outputs",
    "events:calendar",
    "mentors:list",
    "mentors:directory",
    "mentors:contact_list",
    "mentors:availability_list",
    "mentors:request_list",
    "mentors:announcement_list",
    "mentors:college_contact_list",
    "mentors:availability_overview",
    "surveys:list",
    "space:topic_list",
    "space:search",
    "space:digest_settings",
    "space:reports",
]
# Downloads (PDF, CSV, calendar files) are no object's page; the permission matrix covers them.
DOWNLOADS = {
    "surveys:results_pdf",
    "surveys:export",
    "events:ics",
    "events:attendees_csv",
    "report_export",
    "space:post_attachment",
}
API_LISTS = [f"{basename}-list" for _prefix, _viewset, basename in router.registry]


class _MainLinks(HTMLParser):
    """The links inside the page's <main> (not the navigation or the footer)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1


def _object_links(html: str) -> set[str]:
    """Links to one object: the URL names an object by a keyword (pk, token, …)."""
    parser = _MainLinks()
    parser.feed(html)
    found = set()
    for href in parser.links:
        path = urlsplit(href).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.kwargs and match.view_name not in DOWNLOADS:
            found.add(path)
    return found


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--force", verbosity=0)
    return {role: User.objects.get(email=email) for role, email in DEMO_USERS.items()}


def test_every_list_page_and_api_list_is_walked():
    urls = portal_urls()
    lists = {name for name, (route, _pattern) in urls.items() if name.endswith("list")}
    pages = {name for name in lists if not urls[name][0].startswith("api/")}
    assert pages <= set(LIST_PAGES)
    assert lists - pages == set(API_LISTS)


@pytest.mark.slow
def test_every_object_a_list_page_links_to_opens_for_the_user(demo):
    broken, opened = [], 0
    for role, user in demo.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        links: dict[str, str] = {}
        for name in LIST_PAGES:
            response = client.get(reverse(name))
            if response.status_code != 200:
                continue  # not this role's page (the permission matrix says which)
            for link in _object_links(response.content.decode()):
                links.setdefault(link, name)
        for link, page in sorted(links.items()):
            status = client.get(link).status_code
            opened += 1
            if status != 200:
                broken.append(f"{role}: {page} links to {link}, which answers {status}")
    assert opened > 200
    assert not broken, "\n".join(broken)


@pytest.mark.slow
def test_every_item_of_every_api_list_opens_for_the_user(demo):
    broken, opened = [], 0
    for role, user in demo.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for name in API_LISTS:
            response = client.get(reverse(name))
            if response.status_code != 200:
                continue
            basename = name.removesuffix("-list")
            for item in response.json()["results"]:
                url = reverse(f"{basename}-detail", args=[item["id"]])
                status = client.get(url).status_code
                opened += 1
                if status != 200:
                    broken.append(f"{role}: {name} lists {url}, which answers {status}")
    assert opened > 200
    assert not broken, "\n".join(broken)
