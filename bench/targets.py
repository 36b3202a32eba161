"""The targets of issue 20 (item 5), judged from one run's results.

Each target is a row: what it asks, what the run measured, and met (True, False, or None when
the run did not measure it at the size the target names).
"""

WARM_P95_MS = 100
COLD_P95_MS = 1000
MIXED_DASHBOARD_P95_MS = 300
SURVEY_RESULTS_P95_MS = 100
REMINDERS = 100_000
REMINDER_RATIO = 1.0
LOAD_USERS, LOAD_SECONDS = 100, 60
WEB_WORKER_RSS_MB = 250
CELERY_WORKER_RSS_MB = 300

SURVEY_PAGES = ("survey_results", "survey_results_api")


def page_meets(row: dict) -> dict:
    """Per page: warm p95 ≤ 100 ms and cold p95 ≤ 1 s, without errors."""
    warm, cold = row.get("warm"), row.get("cold")
    return {
        "warm": None
        if not warm
        else warm["requests"] > 0 and warm["p95_ms"] <= WARM_P95_MS and warm["errors"] == 0,
        "cold": None
        if not cold or cold["p95_ms"] is None
        else cold["p95_ms"] <= COLD_P95_MS and cold["errors"] == 0,
    }


def _worst(pages: dict, phase: str) -> tuple[str, float] | None:
    measured = [(name, row[phase]["p95_ms"]) for name, row in pages.items() if row.get(phase)]
    measured = [(name, p95) for name, p95 in measured if p95 is not None]
    return max(measured, key=lambda item: item[1]) if measured else None


def _all_pages(pages: dict, phase: str, limit: float, *, partial: bool) -> dict:
    worst = _worst(pages, phase)
    if worst is None:
        return {"measured": "not measured", "met": None}
    failing = [name for name, row in pages.items() if page_meets(row)[phase] is False]
    measured = f"worst p95 {worst[1]} ms ({worst[0]})"
    if failing:
        measured += f"; over {limit:g} ms or with errors: {', '.join(failing)}"
    if partial:  # --pages: not every page was measured
        return {
            "measured": measured + f" (only {len(pages)} pages)",
            "met": False if failing else None,
        }
    return {"measured": measured, "met": not failing}


def evaluate(results: dict) -> list[dict]:
    pages = results.get("pages", {})
    partial = bool(results.get("only_pages"))
    mixed = results.get("mixed") or {}
    mixed_pages = mixed.get("pages", {})
    rows = [
        {
            "target": f"every page and API p95 ≤ {WARM_P95_MS} ms warm",
            **_all_pages(pages, "warm", WARM_P95_MS, partial=partial),
        },
        {
            "target": f"every page and API p95 ≤ {COLD_P95_MS / 1000:g} s cold",
            **_all_pages(pages, "cold", COLD_P95_MS, partial=partial),
        },
    ]
    dashboard = mixed_pages.get("dashboard")
    rows.append(
        {
            "target": f"mixed run: dashboard p95 ≤ {MIXED_DASHBOARD_P95_MS} ms",
            "measured": f"{dashboard['p95_ms']} ms over {dashboard['n']} requests, "
            f"{mixed['write_share']:.0%} writes"
            if dashboard
            else "not measured",
            "met": None
            if not dashboard
            else dashboard["p95_ms"] <= MIXED_DASHBOARD_P95_MS and dashboard["errors"] == 0,
        }
    )
    rows.append(
        {
            "target": "mixed run: figures never older than the last committed write",
            "measured": f"{mixed['freshness_violations']} stale reads in "
            f"{mixed['freshness_checks']} checks after {mixed['contacts_answered_saved']} contacts"
            if mixed
            else "not measured",
            "met": None
            if not mixed or not mixed["freshness_checks"]
            else mixed["freshness_violations"] == 0,
        }
    )
    rows.append(_survey_row(pages, mixed_pages, results.get("data", {})))
    rows.append(_reminders_row(results.get("reminders")))
    rows.append(_load_row(results.get("load")))
    web = results.get("web_worker_rss_mb") or []
    rows.append(
        {
            "target": f"web workers ≤ {WEB_WORKER_RSS_MB} MB RSS after the run",
            "measured": f"{max(web)} MB (of {len(web)} workers)" if web else "not measured",
            "met": max(web) <= WEB_WORKER_RSS_MB if web else None,
        }
    )
    fan = results.get("reminders")
    rows.append(
        {
            "target": f"Celery worker ≤ {CELERY_WORKER_RSS_MB} MB RSS during the fan-out",
            "measured": f"{fan['worker_peak_rss_mb']} MB at most" if fan else "not measured",
            "met": fan["worker_peak_rss_mb"] <= CELERY_WORKER_RSS_MB if fan else None,
        }
    )
    rows.append(_jobs_row(results.get("jobs")))
    return rows


