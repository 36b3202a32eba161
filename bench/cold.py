"""Cold requests: before each one the shared cache is emptied and the figures' version bumped,
so the request computes what it shows from the database, through gunicorn like any other."""

import time

from bench import environment  # noqa: F401  (first: the defaults and django.setup())

# isort: split

from django.core.cache import cache

from bench.servers import Client
from bench.stats import summary
from portal.dashboard.cache import bump_figures_version

MIN_SAMPLES = 3


def make_cold() -> int:
    """Delete every key of the shared cache (not the broker's, which may share the Redis
    database) and bump the figures' version; return how many keys went."""
    import redis

    from leadvet.lib.cache import FailSafeRedisCache

    if not isinstance(cache, FailSafeRedisCache):
        cache.clear()
        bump_figures_version()
        return 0
    client = redis.Redis.from_url(cache.server)
    deleted = 0
    batch = []
    for key in client.scan_iter(match=cache.make_key("*"), count=1000):
        batch.append(key)
        if len(batch) == 1000:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    bump_figures_version()
    return deleted


def measure_cold(port: int, pages: list, cookies: dict, *, requests: int, budget_s: float) -> dict:
    """Per page, up to `requests` cold requests (fewer once `budget_s` seconds are spent on
    the page, never fewer than MIN_SAMPLES): p50/p95/p99 over them."""
    results = {}
    for page in pages:
        client = Client(port, cookies[page.who], timeout=120)
        samples, errors = [], 0
        started = time.monotonic()
        while len(samples) < requests:
            make_cold()
            status, _, _, elapsed = client.request("GET", page.url)
            samples.append(elapsed)
            if status != 200:
                errors += 1
            if len(samples) >= MIN_SAMPLES and time.monotonic() - started > budget_s:
                break
        client.close()
        results[page.name] = {**summary(samples), "errors": errors}
        print(
            f"  cold {page.name:<20} n={len(samples):<3} p50 {results[page.name]['p50_ms']} ms, "
            f"p95 {results[page.name]['p95_ms']} ms",
            flush=True,
        )
    return results
