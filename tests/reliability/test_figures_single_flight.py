"""Concurrent misses of the same cached figures build them once (single flight).

Threads call `leadvet.lib.versions.cached` (which keeps the dashboard's figures and every other
versioned value) at once against the cache the tests run with (this process's memory) and
against a real Redis of the test's own (the production backend, FailSafeRedisCache). The
waiting is observed, not timed: the others are let go only once each of them is seen waiting
for the build.
"""

import threading

import pytest
from django.core.cache import cache

from leadvet.lib import versions as figures_cache
from tests.reliability.test_cache_down import fail_safe_cache

KEY = "dashboard:figures:1:fingerprint"


@pytest.fixture(params=["memory", "redis"])
def shared(request, settings):
    if request.param == "redis":
        server = request.getfixturevalue("redis_server")
        settings.CACHES = fail_safe_cache(server.url)
    cache.clear()
    yield request.param
    cache.clear()


class Waiters:
    """Counts the threads seen waiting for another's build (`figures_cache._pause`)."""

    def __init__(self, monkeypatch):
        self.seen: set[int] = set()
        self.changed = threading.Condition()
        self.pause = figures_cache._pause
        monkeypatch.setattr(figures_cache, "_pause", self.waiting)

    def waiting(self, seconds):
        with self.changed:
            self.seen.add(threading.get_ident())
            self.changed.notify_all()
        self.pause(seconds)

    def until(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.seen) >= count, timeout=20)


def run(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive()


def test_concurrent_misses_build_once_and_all_get_the_result(shared, monkeypatch):
    waiters = Waiters(monkeypatch)
    builds, results = [], []
    building, finish = threading.Event(), threading.Event()

    def build():
        builds.append(threading.get_ident())
        building.set()
        assert finish.wait(timeout=20)
        return {"contacts": 42}

    def read():
        results.append(figures_cache.cached(KEY, build))

    threads = [threading.Thread(target=read) for _ in range(5)]
    threads[0].start()
    assert building.wait(timeout=20)
    for thread in threads[1:]:
        thread.start()
    waiters.until(4)
    finish.set()
    run(threads)

    assert len(builds) == 1
    assert results == [{"contacts": 42}] * 5
    assert figures_cache.cached(KEY, lambda: pytest.fail("built again")) == {"contacts": 42}


def test_when_the_build_fails_a_waiting_request_builds(shared, monkeypatch):
    waiters = Waiters(monkeypatch)
    builds, results, errors = [], [], []
    building, fail = threading.Event(), threading.Event()

    def failing_build():
        builds.append("failed")
        building.set()
        assert fail.wait(timeout=20)
        raise RuntimeError("the database went away")

    def build():
        builds.append("built")
        return {"contacts": 7}

    def first():
        try:
            figures_cache.cached(KEY, failing_build)
        except RuntimeError as error:
            errors.append(error)

    holder = threading.Thread(target=first)
    waiter = threading.Thread(target=lambda: results.append(figures_cache.cached(KEY, build)))
    holder.start()
    assert building.wait(timeout=20)
    waiter.start()
    waiters.until(1)
    fail.set()
    run([holder, waiter])

    assert builds == ["failed", "built"]
    assert len(errors) == 1 and results == [{"contacts": 7}]


def test_a_lock_left_by_a_dead_build_holds_the_others_only_briefly(shared, monkeypatch):
    """The process that took the lock died: the lock stays until it expires, and a waiting
    request builds itself once it has waited BUILD_WAIT_SECONDS (a clock the test advances)."""
    now = [0.0]
    monkeypatch.setattr(figures_cache, "_clock", lambda: now[0])
    monkeypatch.setattr(
        figures_cache, "_pause", lambda seconds: now.__setitem__(0, now[0] + seconds)
    )
    cache.add(f"{KEY}:building", "a process that died", timeout=figures_cache.BUILD_LOCK_SECONDS)

    assert figures_cache.cached(KEY, lambda: {"contacts": 3}) == {"contacts": 3}
    assert figures_cache.BUILD_WAIT_SECONDS <= now[0] < figures_cache.BUILD_WAIT_SECONDS + 1
    assert cache.get(KEY) == {"contacts": 3}
