"""A fixed-window counter in the shared cache for public forms (the alumni request).

Sign-in and the API have their own limits (allauth's, DRF's throttles); this one is for a
form anyone may send. While Redis is away the counter lives in the process's memory
(`leadvet.lib.cache`), so a limit stays a limit.
"""

from django.core.cache import cache


def allow(key: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt under `key`; False once more than `limit` were made in the window."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit
