"""leadvet.lib.versions.kept_near: a value read from this process's memory first, then from
the shared cache (where another process may have kept it), and built only when neither has it."""

import pytest
from django.core.cache import cache

from leadvet.lib import versions
from leadvet.lib.cache import CacheUnavailable


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self) -> dict:
        self.count += 1
        return {"built": self.count}


def test_a_value_is_read_from_the_process_then_the_shared_cache_and_built_once():
    build = Builds()
    assert versions.kept_near("test:near:1", build) == {"built": 1}
    versions.forget_kept_in_process()  # as another process sees it: kept in the shared cache
    assert versions.kept_near("test:near:1", build) == {"built": 1}
    cache.clear()  # the shared cache let it go; this process still has it
    assert versions.kept_near("test:near:1", build) == {"built": 1}
    assert build.count == 1
    # A write changes the versions in the key: the value is built again.
    assert versions.kept_near("test:near:2", build) == {"built": 2}


def test_the_process_keeps_a_value_no_longer_than_the_shared_cache_does(monkeypatch):
    """A value taken from the shared cache near the end of its time there is kept in the
    process for the rest of it only: what no version covers (a name in a kept row) is never
    older than CACHE_SECONDS, whichever process built it."""
    wall, clock = [1_000_000.0], [50.0]
    monkeypatch.setattr(versions, "_wall", lambda: wall[0])
    monkeypatch.setattr(versions, "_clock", lambda: clock[0])
    build = Builds()
    assert versions.kept_near("test:near:4", build) == {"built": 1}  # built at 1,000,000
    versions.forget_kept_in_process()  # another process, ten seconds before the copy expires
    wall[0] += versions.CACHE_SECONDS - 10
    assert versions.kept_near("test:near:4", build) == {"built": 1}
    assert versions._near.get("test:near:4", clock[0] + 9) == (True, {"built": 1})
    assert versions._near.get("test:near:4", clock[0] + 11) == (False, None)
    assert build.count == 1


def test_values_expired_in_the_process_are_let_go_of_when_another_is_kept(monkeypatch):
    """A figures' part kept under versions that writes have bumped since is never read again:
    it leaves the process's memory once expired, not only when newer ones push it out."""
    clock = [50.0]
    monkeypatch.setattr(versions, "_clock", lambda: clock[0])
    versions.kept_near("test:near:old", Builds())
    clock[0] += versions.CACHE_SECONDS - 1
    versions.kept_near("test:near:newer", Builds())
    assert set(versions._near._kept) == {"test:near:old", "test:near:newer"}
    clock[0] += 2
    versions.kept_near("test:near:newest", Builds())
    assert set(versions._near._kept) == {"test:near:newer", "test:near:newest"}


def test_the_figures_parts_never_push_a_catalogue_out_of_the_process():
    build = Builds()
    assert versions.kept_in_process("test:catalogue", build) == {"built": 1}
    for index in range(versions.NEAR_KEPT + 5):
        versions.kept_near(f"test:near:part:{index}", Builds())
    assert versions.kept_in_process("test:catalogue", build) == {"built": 1}


def test_a_key_of_many_domains_changes_with_each_of_their_versions_and_stays_short():
    numbers = [1_796_651_696_172_895_492 + index for index in range(9)]
    part = versions.key_part(numbers)
    assert len(part) == 32
    for index in range(len(numbers)):
        changed = [*numbers[:index], numbers[index] + 1, *numbers[index + 1 :]]
        assert versions.key_part(changed) != part
    assert versions.key_part([7, 8, 9]) == "7.8.9"  # a few are kept as they are


def test_without_a_key_the_value_is_built_every_time_and_kept_nowhere():
    build = Builds()
    assert versions.kept_near(None, build) == {"built": 1}
    assert versions.kept_near(None, build) == {"built": 2}


def test_while_the_shared_cache_is_unreachable_the_value_is_built_and_kept_in_the_process(
    monkeypatch,
):
    """Keys carry the versions, which cannot be read while the cache is unreachable, so a
    caller has no key then; one that has a key keeps the value in the process at least."""

    class Unreachable:
        """The shared cache as leadvet.lib.cache hands it out while Redis does not answer."""

        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise CacheUnavailable

            return fail

    monkeypatch.setattr(versions, "shared_cache", Unreachable)
    build = Builds()
    assert versions.kept_near("test:near:3", build) == {"built": 1}
    assert versions.kept_near("test:near:3", build) == {"built": 1}


@pytest.fixture(autouse=True)
def _nothing_kept():
    versions.forget_kept_in_process()
    yield
    versions.forget_kept_in_process()


def test_a_value_read_from_the_shared_cache_by_its_caller_is_kept_until_that_copy_expires(
    monkeypatch,
):
    """keep_near: a caller that reads several values from the shared cache together (the
    outcome figures' parts) keeps each in the process for what is left of its time there."""
    wall = [1_000_000.0]
    monkeypatch.setattr(versions, "_wall", lambda: wall[0])
    fresh = versions.stamped({"part": 1})
    wall[0] += versions.CACHE_SECONDS + 1
    expired = versions.stamped({"part": 2})
    wall[0] += versions.CACHE_SECONDS - 1
    versions.keep_near("test:near:fresh", versions.stamped({"part": 3}))
    versions.keep_near("test:near:expired", fresh)  # built longer ago than the cache keeps
    versions.keep_near("test:near:left", expired)  # one second left
    assert versions.kept_near_in_process(
        ["test:near:fresh", "test:near:expired", "test:near:left", "test:near:none"]
    ) == {"test:near:fresh": {"part": 3}, "test:near:left": {"part": 2}}
