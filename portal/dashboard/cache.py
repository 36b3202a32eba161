"""Cached figures: kept for at most five minutes per filter combination; every write to a model
behind the figures bumps a version number that is part of the cache key, so a write shows at once."""

import datetime
import hashlib
import time

from django.core.cache import cache
from django.utils import timezone

from events.models import Event, Registration
from mentors.models import Contact, ContactRequest, Mentor
from portal.dashboard.figures import build_figures
from portal.dashboard.periods import Filters
from surveys.models import Answer, Invitation, Response

CACHE_SECONDS = 5 * 60
VERSION_KEY = "dashboard:version"


def figures_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so an evicted counter never reuses an old number.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_figures_version(**kwargs) -> None:
    """Signal receiver: any write to the data behind the figures makes cached figures stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def figures_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str:
    """The key of these figures in the shared cache; it changes with every write (the version)
    and is also what the dashboard's rendered tables are cached under."""
    now = now or timezone.now()
    fingerprint = hashlib.sha256(
        repr((filters, timezone.localdate(now).isoformat())).encode()
    ).hexdigest()[:32]
    return f"dashboard:figures:{figures_version()}:{fingerprint}"


def cached_figures(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    catalogue: dict[int, dict] | None = None,
) -> dict:
    now = now or timezone.now()
    key = figures_cache_key(filters, now=now)
    figures = cache.get(key)
    if figures is None:
        figures = build_figures(filters, now=now, catalogue=catalogue)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def models_behind_figures() -> list:
    """The models whose writes bump the cache version (connected in PortalConfig.ready)."""
    return [Contact, Mentor, Registration, Event, Response, ContactRequest, Invitation, Answer]
