"""Helpers shared by the events app's views: who may see and manage an event, pagination."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from events import permissions, selectors
from events.models import Event

PAGE_SIZE = 25


def require_events_access(user) -> None:
    if not permissions.can_see_events(user):
        raise PermissionDenied


def visible_event(request, pk: int) -> Event:
    """The event if the user may see it (404 otherwise, so its existence stays private)."""
    require_events_access(request.user)
    event = selectors.event_for_viewer(request.user, pk)
    if event is None:
        raise Http404
    return event


def managed_event(request, pk: int) -> Event:
    event = visible_event(request, pk)
    if not permissions.can_manage_events(request.user):
        raise PermissionDenied
    return event


def require_manager(user) -> None:
    if not permissions.can_manage_events(user):
        raise PermissionDenied


def paginate(request, queryset):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()
