"""Processes of a small cluster for a test: gunicorn web nodes and Celery workers, each a
separate process on 127.0.0.1, against the test's PostgreSQL database, a redis-server of the
test's own (cache and broker) and one folder the file mail backend writes to."""

import email
import email.policy
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

STARTUP_TIMEOUT = 60
MESSAGE_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # Django's file backend, after each message


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The PostgreSQL test database pytest-django made for this test process."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{credentials}@" if credentials else ""
    return f"postgres://{host}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def cluster_environment(*, redis_port: int, mail_dir: Path, var_dir: Path) -> dict:
    """What every process of the cluster shares: the database, Redis (db 0 the broker, db 1
    the cache), the mail folder, and the secret key that signs the test's sessions."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_ALLOW"))},
        "DJANGO_SETTINGS_MODULE": "leadvet.settings",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/1",
        "EMAIL_URL": f"file://{mail_dir}",
        "LEADVET_VAR_DIR": str(var_dir),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }


class Process:
    def __init__(self, name: str, command: list[str], env: dict, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its children
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def terminate(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)

    def wait_stopped(self) -> None:
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._log.close()


def stop_all(processes: list[Process]) -> None:
    """Every process told to stop at once, then waited for."""
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait_stopped()


class WebNode(Process):
    """gunicorn serving the portal on a port of its own."""

    def __init__(self, name: str, env: dict, log_dir: Path):
        self.port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "leadvet.wsgi", "-w", "1", "-b", f"127.0.0.1:{self.port}"]
        super().__init__(name, command, env, log_dir)

    def ready(self) -> bool:
        try:
            return self.request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    def request(
        self, method: str, path: str, *, cookie: str = "", form: str | None = None
    ) -> tuple[int, dict, bytes]:
        """(status, headers, body) of one request, redirects not followed."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": cookie}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=form, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


class Worker(Process):
    """A Celery worker (prefork, one child) consuming the default queue and a queue named
    after it, through which a test hands a task to this worker and no other."""

    def __init__(self, name: str, env: dict, log_dir: Path):
        celery = str(Path(sys.executable).with_name("celery"))
        command = [celery, "-A", "leadvet", "worker", "--pool=prefork", "--concurrency=1"]
        command += [f"--queues=celery,{name}", f"--hostname={name}@%h", "--loglevel=INFO"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        super().__init__(name, command, env, log_dir)

    def ready(self) -> bool:
        return " ready." in self.log()

    def succeeded(self, task_name: str) -> int:
        """How many tasks of this name this worker finished."""
        return sum(
            1
            for line in self.log().splitlines()
            if f"Task {task_name}[" in line and " succeeded in " in line
        )


def wait_until(condition, what: str, processes: list[Process], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        for process in processes:
            if process.process.poll() is not None:
                raise AssertionError(f"{process.name} exited:\n{process.log()[-3000:]}")
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}\n{p.log()[-2000:]}" for p in processes)
            raise AssertionError(f"timed out waiting for {what}\n{logs}")
        time.sleep(0.1)


def messages_in(mail_dir: Path) -> Iterator[email.message.EmailMessage]:
    """Every message the file backend wrote, whichever process wrote it."""
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(MESSAGE_SEPARATOR):
            if chunk.strip():
                yield email.message_from_bytes(chunk, policy=email.policy.default)