def _jobs_row(jobs: dict | None) -> dict:
    """bench/jobs.py: every export and PDF made as a Celery job within its time and memory."""
    if not jobs or not jobs.get("jobs"):
        return {"target": "every export and PDF as a job", "measured": "not measured", "met": None}
    limits, made = jobs["targets"], jobs["jobs"]
    slowest = max(made, key=lambda job: job["seconds"])
    largest = max(made, key=lambda job: job["peak_rss_mb"])
    return {
        "target": (
            f"every export and PDF as a job in ≤ {limits['seconds']} s, "
            f"worker ≤ {limits['peak_rss_mb']} MB RSS"
        ),
        "measured": (
            f"{len(made)} jobs; slowest {slowest['name']} {slowest['seconds']} s; "
            f"largest worker {largest['name']} {largest['peak_rss_mb']} MB"
        ),
        "met": jobs["all_met"],
    }


def _survey_row(pages: dict, mixed_pages: dict, data: dict) -> dict:
    measured = [
        (f"{name} {phase}", source[name]["p95_ms"], source[name]["errors"])
        for phase, source in (
            ("warm", {n: pages[n].get("warm") for n in pages}),
            ("mixed", mixed_pages),
        )
        for name in SURVEY_PAGES
        if source.get(name)
    ]
    answers = data.get("survey_answers")
    label = f"survey results p95 ≤ {SURVEY_RESULTS_P95_MS} ms (page and API, warm and mixed)"
    if not measured:
        return {"target": label, "measured": "not measured", "met": None}
    worst = max(measured, key=lambda item: item[1])
    return {
        "target": label,
        "measured": f"worst p95 {worst[1]} ms ({worst[0]}); {answers:,} answers in the database"
        if answers is not None
        else f"worst p95 {worst[1]} ms ({worst[0]})",
        "met": all(p95 <= SURVEY_RESULTS_P95_MS and errors == 0 for _, p95, errors in measured),
    }


def _reminders_row(fan: dict | None) -> dict:
    label = f"{REMINDERS:,} reminders in ≤ {REMINDER_RATIO:.1f}× the time of as many no-op tasks"
    if not fan:
        return {"target": label, "measured": "not measured", "met": None}
    measured = (
        f"{fan['reminders_sent']:,} reminders in {fan['reminders_seconds']} s, {fan['count']:,} "
        f"no-op tasks in {fan['noop_seconds']} s: {fan['ratio']}×"
    )
    stalled = fan.get("stalled") or []
    if stalled:
        measured += f"; the queue did not empty within the wait ({', '.join(stalled)})"
    if fan["count"] < REMINDERS:
        return {"target": label, "measured": measured + f" (not {REMINDERS:,})", "met": None}
    return {
        "target": label,
        "measured": measured,
        "met": fan["ratio"] <= REMINDER_RATIO
        and fan["reminders_sent"] == fan["count"]
        and not stalled,
    }


def _load_row(load: dict | None) -> dict:
    label = f"make load: {LOAD_USERS} users × {LOAD_SECONDS} s, 0 errors and 0 timeouts"
    if not load:
        return {"target": label, "measured": "not measured", "met": None}
    measured = (
        f"{load['users']} users × {load['duration_s']} s: {load['requests']:,} requests, "
        f"{load['errors']} errors, {load['timeouts']} timeouts, p95 {load['p95_ms']} ms"
    )
    if load["users"] < LOAD_USERS or load["duration_s"] < LOAD_SECONDS:
        return {"target": label, "measured": measured + " (a shorter run)", "met": None}
    return {
        "target": label,
        "measured": measured,
        "met": load["errors"] == 0 and load["timeouts"] == 0,
    }
