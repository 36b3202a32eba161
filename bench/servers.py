"""The processes the benchmark measures with: gunicorn, a Celery worker, and wrk against them."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from bench.environment import BIN, OUT, ROOT

# Web server and wrk -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, workers: int = 2):
        self.port = free_port()
        self.workers = workers

    def __enter__(self):
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / "gunicorn.log", "w")
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "leadvet.wsgi",
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--keep-alive",
                "30",
            ],
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
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def check_page(port: int, url: str, cookie: str) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookie})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=120)
    except urllib.error.HTTPError as error:
        raise SystemExit(
            f"{url} answered {error.code} under gunicorn (see bench/out/gunicorn.log)"
        ) from None
    if response.status != 200:
        raise SystemExit(f"{url} answered {response.status} under gunicorn")


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
        "errors": data["errors_status"]
        + data["errors_connect"]
        + data["errors_read"]
        + data["errors_timeout"]
        + data.get("errors_app", 0),
    }


# The Celery worker (for the reminder fan-out) -------------------------------------------


class CeleryWorker:
    def __enter__(self):
        from leadvet.celery import app

        app.control.purge()
        self.log = open(OUT / "celery.log", "w")
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "leadvet",
                "worker",
                "--concurrency",
                "2",
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "WARNING",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5):
                return self
        raise SystemExit("the Celery worker did not start; see bench/out/celery.log")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
