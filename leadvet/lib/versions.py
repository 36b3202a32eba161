"""Values kept in the shared cache (Redis) under version numbers that writes bump.

A domain (a name: "contacts", "surveys", …) has a version number in the shared cache; a value
built from that domain's rows is kept under a key that carries the version (`versioned_key`),
so a write that bumps the version makes the next read build the value again, at once, while
nothing is ever deleted. Which writes bump which domain is the top floor's to say
(portal.dashboard.cache: the models behind each domain, bumped in the write's transaction and
again when it commits, and owed in the database while Redis is unreachable); an app reads and
keeps its values here without importing it.

`cached` keeps a value for CACHE_SECONDS and builds it once for concurrent misses (single
flight). While the shared cache cannot be reached there is no key: every read builds.
`kept_in_process` keeps a small value that many requests read (the colleges' names) in the
process's memory instead, under the same kind of key; `kept_near` keeps a value in both, the
process's copy read first (a part of the figures that nearly every request after a write
reads again), for no longer than the shared cache keeps it.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from leadvet.lib.cache import CacheUnavailable, shared_cache

logger = logging.getLogger(__name__)

CACHE_SECONDS = 5 * 60
# Single flight: the lock a build holds (it expires should its process die), how long the
# others wait for its result before building themselves, and how often they look.
BUILD_LOCK_SECONDS = 10
BUILD_WAIT_SECONDS = 12
BUILD_POLL_SECONDS = 0.05


def _version_key(domain: str) -> str:
    return f"dashboard:version:{domain}"


def read(domains: tuple[str, ...]) -> tuple[int, ...] | None:
    """The versions of these domains now; None when the shared cache cannot be reached."""
    try:
        cache = shared_cache()
        keys = [_version_key(domain) for domain in domains]
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                # Start from the clock so an evicted counter never reuses an old number.
                cache.add(key, time.time_ns(), timeout=None)
                found[key] = cache.get(key, 0)
    except CacheUnavailable:
        return None
    return tuple(found[key] for key in keys)


def bump(cache, domains: tuple[str, ...]) -> None:
    """A new version of each of these domains (`cache`: shared_cache(); raises
    CacheUnavailable)."""
    for domain in domains:
        try:
            cache.incr(_version_key(domain))
        except ValueError:
            cache.add(_version_key(domain), time.time_ns(), timeout=None)


def fingerprint(value) -> str:
    """What a kept value is told apart by besides the versions (its survey, filters, day,
    language, ...), as a short key part: a digest of `value`'s repr."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def versioned_key(prefix: str, fingerprint: str, domains: tuple[str, ...]) -> str | None:
    """A key that changes with every write to these domains; None when the shared cache cannot
    be reached."""
    versions = read(domains)
    if versions is None:
        return None
    return f"{prefix}:{key_part(versions)}:{fingerprint}"


def key_part(versions) -> str:
    """Version numbers as a part of a key: as they are for a few domains, a digest of them for
    more (nine domains' 19-digit numbers made keys longer than the 250 characters some cache
    backends allow)."""
    part = ".".join(map(str, versions))
    return part if len(versions) <= 3 else fingerprint(part)


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
                "cache: waited %ss for %s to be built; building it", BUILD_WAIT_SECONDS, key
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


class _ProcessStore:
    """Values kept in this process's memory: key -> (value, until on `_clock`), the most
    recently used last, at most `limit` of them."""

    def __init__(self, limit: int):
        self.limit = limit
        self._kept: OrderedDict[str, tuple[object, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, now: float) -> tuple[bool, object]:
        with self._lock:
            found = self._kept.get(key)
            if found is None or found[1] <= now:
                return False, None
            self._kept.move_to_end(key)
            return True, found[0]

    def put(self, key: str, value, until: float, now: float) -> None:
        """Keep `value` until `until`. The values expired by `now` are let go of first, rather
        than kept until newer ones push them out: most were kept under versions that writes
        have bumped since, and are never read again."""
        with self._lock:
            for expired in [kept for kept, (_value, end) in self._kept.items() if end <= now]:
                del self._kept[expired]
            self._kept[key] = (value, until)
            self._kept.move_to_end(key)
            while len(self._kept) > self.limit:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


# `kept_in_process`'s small values (the catalogues) and `kept_near`'s larger ones (the figures'
# parts, one set per filter combination and language) apart: many filter combinations never
# push a catalogue out.
IN_PROCESS_KEPT = 16
NEAR_KEPT = 24
_in_process = _ProcessStore(IN_PROCESS_KEPT)
_near = _ProcessStore(NEAR_KEPT)


def kept_in_process[T](key: str | None, build: Callable[[], T]) -> T:
    """The value kept in this process under `key` (a versioned key: another process's write
    changes it), or `build()` kept there for CACHE_SECONDS, as `cached` keeps in the shared
    cache; the latest IN_PROCESS_KEPT values. Without a key, `build()` and nothing kept. For
    small values read far more often than written, never changed by their readers: it spares
    a round trip and the unpickling, not a build's concurrent misses."""
    if key is None:
        return build()
    now = _clock()
    found, value = _in_process.get(key, now)
    if not found:
        value = build()
        _in_process.put(key, value, now + CACHE_SECONDS, now)
    return value


# The waiting's clock and sleep, and the time a value is built at, replaced in tests.
_clock = time.monotonic
_pause = time.sleep
_wall = time.time


def forget_kept_in_process() -> None:
    """Let go of every value kept in this process (the tests start each from none)."""
    _in_process.clear()
    _near.clear()


def kept_near[T](key: str | None, build: Callable[[], T]) -> T:
    """The value kept in this process under `key`, else the one in the shared cache (`cached`:
    concurrent misses build it once), else `build()` kept in both; the latest NEAR_KEPT values
    in the process. For values that readers never change and that are read again after most
    writes (the figures' days before today, portal.dashboard.today): the process's copy spares
    the round trip and the unpickling, 1.2 MB for the ranking of an EU network's 50,000
    mentors. The process keeps a value only until the shared cache's copy expires
    (CACHE_SECONDS after it was built, in whichever process): what no version covers (a
    mentor's name in a kept row) is never older than that."""
    if key is None:
        return build()
    found, value = _near.get(key, _clock())
    if found:
        return value
    kept = cached(key, lambda: stamped(build()))
    keep_near(key, kept)
    return kept[1]


def kept_near_in_process(keys) -> dict[str, object]:
    """Of these keys, those whose values this process keeps (`kept_near`, `keep_near`), with
    their values: for a caller that reads the others from the shared cache together."""
    now = _clock()
    found = {key: _near.get(key, now) for key in keys}
    return {key: value for key, (kept, value) in found.items() if kept}


def stamped(value) -> tuple[float, object]:
    """`value` as a value kept near is kept in the shared cache: with the time it was built."""
    return _wall(), value


def keep_near(key: str, kept: tuple[float, object]) -> None:
    """Keep in this process the value that the shared cache keeps under `key` as `kept`
    (`stamped`, in whichever process): until that copy expires, as `kept_near` does."""
    built_at, value = kept
    left = built_at + CACHE_SECONDS - _wall()
    if left > 0:
        now = _clock()
        _near.put(key, value, now + left, now)
