"""The processes the benchmark measures with: gunicorn, a Celery worker, wrk, and a plain
HTTP client for the requests it times itself."""

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

from bench.environment import BIN, OUT, ROOT

# Web server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn as docker-compose runs it (sync workers, its default 30 s timeout unless told)."""

    def __init__(self, workers: int = 3, timeout: int = 30):
        self.port = free_port()
        self.workers = workers
        self.timeout = timeout

    def __enter__(self):
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "leadvet.wsgi", "-w", str(self.workers)]
            + ["-b", f"127.0.0.1:{self.port}", "--timeout", str(self.timeout)],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not start; see bench/out/gunicorn.log")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except FileNotFoundError:
        pass
    return 0.0


class PeakMemory:
    """The largest RSS each process of a tree (a Celery worker and its pool) reached while this
    ran, sampled every 0.2 s."""

    def __init__(self, root_pid: int):
        self.root_pid = root_pid
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for pid in [self.root_pid, *children(self.root_pid)]:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), rss_mb(pid))

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0.0)


# Requests the benchmark times itself ------------------------------------------------------------


class Client:
    """One HTTP/1.1 connection (reopened whenever gunicorn closes it), as one browser would."""

    def __init__(self, port: int, cookie: str = "", timeout: float = 60):
        self.port = port
        self.cookie = cookie
        self.timeout = timeout
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def request(
        self, method: str, path: str, *, body: str | None = None, cookie: str | None = None
    ) -> tuple[int | str, dict, bytes, float]:
        """(status or "error: …", headers, body, milliseconds from sending to the last byte)."""
        headers = {"Cookie": self.cookie if cookie is None else cookie}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            elapsed = (time.perf_counter() - started) * 1000
            return f"error: {type(error).__name__}", {}, b"", elapsed
        elapsed = (time.perf_counter() - started) * 1000
        return response.status, dict(response.getheaders()), content, elapsed

    def close(self) -> None:
        self.connection.close()


def check_page(port: int, url: str, cookie: str) -> None:
    status, _, _, _ = Client(port, cookie, timeout=300).request("GET", url)
    if status != 200:
        raise SystemExit(f"{url} answered {status} under gunicorn (see bench/out/gunicorn.log)")


# wrk --------------------------------------------------------------------------------------------


def wrk(
    port: int,
    url: str,
    cookie: str,
    *,
    duration: int,
    connections: int,
    script: str = "report.lua",
    extra_env: dict | None = None,
) -> dict:
    command = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / script),
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        f"http://127.0.0.1:{port}{url}",
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, **(extra_env or {})}
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    extra = {
        key: data[key]
        for key in ("gets", "contact_posts", "register_posts", "errors_app")
        if key in data
    }
    return {
        **extra,
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "rps": round(data["requests"] / seconds, 1),
        "requests": data["requests"],
        "timeouts": data["errors_timeout"],
        "errors": data["errors_status"]
        + data["errors_connect"]
        + data["errors_read"]
        + data["errors_timeout"]
        + data.get("errors_app", 0),
    }


# The Celery worker (for the reminder fan-out) -------------------------------------------


class CeleryWorker:
    """A Celery worker process for the bench: prefork with `concurrency` processes (the
    reminder fan-out), or `pool="solo"` (a job's worker, measured as one process)."""

    def __init__(self, concurrency: int = 2, *, pool: str = "prefork", log: str = "celery.log"):
        self.concurrency = concurrency
        self.pool = pool
        self.log_name = log

    def __enter__(self):
        from leadvet.celery import app

        app.control.purge()
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / self.log_name, "w")  # noqa: SIM115 - closed in __exit__
        pool = (
            ["--pool", "solo"]
            if self.pool == "solo"
            else ["--concurrency", str(self.concurrency), "--pool", self.pool]
        )
        self.process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "leadvet", "worker", *pool]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5):
                return self
        self.__exit__()
        raise SystemExit(f"the Celery worker did not start; see bench/out/{self.log_name}")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
