"""One run's results as tables: printed after `make bench`, or as Markdown for the README
(`python bench/run.py table --scale eu --markdown`)."""

import re

from bench.targets import evaluate, page_meets

NUMBER = re.compile(r"[\d.,/ ]+")


def _yes(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: "n/a"}[met]


def _ms(value) -> str:
    return "" if value is None else f"{value:g}"


def page_rows(results: dict) -> list[list[str]]:
    rows = []
    for name, row in results["pages"].items():
        cold, warm, meets = row.get("cold") or {}, row.get("warm") or {}, page_meets(row)
        rows.append(
            [
                name,
                _ms(cold.get("p50_ms")),
                _ms(cold.get("p95_ms")),
                _ms(cold.get("p99_ms")),
                str(cold.get("n", "")),
                _ms(warm.get("p50_ms")),
                _ms(warm.get("p95_ms")),
                _ms(warm.get("p99_ms")),
                _ms(warm.get("rps")),
                f"{row['queries_cold']}/{row['queries_warm']}",
                f"{_ms(row['sql_cold_ms'])}/{_ms(row['sql_warm_ms'])}",
                str(cold.get("errors", 0) + warm.get("errors", 0)),
                _yes(meets["cold"]),
                _yes(meets["warm"]),
            ]
        )
    return rows


PAGE_HEADER = [
    "page",
    "cold p50",
    "cold p95",
    "cold p99",
    "cold n",
    "warm p50",
    "warm p95",
    "warm p99",
    "req/s",
    "SQL# cold/warm",
    "SQL ms cold/warm",
    "errors",
    "cold ≤ 1 s",
    "warm ≤ 100 ms",
]
MIXED_HEADER = ["mixed run", "p50", "p95", "p99", "n", "errors"]


def mixed_rows(results: dict) -> list[list[str]]:
    mixed = results.get("mixed") or {}
    return [
        [name, _ms(row["p50_ms"]), _ms(row["p95_ms"]), _ms(row["p99_ms"]), str(row["n"])]
        + [str(row["errors"])]
        for name, row in mixed.get("pages", {}).items()
    ]


def headline(results: dict) -> list[str]:
    data, machine, ping = results["data"], results["machine"], results.get("floor_view") or {}
    lines = [
        f"Scale {data['scale']}, measured {results['measured_at']} at {results.get('commit', '?')}: "
        f"{data['mentors']:,} mentors, {data['contacts']:,} contacts, "
        f"{data['registrations']:,} registrations, {data['survey_answers']:,} survey answers; "
        f"{machine['cpus']} CPUs, gunicorn {machine['gunicorn_workers']} workers.",
        f"Cold: {machine['cold_requests']} requests per page at most (shared cache emptied and "
        f"figures' version bumped before each); warm: wrk, {machine['wrk_connections']} "
        f"connections, {machine['duration_s']} s per page.",
    ]
    if ping:
        lines.append(
            f"Floor /bench/ping/ (signed in, the base template): p50 {ping['p50_ms']} ms, "
            f"p95 {ping['p95_ms']} ms, {ping['rps']} req/s. SQL ms = the page's SQL alone "
            "(every statement of a cold / warm request, back to back)."
        )
    mixed = results.get("mixed")
    if mixed:
        lines.append(
            f"Mixed: {mixed['clients']} clients for {mixed['duration_s']} s, {mixed['requests']:,} "
            f"requests, {mixed['write_share']:.0%} writes ({mixed['contacts_answered_saved']:,} "
            f"contacts, {mixed['registrations_made']:,} registrations), {mixed['errors']} errors; "
            f"freshness: {mixed['freshness_violations']} stale reads in "
            f"{mixed['freshness_checks']:,} checks."
        )
    return lines


def _plain(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.rjust(width) if NUMBER.fullmatch(cell) else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *rows]
    ]
    lines = [line.rstrip() for line in lines]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return lines


def _markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(" --- " for _ in header) + "|",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def render(results: dict, *, markdown: bool = False) -> str:
    table = _markdown if markdown else _plain
    targets = [[_yes(row["met"]), row["target"], row["measured"]] for row in evaluate(results)]
    head = [f"- {line}" for line in headline(results)] if markdown else headline(results)
    lines = [*head, "", *table(PAGE_HEADER, page_rows(results)), ""]
    if results.get("mixed"):
        lines += [*table(MIXED_HEADER, mixed_rows(results)), ""]
    lines += table(["met", "target (issue 20)", "measured"], targets)
    return "\n".join(lines)
