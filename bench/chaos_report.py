"""`make chaos`'s report: what each request of the load came to, counted into the run's
report (bench/chaos.py runs the load and the faults)."""

from collections import Counter
from dataclasses import dataclass


@dataclass
class Outcome:
    started: float
    kind: str
    ok: bool
    status: int | str
    summary: str = ""


def _window(outcomes: list[Outcome], start: float, end: float) -> dict:
    inside = [o for o in outcomes if start <= o.started < end]
    errors = [o for o in inside if not o.ok]
    return {
        "requests": len(inside),
        "errors": len(errors),
        "error_rate": round(len(errors) / len(inside), 4) if inside else 0.0,
        "errors_by_kind": dict(Counter(f"{o.kind} {o.status}" for o in errors)),
    }


def tally(*, outcomes, health, timeline, run_id, contacts_in_db, messages, args, **counts) -> dict:
    saved = {o.summary for o in outcomes if o.summary}
    by_address = Counter((m["To"], m["Subject"]) for m in messages)
    redis_down = (timeline["redis_killed"], timeline["redis_started"])
    worker_down = (timeline["worker_killed"], timeline["worker_started"])
    return {
        "run": run_id,
        "users": args.users,
        "duration_s": args.duration,
        "timeline_s": {
            name: round(moment - timeline["load_started"], 1) for name, moment in timeline.items()
        },
        "requests": {
            **_window(outcomes, 0, float("inf")),
            "by_kind": dict(Counter(o.kind for o in outcomes)),
        },
        "while_redis_down": _window(outcomes, *redis_down),
        "while_worker_down": _window(outcomes, *worker_down),
        "outside_outages": {
            "requests": sum(
                1
                for o in outcomes
                if not (redis_down[0] <= o.started < redis_down[1])
                and not (worker_down[0] <= o.started < worker_down[1])
            ),
            "errors": sum(
                1
                for o in outcomes
                if not o.ok
                and not (redis_down[0] <= o.started < redis_down[1])
                and not (worker_down[0] <= o.started < worker_down[1])
            ),
        },
        "healthz_while_redis_down": sorted(
            {
                f"{code} {status} {','.join(degraded)}"
                for moment, code, status, degraded in health
                if redis_down[0] + 2 <= moment < redis_down[1]
            }
        ),
        "contacts": {
            "answered_saved": len(saved),
            "in_database": len(contacts_in_db),
            "lost": len(saved - contacts_in_db),
            "saved_although_the_answer_was_an_error": len(contacts_in_db - saved),
        },
        "registrations_made": counts["registrations_made"],
        "emails": {
            "owed": counts["emails_owed"],
            "sent": counts["emails_sent"],
            "unsent": counts["emails_owed"] - counts["emails_sent"],
            "messages_delivered": len(messages),
            "distinct_messages": len(by_address),
            "duplicates": sum(n - 1 for n in by_address.values()),
            "re_enqueued_by_the_sweep": counts["resent"],
        },
        "dashboard_bumps": {
            "paid_on_reconnect": counts["bumps_paid_on_reconnect"],
            "paid_by_the_sweep": counts["bumps_paid"],
            "still_owed": counts["bumps_still_owed"],
        },
    }


def print_report(report: dict) -> None:
    down = report["while_redis_down"]
    worker = report["while_worker_down"]
    contacts = report["contacts"]
    emails = report["emails"]
    timeline = report["timeline_s"]
    lines = [
        f"chaos run {report['run']}: {report['users']} users, {report['duration_s']} s",
        f"  worker killed at {timeline['worker_killed']} s, started at {timeline['worker_started']} s;"
        f" Redis killed at {timeline['redis_killed']} s, started at {timeline['redis_started']} s",
        f"  requests: {report['requests']['requests']}, errors {report['requests']['errors']}"
        f" ({report['requests']['error_rate']:.1%}); by kind {report['requests']['by_kind']}",
        f"  while Redis was down: {down['requests']} requests, {down['errors']} errors"
        f" ({down['error_rate']:.1%}) {down['errors_by_kind'] or ''}",
        f"  while the worker was down: {worker['requests']} requests, {worker['errors']} errors"
        f" ({worker['error_rate']:.1%})",
        f"  outside the outages: {report['outside_outages']['requests']} requests,"
        f" {report['outside_outages']['errors']} errors",
        f"  /healthz while Redis was down: {'; '.join(report['healthz_while_redis_down'])}",
        f"  contacts answered as saved: {contacts['answered_saved']}, in the database:"
        f" {contacts['in_database']}, lost: {contacts['lost']}",
        f"  registrations made: {report['registrations_made']}",
        f"  e-mails owed: {emails['owed']}, sent: {emails['sent']}, unsent: {emails['unsent']};"
        f" messages delivered {emails['messages_delivered']}, duplicates {emails['duplicates']};"
        f" re-enqueued by the sweep: {emails['re_enqueued_by_the_sweep']}",
        f"  dashboard version bumps owed during the outage: paid by the web workers on"
        f" reconnecting {report['dashboard_bumps']['paid_on_reconnect']}, by the sweep"
        f" {report['dashboard_bumps']['paid_by_the_sweep']}, still owed"
        f" {report['dashboard_bumps']['still_owed']}",
    ]
    print("\n".join(lines))
