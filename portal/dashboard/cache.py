"""Cached figures: kept for at most five minutes per filter combination; every write to a model
behind the figures bumps a version number that is part of the cache key, so a write shows at once.
The figures are built from small tables (the contact rollups), so a miss is cheap; the cache
still spares the other figures and the rendering, and concurrent misses of one key build it once
(`cached`: the first takes a short lock, the others wait for its result).

A write bumps the version twice: at once, in its transaction (a reader that then misses
builds from the database), and again when it commits, because a reader that missed between the
two may have built from the rows before the commit and kept them under the bumped version.

The version lives in the shared cache (Redis), which may be unreachable for a while:
- a reader then treats the cache as a miss: the figures are built from the database and not
  kept (not in one process's memory either, where another process's write could not reach them);
- a write's bump never raises into the write's transaction: it is owed in the database instead
  (`OwedFiguresBump`, in that transaction) and paid, the version bumped once for all of them,
  by the first process that reaches the cache again and by the sweep, so that figures cached
  before the outage are not served after it.
"""

import datetime
import hashlib
import logging
import time
import uuid
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from alumni.models import AlumniApplication
from events.models import Event, Registration
from leadvet.lib.cache import CacheUnavailable, shared_cache
from mentors.models import Contact, ContactRequest, Mentor
from outcomes.models import OUTCOME_MODELS
from portal.dashboard.figures import build_figures
from portal.dashboard.periods import Filters
from portal.models import OwedFiguresBump
from surveys.models import Answer, Invitation, Response, Survey

logger = logging.getLogger(__name__)

CACHE_SECONDS = 5 * 60
VERSION_KEY = "dashboard:version"
# Single flight: the lock a build holds (it expires should its process die), how long the
# others wait for its result before building themselves, and how often they look.
BUILD_LOCK_SECONDS = 10
BUILD_WAIT_SECONDS = 12
BUILD_POLL_SECONDS = 0.05


def _read_version(cache) -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock so an evicted counter never reuses an old number.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump(cache) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def figures_version() -> int | None:
    """The version of the figures now; None when the shared cache cannot be reached."""
    try:
        return _read_version(shared_cache())
    except CacheUnavailable:
        return None


def bump_figures_version(**kwargs) -> None:
    """Signal receiver: any write to the data behind the figures makes cached figures stale,
    now and once more when its transaction commits (see the module's docstring)."""
    try:
        _bump(shared_cache())
    except CacheUnavailable:
        OwedFiguresBump.objects.create()
    transaction.on_commit(_bump_after_commit, robust=True)


def _bump_after_commit() -> None:
    # Unreachable now: the bump made in the transaction was owed in the database already.
    try:
        _bump(shared_cache())
    except CacheUnavailable:
        pass


def pay_owed_bumps() -> int:
    """Bump the version once for the writes the shared cache could not be told about; return
    how many they were (0 while the cache is still unreachable). Run by the sweep."""
    last = OwedFiguresBump.objects.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return 0
    try:
        _bump(shared_cache())
    except CacheUnavailable:
        return 0
    paid, _ = OwedFiguresBump.objects.filter(pk__lte=last).delete()
    logger.warning("dashboard: %d version bump(s) owed during a cache outage paid", paid)
    return paid


def pay_owed_bumps_when_reachable(**kwargs) -> None:
    """Receiver of `cache_reachable_again`: pay at once rather than at the next sweep. It may
    run inside a write's transaction: a savepoint keeps a failure here out of it."""
    with transaction.atomic():
        pay_owed_bumps()


def versioned_key(prefix: str, fingerprint: str) -> str | None:
    """A key that changes with every write; None when the shared cache cannot be reached."""
    version = figures_version()
    return None if version is None else f"{prefix}:{version}:{fingerprint}"


def cached[T](key: str | None, build: Callable[[], T]) -> T:
    """The value under `key` in the shared cache, or `build()` kept there for CACHE_SECONDS.
    Without a key or a reachable cache, `build()` and nothing kept.

    Single flight: of concurrent misses, the one that adds the build lock builds; the others
    wait for its value (at most BUILD_WAIT_SECONDS), and build themselves only when the lock
    is gone without a value (its build failed) or they waited that long."""
    if key is None:
        return build()
    cache = shared_cache()
    try:
        value = cache.get(key)
    except CacheUnavailable:
        return build()
    if value is not None:
        return value
    lock, token = f"{key}:building", uuid.uuid4().hex
    deadline = _clock() + BUILD_WAIT_SECONDS
    while True:
        try:
            if cache.add(lock, token, BUILD_LOCK_SECONDS):
                return _build_and_keep(cache, key, build, lock=lock, token=token)
            _pause(BUILD_POLL_SECONDS)
            value = cache.get(key)
        except CacheUnavailable:
            return build()
        if value is not None:
            return value
        if _clock() >= deadline:
            logger.warning(
                "dashboard: waited %ss for %s to be built; building it", BUILD_WAIT_SECONDS, key
            )
            return _build_and_keep(cache, key, build)


def _build_and_keep[T](cache, key: str, build: Callable[[], T], *, lock=None, token=None) -> T:
    try:
        value = build()
        try:
            cache.set(key, value, CACHE_SECONDS)
        except CacheUnavailable:
            pass
        return value
    finally:
        if lock is not None:
            try:
                if cache.get(lock) == token:  # not one a later build took after ours expired
                    cache.delete(lock)
            except CacheUnavailable:
                pass


# The waiting's clock and sleep, replaced in tests.
_clock = time.monotonic
_pause = time.sleep


def figures_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str | None:
    """The key of these figures in the shared cache; it changes with every write (the version)
    and is also what the dashboard's rendered tables are cached under. None when the shared
    cache cannot be reached: then nothing is cached."""
    now = now or timezone.now()
    fingerprint = hashlib.sha256(
        # The language too: the figures name tasks, fields and questions in the reader's.
        repr((filters, timezone.localdate(now).isoformat(), get_language())).encode()
    ).hexdigest()[:32]
    return versioned_key("dashboard:figures", fingerprint)


def cached_figures(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    catalogue: dict[int, dict] | None = None,
) -> dict:
    now = now or timezone.now()
    return cached(
        figures_cache_key(filters, now=now),
        lambda: build_figures(filters, now=now, catalogue=catalogue),
    )


def models_behind_figures() -> list:
    """The models whose writes bump the cache version (connected in PortalConfig.ready)."""
    return [
        Contact,
        Mentor,
        Registration,
        Event,
        Response,
        ContactRequest,
        Invitation,
        Answer,
        AlumniApplication,
        *OUTCOME_MODELS,
        Survey,  # which survey is the benchmark
    ]
