"""The benchmark's environment: its paths, the settings it runs with, and Django set up.

Every module of the benchmark imports this one before any of the project's: the defaults
below apply unless the environment says otherwise (DATABASE_URL, REDIS_URL, ...). The scale
(BENCH_SCALE, set by `run.py --scale`) picks the default database: each scale has its own,
filled by `generate_network --scale <scale>`.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
BIN = Path(sys.executable).parent
MAIL_DIR = Path(tempfile.gettempdir()) / "leadvet-bench-mail"

SCALE_DATABASES = {
    "small": "leadvet_bench_small",
    "full": "leadvet_bench",
    "eu": "leadvet_bench_eu",
}
SCALE = os.environ.setdefault("BENCH_SCALE", "full")
if SCALE not in SCALE_DATABASES:
    raise SystemExit(f"BENCH_SCALE must be one of {', '.join(SCALE_DATABASES)}, not {SCALE!r}")

ENV_DEFAULTS = {
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{SCALE_DATABASES[SCALE]}",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LEADVET_BENCH": "1",
    # The API's per-user throttle (2,000/hour) would answer most of wrk's requests with 429:
    # the bench measures the view behind it.
    "API_RATE": "10000000/hour",
    "LOG_LEVEL": "WARNING",
    "EMAIL_URL": f"file://{MAIL_DIR}",
    "DJANGO_SETTINGS_MODULE": "leadvet.settings",
}
for _name, _value in ENV_DEFAULTS.items():
    os.environ.setdefault(_name, _value)
# The broker shares Redis with the cache: the cold requests empty only the cache's keys.
os.environ.setdefault("CELERY_BROKER_URL", os.environ["REDIS_URL"])

import django  # noqa: E402

django.setup()
