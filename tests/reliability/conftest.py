import shutil

import pytest

from tests.redis_server import RedisServer


@pytest.fixture
def redis_server(tmp_path):
    """A redis-server of the test's own (tests/redis_server.py), stopped at the end."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run installs it)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
