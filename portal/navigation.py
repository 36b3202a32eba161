"""The main navigation, per role. Pages add themselves here, in one place."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leadvet import roles
from outcomes import permissions as outcome_permissions
from practice import permissions as practice_permissions
from space import permissions as space_permissions


@dataclass(frozen=True)
class NavEntry:
    label: Promise
    url_name: str
    allowed: Callable
    group: str = ""  # entries of one group share a dropdown menu


# Menus that group entries, so the bar fits a laptop screen for users with many roles.
NAV_GROUPS = {
    "network": _("Network"),
    "activity": _("Activity"),
    "my-work": _("My work"),
}


NAV_ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "home", roles.has_any_role),
    NavEntry(_("Events"), "events:list", roles.has_any_role, "activity"),
    NavEntry(_("Dashboard"), "dashboard", roles.can_see_dashboard),
    NavEntry(_("Reports"), "reports", roles.can_see_reports),
    NavEntry(_("Log a contact"), "mentors:contact_create", roles.is_mentor, "my-work"),
    NavEntry(_("My contacts"), "mentors:contact_list", roles.is_mentor, "my-work"),
    NavEntry(_("Availability"), "mentors:availability_list", roles.is_mentor, "my-work"),
    NavEntry(_("My training"), "events:training", roles.is_mentor, "my-work"),
    NavEntry(_("Find a mentor"), "mentors:directory", roles.can_find_mentors, "network"),
    NavEntry(
        _("Requests"),
        "mentors:request_list",
        lambda user: (
            roles.is_mentor(user)
            or roles.is_teacher_educator(user)
            or roles.is_coordinator(user)
            or roles.is_college_coordinator(user)
        ),
        "activity",
    ),
    NavEntry(
        _("Announcements"),
        "mentors:announcement_list",
        lambda user: roles.is_coordinator(user) or roles.is_steering(user),
        "activity",
    ),
    NavEntry(
        _("Announcements"),
        "mentors:announcements_for_me",
        # Mentors read theirs on the home page, which links to all of them.
        lambda user: (
            roles.is_teacher_educator(user)
            and not (roles.is_coordinator(user) or roles.is_steering(user))
        ),
        "activity",
    ),
    NavEntry(_("Network space"), "space:topic_list", space_permissions.is_member, "activity"),
    NavEntry(_("Mentors"), "mentors:list", roles.can_manage_pool, "network"),
    NavEntry(_("Alumni"), "alumni:pool", roles.is_coordinator, "network"),
    NavEntry(_("My alumni details"), "alumni:my_details", roles.is_alumnus, "my-work"),
    NavEntry(
        _("Mentor availability"), "mentors:availability_overview", roles.can_manage_pool, "network"
    ),
    NavEntry(_("Contact log"), "mentors:college_contact_list", roles.can_manage_pool, "network"),
    NavEntry(
        _("Mentor training hours"), "events:training_overview", roles.can_manage_pool, "network"
    ),
    NavEntry(
        _("Colleges"),
        "colleges:college_list",
        lambda user: roles.can_manage_pool(user) or roles.is_steering(user),
        "network",
    ),
    NavEntry(
        _("VTE groups"),
        "colleges:group_list",
        lambda user: roles.can_find_mentors(user) or roles.is_mentor(user),
        "network",
    ),
    NavEntry(
        _("Surveys"),
        "surveys:list",
        lambda user: roles.can_see_reports(user) or roles.is_college_coordinator(user),
        "activity",
    ),
    # Outcomes, the programme's goals and network health (issue 24)
    NavEntry(
        _("Teacher students and outcomes"),
        "outcomes:index",
        outcome_permissions.can_record_outcomes,
        "activity",
    ),
    NavEntry(
        _("Curriculum proposals"),
        "outcomes:proposals",
        outcome_permissions.can_see_proposals,
        "activity",
    ),
    NavEntry(_("Programme goals"), "outcomes:goals", outcome_permissions.can_see_goals, "network"),
    # The state of the art: the eight tasks per country (issue 23)
    NavEntry(
        _("State of the art"), "practice:overview", practice_permissions.can_see_practice, "network"
    ),
    NavEntry(
        _("Network health"),
        "network_health",
        outcome_permissions.can_see_network_health,
        "network",
    ),
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
        items.append({"label": entry.label, "url": url, "active": matches, "group": entry.group})
    # Only the most specific match is current: /contacts/new/ is "Log a contact", not both.
    current = max(
        (item for item in items if item["active"]), key=lambda i: len(i["url"]), default=None
    )
    for item in items:
        item["active"] = item is current
    return items


def nav_menu(items: list[dict]) -> list[dict]:
    """The bar: single entries stay links; a group with two or more entries becomes a menu
    placed where its first entry stands."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item["group"]] = counts.get(item["group"], 0) + 1
    menu, menus = [], {}
    for item in items:
        group = item["group"]
        if not group or counts[group] < 2:
            menu.append({**item, "children": None})
        elif group in menus:
            menus[group]["children"].append(item)
            menus[group]["active"] = menus[group]["active"] or item["active"]
        else:
            menus[group] = {
                "label": NAV_GROUPS[group],
                "id": f"nav-{group}",
                "active": item["active"],
                "children": [item],
            }
            menu.append(menus[group])
    return menu
