"""`make bench` and `make load`: the portal's pages at national scale against floors measured in the same run.

    python bench/run.py bench [--duration 10] [--reminders 10000]
    python bench/run.py counts            # SQL queries per page only (any database)
    python bench/run.py load [--users 100] [--duration 60]

Expects a PostgreSQL database filled by `manage.py generate_network --scale full` (DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/leadvet_bench), Redis (REDIS_URL, default
redis://127.0.0.1:6379/13) and wrk on PATH. Starts gunicorn (2 workers) and a Celery worker
itself and stops them at the end. Writes bench/results.json (bench) and bench/out/ (logs).
"""

import argparse
import os
import sys
from pathlib import Path

# The project on the path, and with it this directory as the package `bench`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, pages  # noqa: E402  (importing them sets up the environment and Django)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("bench")
    run.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    run.add_argument(
        "--reminders", type=int, default=10_000, help="reminders and no-op tasks (0: skip)"
    )
    run.add_argument("--sql-repeat", type=int, default=20)
    run.add_argument(
        "--small-database-url",
        default=os.environ.get("BENCH_SMALL_DATABASE_URL"),
        help="a --scale small database: its query counts are compared with the full one's",
    )
    sub.add_parser("counts")
    load_parser = sub.add_parser("load")
    load_parser.add_argument("--users", type=int, default=100)
    load_parser.add_argument("--duration", type=int, default=60)
    args = parser.parse_args()
    {"bench": pages.bench, "counts": pages.counts_only, "load": load.load}[args.command](args)


if __name__ == "__main__":
    main()
