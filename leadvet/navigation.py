"""The main navigation, per role. Pages add themselves here, in one place."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leadvet import roles


@dataclass(frozen=True)
class NavEntry:
    label: Promise
    url_name: str
    allowed: Callable


NAV_ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", roles.has_any_role),
    NavEntry(_("Events"), "events:list", roles.has_any_role),
    NavEntry(_("Dashboard"), "dashboard", roles.can_see_dashboard),
    NavEntry(_("Reports"), "reports", roles.can_see_reports),
    NavEntry(_("Log a contact"), "mentors:contact_create", roles.is_mentor),
    NavEntry(_("My contacts"), "mentors:contact_list", roles.is_mentor),
    NavEntry(_("Availability"), "mentors:availability_list", roles.is_mentor),
    NavEntry(_("Find a mentor"), "mentors:directory", roles.can_find_mentors),
    NavEntry(
        _("Requests"),
        "mentors:request_list",
        lambda user: (
            roles.is_mentor(user)
            or roles.is_teacher_educator(user)
            or roles.is_coordinator(user)
            or roles.is_college_coordinator(user)
        ),
    ),
    NavEntry(_("Announcements"), "mentors:announcement_list", roles.is_coordinator),
    NavEntry(
        _("Colleges"),
        "colleges:college_list",
        lambda user: roles.can_manage_pool(user) or roles.is_steering(user),
    ),
    NavEntry(
        _("VTE groups"),
        "colleges:group_list",
        lambda user: roles.can_find_mentors(user) or roles.is_mentor(user),
    ),
    NavEntry(
        _("Surveys"),
        "surveys:list",
        lambda user: roles.can_see_reports(user) or roles.is_college_coordinator(user),
    ),
    NavEntry(_("Mentors"), "mentors:list", roles.can_manage_pool),
]


def nav_items(request) -> list[dict]:
    user = request.user
    items = []
    for entry in NAV_ENTRIES:
        if not entry.allowed(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        matches = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": matches})
    # Only the most specific match is current: /contacts/new/ is "Log a contact", not both.
    current = max((item for item in items if item["active"]), key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return items
