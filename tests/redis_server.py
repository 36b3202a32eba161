"""A redis-server of a test's own, on a free port, that the test stops and starts again.

Never the machine's Redis: a test that stops the shared one would break every other user of
it. Stopping saves the data and starting loads it, as a Redis with persistence does after a
restart, so what was cached before an outage is there after it.
"""

import socket
import subprocess
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        # No retries: shutting down closes the connection, which must not be retried.
        return redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=2, retry=Retry(NoBackoff(), 0)
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        """Save the data and stop, as `redis-cli shutdown save` does."""
        if self.process is None:
            return
        try:
            self.client().shutdown(save=True)
        except redis.ConnectionError:
            pass  # shutting down closes the connection before answering
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
