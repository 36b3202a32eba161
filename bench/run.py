"""`make bench` and `make load`: the portal's pages at a scale, against floors measured in the
same run, with the targets of issue 20 judged at the end.

    python bench/run.py bench [--scale full|eu|small] [--duration 8] [--cold-requests 10]
                              [--mixed-duration 60] [--load-duration 60] [--reminders N]
    python bench/run.py load  [--scale ...] [--users 100] [--duration 60]
    python bench/run.py table [--scale ...] [--markdown]   # the last run's tables again
    python bench/run.py counts [--scale ...]               # SQL queries per page only

Each scale has its database (--database-url, else DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/leadvet_bench for full, leadvet_bench_eu for eu,
leadvet_bench_small for small), filled by `manage.py generate_network --scale <scale>`; Redis
(REDIS_URL, default redis://127.0.0.1:6379/13) is the cache and the broker; wrk on PATH.
Starts gunicorn and a Celery worker itself and stops them at the end. Writes
bench/results.json (keyed by scale) and bench/out/ (logs).
"""

import argparse
import os
import sys
from pathlib import Path

SCALES = ("full", "eu", "small")
REMINDERS_BY_SCALE = {"small": 1_000, "full": 10_000, "eu": 100_000}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = main.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--scale", choices=SCALES, default="full")
    common.add_argument("--database-url", help="instead of the scale's database")
    common.add_argument("--web-workers", type=int, default=3, help="gunicorn workers")

    run = sub.add_parser("bench", parents=[common])
    run.add_argument("--duration", type=int, default=8, help="seconds of wrk per page (warm)")
    run.add_argument("--connections", type=int, default=2, help="wrk connections (warm)")
    run.add_argument("--cold-requests", type=int, default=10, help="cold requests per page")
    run.add_argument(
        "--cold-budget", type=float, default=20, help="seconds per page for cold requests"
    )
    run.add_argument("--mixed-duration", type=int, default=60, help="seconds (0: skip)")
    run.add_argument("--mixed-clients", type=int, default=4)
    run.add_argument("--load-users", type=int, default=100)
    run.add_argument("--load-duration", type=int, default=60, help="seconds (0: skip)")
    run.add_argument(
        "--reminders",
        type=int,
        help="reminders and no-op tasks (0: skip; default 1,000 small, 10,000 full, 100,000 eu)",
    )
    run.add_argument("--sql-repeat", type=int, default=5, help="runs of each page's SQL")
    run.add_argument(
        "--sql-budget", type=float, default=5, help="seconds per page's SQL (at least one run)"
    )
    run.add_argument(
        "--web-timeout", type=int, default=30, help="gunicorn's timeout (docker-compose: 30)"
    )
    run.add_argument("--pages", nargs="+", help="only these pages (names as in the table)")
    run.add_argument("--no-jobs", action="store_true", help="without bench/jobs.py's jobs")

    load = sub.add_parser("load", parents=[common])
    load.add_argument("--users", type=int, default=100)
    load.add_argument("--duration", type=int, default=60)

    table = sub.add_parser("table", parents=[common])
    table.add_argument("--markdown", action="store_true", help="as Markdown, for the README")

    sub.add_parser("counts", parents=[common])
    return main


def main() -> None:
    args = parser().parse_args()
    # Before anything imports the environment (which sets up Django with the database).
    os.environ["BENCH_SCALE"] = args.scale
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    if getattr(args, "reminders", 0) is None:
        args.reminders = REMINDERS_BY_SCALE[args.scale]
    # The project on the path, and with it this directory as the package `bench`.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import load, suite

    commands = {
        "bench": suite.bench,
        "load": load.load,
        "table": suite.table,
        "counts": suite.counts_only,
    }
    commands[args.command](args)


if __name__ == "__main__":
    main()
