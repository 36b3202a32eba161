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
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active})
    return items
