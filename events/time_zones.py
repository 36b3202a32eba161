"""Events in their own time zone (issue 23): what a zone is called, and whose zone a reader has.

An event's times are shown in its zone, named ("14:00 Tallinn time"), and, when the reader's
zone differs, also in theirs ("13:00 your time"). A member's zone is their country's
(colleges.selectors.time_zone_of_user), else the portal's; a public participant's is the
zone of the country they named on the form; an anonymous reader's is not known on the server
(static/js/events.js adds the browser's).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from colleges.models import NATIONAL_DEFAULTS
from colleges.selectors import time_zone_of_user, time_zones_of_users

# The zones of the network's countries, each named as a whole phrase: the name of a place
# bends in Finnish and Estonian ("Tallinnan aikaa", "Tallinna aja järgi").
ZONE_LABELS = {
    "Europe/Helsinki": _("Helsinki time"),
    "Europe/Tallinn": _("Tallinn time"),
    "Europe/Amsterdam": _("Amsterdam time"),
    "Europe/Brussels": _("Brussels time"),
    "Europe/Stockholm": _("Stockholm time"),
    "Europe/Berlin": _("Berlin time"),
}


def zone_label(zone: str) -> str:
    """ "Tallinn time"; a zone without a phrase of its own by its place's name."""
    if zone in ZONE_LABELS:
        return str(ZONE_LABELS[zone])
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(place)s time") % {"place": place}


def member_zone(user) -> str:
    """A signed-in member's zone: their country's, else the portal's."""
    return time_zone_of_user(user) or settings.TIME_ZONE


def recipient_zones(registrations) -> dict[int, str]:
    """Each registration's recipient's zone by registration id, for the emails: a member's
    country's (else the portal's), a public participant's named country's ("" unknown)."""
    registrations = list(registrations)
    members = time_zones_of_users(r.user_id for r in registrations if r.user_id)
    zones = {}
    for registration in registrations:
        if registration.user_id:
            zones[registration.pk] = members.get(registration.user_id, settings.TIME_ZONE)
        else:
            national = NATIONAL_DEFAULTS.get((registration.country or "").upper())
            zones[registration.pk] = national[1] if national else ""
    return zones
