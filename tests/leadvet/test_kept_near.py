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
