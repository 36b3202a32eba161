"""{% event_zones event as zones %}: the event's zone, its name, and the reader's zone when it
differs (see events.time_zones)."""

import zoneinfo

from django import template

from events.time_zones import member_zone
from events.time_zones import zone_label as _zone_label

register = template.Library()


@register.simple_tag(takes_context=True)
def event_zones(context, event) -> dict:
    """`event`: the zone to show the times in; `label`: "Tallinn time"; `viewer`: the reader's
    zone when it is known and differs ("" otherwise). An email names its recipient's zone as
    `viewer_time_zone` in its context ("" unknown); a page reads the signed-in user's."""
    if "viewer_time_zone" in context:
        viewer = context["viewer_time_zone"] or ""
    else:
        request = context.get("request")
        user = getattr(request, "user", None)
        viewer = member_zone(user) if user is not None and user.is_authenticated else ""
    return {
        "event": event.time_zone,
        "label": _zone_label(event.time_zone),
        "viewer": viewer if viewer and _clocks_differ(event, viewer) else "",
    }


def _clocks_differ(event, viewer: str) -> bool:
    """Whether the reader's clock shows another time than the event's at its start or end
    (Helsinki and Tallinn never do: no "your time" that repeats the same hour)."""
    if viewer == event.time_zone:
        return False
    try:
        theirs = zoneinfo.ZoneInfo(viewer)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return any(
        moment.astimezone(theirs).utcoffset() != moment.astimezone(event.zone).utcoffset()
        for moment in (event.starts_at, event.ends_at)
    )


@register.filter
def zone_label(zone: str) -> str:
    """ "Europe/Tallinn"|zone_label: "Tallinn time"."""
    return _zone_label(zone)
