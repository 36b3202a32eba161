"""{% event_zones event as zones %}: the event's zone, its name, and the reader's zone when it
differs (see events.time_zones)."""

import zoneinfo

from django import template
from django.conf import settings

from events.time_zones import member_zone
from events.time_zones import zone_label as _zone_label

register = template.Library()


@register.simple_tag(takes_context=True)
def event_zones(context, event) -> dict:
    """`event`: the zone to show the times in; `label`: "Tallinn time"; `viewer`: the reader's
    zone when it is known and differs ("" otherwise). An email names its recipient's zone as
    `viewer_time_zone` in its context ("" unknown); a page reads the signed-in user's."""
    zone = _event_zone(event)
    if "viewer_time_zone" in context:
        viewer = context["viewer_time_zone"] or ""
    else:
        request = context.get("request")
        user = getattr(request, "user", None)
        viewer = member_zone(user) if user is not None and user.is_authenticated else ""
    return {
        "event": zone,
        "label": _zone_label(zone),
        "viewer": viewer if viewer and _clocks_differ(event, zone, viewer) else "",
    }


def _event_zone(event) -> str:
    """An event's zone; a template given something else (a dict of an email's preview) gets
    the portal's."""
    return getattr(event, "time_zone", "") or settings.TIME_ZONE


def _clocks_differ(event, zone: str, viewer: str) -> bool:
    """Whether the reader's clock shows another time than the event's at its start or end
    (Helsinki and Tallinn never do: no "your time" that repeats the same hour)."""
    moments = [getattr(event, name, None) for name in ("starts_at", "ends_at")]
    if viewer == zone or not all(moments):
        return False
    try:
        theirs, ours = zoneinfo.ZoneInfo(viewer), zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return any(
        moment.astimezone(theirs).utcoffset() != moment.astimezone(ours).utcoffset()
        for moment in moments
    )


@register.filter
def zone_label(zone: str) -> str:
    """ "Europe/Tallinn"|zone_label: "Tallinn time"."""
    return _zone_label(zone)
