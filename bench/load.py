"""`make load`: simulated mentors browse, log contacts and register for events at once (wrk with
bench/load.lua)."""

from bench.environment import OUT  # first: the defaults and django.setup()

# isort: split

from django.urls import reverse
from django.utils import timezone

from bench.mixed import open_events, writers
from bench.servers import Gunicorn, check_page, rss_mb, wrk
from events.models import Registration
from mentors.models import Contact, MentorTask


def load_run(port: int, *, users: int, duration: int) -> dict:
    """`users` mentors, each with a session and a CSRF token, for `duration` seconds against the
    gunicorn on `port`: 70 % page views, 20 % contacts, 10 % registrations."""
    people = writers(users)
    events = open_events([person["user_id"] for person in people])
    task = MentorTask.objects.order_by("number").first()
    sessions = OUT / "load-sessions.tsv"
    sessions.write_text("".join(f"{p['cookie']}\t{p['csrf']}\n" for p in people))
    paths = OUT / "load-paths.txt"
    paths.write_text(
        "\n".join(
            [
                reverse("home"),
                reverse("mentors:contact_list"),
                reverse("events:list"),
                reverse("mentors:profile"),
                reverse("mentors:availability_list"),
                *[reverse("events:detail", args=[pk]) for pk in events[:20]],
            ]
        )
        + "\n"
    )
    env = {
        "LOAD_SESSIONS": str(sessions),
        "LOAD_PATHS": str(paths),
        "LOAD_EVENTS": " ".join(str(pk) for pk in events),
        "LOAD_TASK": str(task.pk),
        "LOAD_TODAY": timezone.localdate().isoformat(),
    }
    for path in paths.read_text().split():
        check_page(port, path, people[0]["cookie"])
    contacts_before = Contact.objects.count()
    registrations_before = Registration.objects.count()
    result = wrk(
        port, "/", "", duration=duration, connections=users, script="load.lua", extra_env=env
    )
    result["contacts_logged"] = Contact.objects.count() - contacts_before
    result["registrations_made"] = Registration.objects.count() - registrations_before
    result["users"] = len(people)
    result["duration_s"] = duration
    return result


def load(args) -> dict:
    """`make load` on its own: its own gunicorn; the result is also kept in bench/results.json
    under this scale."""
    from bench import suite

    suite.prepare()
    with Gunicorn(workers=args.web_workers) as server:
        result = load_run(server.port, users=args.users, duration=args.duration)
        result["web_worker_rss_mb"] = [rss_mb(pid) for pid in server.worker_pids()]
    suite.store({"load": result}, merge=True)
    print(
        f"load: {result['users']} users x {result['duration_s']} s: {result['requests']:,} "
        f"requests, {result['rps']} req/s, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"errors {result['errors']}, timeouts {result['timeouts']}; "
        f"{result['contacts_logged']:,} contacts, {result['registrations_made']:,} registrations"
    )
    if result["errors"]:
        raise SystemExit(f"{result['errors']} errors under load")
    return result
