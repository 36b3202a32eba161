"""The shared cache (Redis) that degrades rather than fails.

Every request touches the cache (the sign-in and API rate limits, the dashboard's figures),
so an unreachable Redis must not turn a request into an error. `FailSafeRedisCache` sends
each operation to Redis; when Redis cannot be reached it uses this process's memory instead
for `RETRY_AFTER` seconds, then tries Redis again. A rate limit so stays a limit (counted
per process while Redis is away), never an error and never none.

What must be the same in every process (the dashboard's version number) is read and written
through `shared_cache()`, which raises `CacheUnavailable` rather than falling back: its
caller decides what a miss means. The first operation that reaches Redis after an outage
sends `cache_reachable_again`, so that what was owed to the shared cache meanwhile is paid
(`portal.dashboard.cache.pay_owed_bumps`).
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Refused, reset, timed out, still loading its data after a restart: Redis is not there.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 5.0
MEMORY_ENTRIES = 10_000

# Sent (sender: the cache backend) by the first operation that reaches Redis after this
# process found it unreachable.
cache_reachable_again = Signal()

# When each server (its LOCATION) may be tried again, for every thread of this process.
_unreachable_until: dict[str, float] = {}


class CacheUnavailable(Exception):
    """The shared cache cannot be reached now."""


class FailSafeRedisCache(BaseCache):
    """Django's RedisCache, with this process's memory standing in while Redis is away.

    CACHES option `RETRY_AFTER` (beside `LOCATION`, not in `OPTIONS`): seconds between tries
    while Redis is unreachable (default 5).
    """

    def __init__(self, server, params):
        super().__init__(params)
        self.server = server
        self.retry_after = float(params.get("RETRY_AFTER", RETRY_AFTER))
        self.redis = RedisCache(server, params)
        # LocMemCache instances with the same name share their data within the process.
        self.memory = LocMemCache(
            f"fail-safe:{server}", {**params, "OPTIONS": {"MAX_ENTRIES": MEMORY_ENTRIES}}
        )
        self.shared = SharedRedis(self)

    # The state of Redis, as this process last found it -------------------------------------

    def may_try_redis(self) -> bool:
        return time.monotonic() >= _unreachable_until.get(self.server, 0.0)

    def found_unreachable(self, error: Exception) -> None:
        was_reachable = self.server not in _unreachable_until
        _unreachable_until[self.server] = time.monotonic() + self.retry_after
        if was_reachable:
            logger.warning(
                "cache %s unreachable (%s); this process uses its own memory and tries again "
                "every %g s",
                self.server,
                error,
                self.retry_after,
            )

    def found_reachable(self) -> None:
        if _unreachable_until.pop(self.server, None) is not None:
            logger.warning("cache %s reachable again", self.server)
            cache_reachable_again.send_robust(sender=self)

    def ping(self) -> bool:
        """Whether Redis answers now (whatever this process last found)."""
        try:
            self.redis.has_key("healthz")
        except UNREACHABLE as error:
            self.found_unreachable(error)
            return False
        self.found_reachable()
        return True

    def redis_usable(self) -> bool:
        """Whether to send the next operation to Redis. After an outage Redis is pinged
        first, so that what was owed to it is paid before the operation (a reader then gets
        the version bumped for the writes it missed, not the one from before)."""
        if self.server not in _unreachable_until:
            return True
        return self.may_try_redis() and self.ping()

    def _call(self, method: str, *args, **kwargs):
        if self.redis_usable():
            try:
                return getattr(self.redis, method)(*args, **kwargs)
            except UNREACHABLE as error:
                self.found_unreachable(error)
        return getattr(self.memory, method)(*args, **kwargs)

    # Django's cache API ---------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self.memory.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self.redis.close(**kwargs)


class SharedRedis:
    """The cache API on Redis alone: `CacheUnavailable` instead of this process's memory."""

    def __init__(self, backend: FailSafeRedisCache):
        self._backend = backend

    def __getattr__(self, method: str):
        backend = self._backend
        operation = getattr(backend.redis, method)

        def shared_operation(*args, **kwargs):
            if not backend.redis_usable():
                raise CacheUnavailable(backend.server)
            try:
                return operation(*args, **kwargs)
            except UNREACHABLE as error:
                backend.found_unreachable(error)
                raise CacheUnavailable(backend.server) from error

        return shared_operation


def shared_cache(alias: str = "default"):
    """The cache every process shares, raising CacheUnavailable when it cannot be reached.
    A cache in this process's memory (development, tests) is its own shared cache."""
    cache = caches[alias]
    return cache.shared if isinstance(cache, FailSafeRedisCache) else cache


def cache_reachable(alias: str = "default") -> bool:
    """For /healthz: whether the shared cache answers now."""
    cache = caches[alias]
    if isinstance(cache, FailSafeRedisCache):
        return cache.ping()
    try:
        cache.get("healthz")
    except Exception:
        logger.warning("health: cache check failed", exc_info=True)
        return False
    return True


def uses_shared_cache(alias: str = "default") -> bool:
    """Whether the cache is shared between processes (Redis), not this process's memory."""
    return isinstance(caches[alias], FailSafeRedisCache)
