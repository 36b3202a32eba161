"""Does the network work? The outcome figures (issue 24) beside the activity figures: teacher
students' placements and hires (the win-win), hours given per college and task, feedback,
curriculum changes, the programme's goals and each college's network health.

`build_impact` returns plain data, cached like the dashboard's figures under the same version
every write bumps; portal.dashboard.impact_presentation turns it into tables and sentences.
"""

import datetime
import statistics
from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from leadvet.lib import versions
from leadvet.lib.alongside import start_alongside
from leadvet.lib.cache import CacheUnavailable, shared_cache
from outcomes.models import CurriculumProposal, Deliverable
from outcomes.selectors import figures as outcome_figures
from outcomes.selectors import goals as goal_selectors
from portal.dashboard.cache import (
    ATTENDANCE,
    CACHE_SECONDS,
    NAMES,
    PAST_CONTACTS,
    VersionedKeys,
    cached,
    fingerprint,
    versioned_key,
)
from portal.dashboard.periods import Filters, percent_change, term_of
from portal.dashboard.today import runs_into_today

KINDS = ("placement", "hired", "offered", "further")


def _empty_path() -> dict:
    return dict.fromkeys(KINDS, 0)


def _minutes(duration: datetime.timedelta | None) -> int:
    return round(duration.total_seconds() / 60) if duration else 0


def rate(part: int | float, whole: int | float) -> int | None:
    return round(part * 100 / whole) if whole else None


def build_impact(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    rows: dict[str, list[dict]] | None = None,
) -> dict:
    """The outcome figures of `filters`, in four queries whatever the size of the data: every
    grouped count (outcomes.selectors.figures.figure_rows), the curriculum changes, the
    objectives and the deliverables."""
    now = now or timezone.now()
    if rows is None:
        rows = outcome_figures.figure_rows(**_row_arguments(filters))
    return assemble_impact(
        outcome_part(filters, rows, today=timezone.localdate(now)),
        event_part(rows),
        minute_part(rows),
        now=now,
    )


def outcome_part(filters: Filters, rows: dict[str, list[dict]], *, today: datetime.date) -> dict:
    """What the rows other than the contact minutes' and the events' make, with the curriculum
    changes, the objectives and the deliverables: the win-win, the feedback after contact
    requests, the curriculum and the goals, and what the network health takes from them. Kept
    apart from the contact minutes, which change with every contact logged, and from the
    events, which change with every registration (`cached_impact`)."""
    period = filters.period
    scope = {"college_ids": filters.college_ids, "country_id": filters.country_id}
    names = {row["college"]: (row["college_name"], row["country_name"]) for row in rows["colleges"]}

    def college_name(college_id) -> str:
        return names.get(college_id, ("", ""))[0]

    def country_name(college_id) -> str:
        return names.get(college_id, ("", ""))[1]

    # 2. The win-win: placements and hires ---------------------------------------------------
    per_college: dict[int, dict] = {}
    per_field: dict[int, dict] = {}
    per_term: dict[tuple, dict] = {}
    per_country: dict[str, dict] = {}
    totals = _empty_path() | {"hired_in_shortage": 0}
    for row in rows.get("path_by_college", ()):
        kind, count, college_id = row["kind"], row["count"], row["college"]
        if (counts := per_college.get(college_id)) is None:
            counts = per_college[college_id] = _empty_path()
        counts[kind] += count
        country = country_name(college_id)
        if (counts := per_country.get(country)) is None:
            counts = per_country[country] = _empty_path()
        counts[kind] += count
        totals[kind] += count
    for row in rows.get("path_by_field", ()):
        kind, count = row["kind"], row["count"]
        if (field := per_field.get(row["field"])) is None:
            field = per_field[row["field"]] = {
                "field": row["field_name"],
                "shortage": row["shortage"],
                **_empty_path(),
            }
        field[kind] += count
        if kind == "hired" and row["shortage"]:
            totals["hired_in_shortage"] += count
    for row in rows.get("path_by_month", ()):
        term = term_of(row["month"])
        if term not in per_term:
            per_term[term] = _empty_path()
        per_term[term][row["kind"]] += row["count"]
    network_hires: dict[int, int] = {}
    lead_days = []
    for row in rows["hires"]:
        if row["first_contact"] is not None:
            network_hires[row["college"]] = network_hires.get(row["college"], 0) + 1
            lead_days.append((row["day"] - row["first_contact"]).days)

    # 4. Feedback -----------------------------------------------------------------------------
    feedback_college: dict[int, dict] = {}
    feedback_task: dict[int, dict] = {}
    for row in rows["contact_feedback"]:
        for target, key, extra in (
            (feedback_college, row["college"], {}),
            (feedback_task, row["task_number"], {"name": row["task_name"]}),
        ):
            if (entry := target.get(key)) is None:
                entry = target[key] = {"asked": 0, "answered": 0, "score_sum": 0, **extra}
            entry["asked"] += row["count"]
            entry["answered"] += row["answered"]
            entry["score_sum"] += row["score_sum"] or 0
    # 5. Curriculum influence -----------------------------------------------------------------
    changes = [
        {
            "date": proposal.contact.date,
            "task": f"{proposal.contact.task.number}. {proposal.contact.task.name}",
            "proposal": proposal.proposal,
            "status": proposal.status,
            "change": proposal.change,
        }
        for proposal in outcome_figures.curriculum_changes(
            start_at=period.start_at, end_at=period.end_at, **scope
        )
    ]
    curriculum_counts = {row["status"]: row["count"] for row in rows["curriculum"]}

    return {
        "names": names,
        "per_college": per_college,
        "network_hires": network_hires,
        "feedback_college": feedback_college,
        "path": {
            "totals": totals,
            "shortage_share": rate(totals["hired_in_shortage"], totals["hired"]),
            "lead_days_mean": round(statistics.fmean(lead_days)) if lead_days else None,
            "lead_days_median": round(statistics.median(lead_days)) if lead_days else None,
            "hires_with_contacts": len(lead_days),
            "by_college": sorted(
                (
                    {
                        "college_id": college_id,
                        "college": college_name(college_id),
                        "country": country_name(college_id),
                        **counts,
                        "network_hires": network_hires.get(college_id, 0),
                    }
                    for college_id, counts in per_college.items()
                ),
                key=lambda row: (-row["hired"], -row["placement"], row["college"]),
            ),
            "by_field": sorted(
                per_field.values(),
                key=lambda row: (
                    not row["shortage"],
                    -row["hired"],
                    -row["placement"],
                    row["field"],
                ),
            ),
            "by_term": [
                {"season": season, "year": year, **counts}
                for (season, year), counts in sorted(per_term.items(), key=_term_order)
            ],
            "by_country": sorted(
                ({"country": country, **counts} for country, counts in per_country.items()),
                key=lambda row: (-row["hired"], -row["placement"], row["country"]),
            ),
            "channels": sorted(
                (
                    {
                        "college_id": college_id,
                        "college": college_name(college_id),
                        "country": country_name(college_id),
                        "network_hires": count,
                        "hires": per_college[college_id]["hired"]
                        if college_id in per_college
                        else 0,
                    }
                    for college_id, count in network_hires.items()
                ),
                key=lambda row: (-row["network_hires"], row["college"]),
            ),
        },
        "feedback_by_task": [
            {
                "number": number,
                "name": row["name"],
                "asked": row["asked"],
                "answered": row["answered"],
                "mean": round(row["score_sum"] / row["answered"], 2) if row["answered"] else None,
            }
            for number, row in sorted(feedback_task.items())
        ],
        "curriculum": {
            "counts": {
                status: curriculum_counts.get(status, 0)
                for status in CurriculumProposal.Status.values
            },
            "changes": changes,
        },
        "goals": _goals(today),
    }


def event_part(rows: dict[str, list[dict]]) -> dict:
    """What the events make: their hours per college and term (the mentors marked present),
    and the feedback asked after them."""
    # The lengths summed first, then made minutes: as if summed per college or term in SQL.
    per_college: defaultdict[int, datetime.timedelta] = defaultdict(datetime.timedelta)
    by_term: defaultdict[tuple, datetime.timedelta] = defaultdict(datetime.timedelta)
    for row in rows["event_time"]:
        duration = row["duration"] or datetime.timedelta()
        per_college[row["college"]] += duration
        by_term[term_of(row["month"])] += duration
    return {
        "per_college": {college: _minutes(total) for college, total in per_college.items()},
        "by_term": {term: _minutes(total) for term, total in by_term.items()},
        "feedback": [
            {
                "kind": row["event_kind"],
                "asked": row["count"],
                "answered": row["answered"],
                "mean": round(row["mean"], 2) if row["mean"] is not None else None,
            }
            for row in rows["event_feedback"]
        ],
    }


def minute_part(rows: dict[str, list[dict]]) -> dict:
    """What the contact minutes make: the contacts' hours per college, task and term, and the
    contacts per college in the period and the one before."""
    per_college: dict[int, int] = {}
    contacts: dict[int, int] = {}
    previous: dict[int, int] = {}
    for row in rows["contact_minutes_by_college"]:
        college_id = row["college"]
        if not row["current"]:
            previous[college_id] = previous.get(college_id, 0) + row["count"]
            continue
        per_college[college_id] = per_college.get(college_id, 0) + (row["minutes"] or 0)
        contacts[college_id] = contacts.get(college_id, 0) + row["count"]
    by_task: dict[int, dict] = {}
    total = extra_total = 0
    for row in rows["contact_minutes_by_task"]:
        if not row["current"]:
            continue
        minutes = row["minutes"] or 0
        extra = row["extra_resources"] is not None
        total += minutes
        if extra:
            extra_total += minutes
        if (task := by_task.get(row["task_number"])) is None:
            task = by_task[row["task_number"]] = {
                "name": row["task_name"],
                "minutes": 0,
                "extra": extra,
            }
        task["minutes"] += minutes
    by_term: dict[tuple, int] = {}
    for row in rows["contact_minutes_by_month"]:
        if row["current"]:
            term = term_of(row["month"])
            by_term[term] = by_term.get(term, 0) + (row["minutes"] or 0)
    return {
        "per_college": per_college,
        "contacts": contacts,
        "previous": previous,
        "by_task": by_task,
        "by_term": by_term,
        "total": total,
        "extra": extra_total,
    }


def _term_order(item: tuple) -> tuple:
    (season, year), _value = item
    return year, season == "autumn"


def assemble_impact(outcomes: dict, events: dict, minutes: dict, *, now: datetime.datetime) -> dict:
    """The outcome figures from their three parts: the hours and each college's network health
    need them all."""
    names = outcomes["names"]
    per_college, network_hires = outcomes["per_college"], outcomes["network_hires"]
    event_minutes, feedback_college = events["per_college"], outcomes["feedback_college"]
    contact_minutes, contacts_per_college = minutes["per_college"], minutes["contacts"]
    previous_per_college = minutes["previous"]
    minutes_total, event_minutes_total = minutes["total"], sum(event_minutes.values())

    # 7. Network health per college ----------------------------------------------------------
    college_ids = set(per_college) | set(contact_minutes) | set(event_minutes)
    college_ids |= set(feedback_college)
    college_ids.discard(None)
    empty = _empty_path()
    health = []
    for college_id in college_ids:
        path = per_college.get(college_id, empty)
        contact, event = contact_minutes.get(college_id, 0), event_minutes.get(college_id, 0)
        feedback = feedback_college.get(college_id)
        contacts = contacts_per_college.get(college_id, 0)
        previous = previous_per_college.get(college_id, 0)
        hours = round((contact + event) / 60, 1)
        outcome_count = path["placement"] + path["hired"] + path["offered"]
        name, country = names.get(college_id, ("", ""))
        health.append(
            {
                "college_id": college_id,
                "college": name,
                "country": country,
                "contacts": contacts,
                "previous_contacts": previous,
                "trend": percent_change(contacts, previous),
                "contact_hours": round(contact / 60, 1),
                "event_hours": round(event / 60, 1),
                "hours": hours,
                "placements": path["placement"],
                "hired": path["hired"],
                "outcomes": outcome_count,
                "network_hires": network_hires.get(college_id, 0),
                "feedback_asked": feedback["asked"] if feedback else 0,
                "feedback_answered": feedback["answered"] if feedback else 0,
                "feedback_mean": (
                    round(feedback["score_sum"] / feedback["answered"], 2)
                    if feedback and feedback["answered"]
                    else None
                ),
                "hours_per_outcome": round(hours / outcome_count, 1) if outcome_count else None,
            }
        )
    health.sort(key=lambda row: (-row["outcomes"], -row["hours"], row["college"]))

    terms = set(minutes["by_term"]) | set(events["by_term"])
    return {
        "generated_at": now,
        "today": timezone.localdate(now),
        "threshold": settings.SURVEY_ANONYMITY_THRESHOLD,
        "path": outcomes["path"],
        "hours": {
            "contact_hours": round(minutes_total / 60, 1),
            "event_hours": round(event_minutes_total / 60, 1),
            "total_hours": round((minutes_total + event_minutes_total) / 60, 1),
            "extra_hours": round(minutes["extra"] / 60, 1),
            "extra_share": rate(minutes["extra"], minutes_total),
            "by_task": [
                {
                    "number": number,
                    "name": row["name"],
                    "hours": round(row["minutes"] / 60, 1),
                    "extra": row["extra"],
                    "share": rate(row["minutes"], minutes_total),
                }
                for number, row in sorted(minutes["by_task"].items())
            ],
            "by_term": [
                {
                    "season": season,
                    "year": year,
                    "contact_hours": round(minutes["by_term"].get((season, year), 0) / 60, 1),
                    "event_hours": round(events["by_term"].get((season, year), 0) / 60, 1),
                }
                for (season, year), _value in sorted(
                    ((term, None) for term in terms), key=_term_order
                )
            ],
        },
        "feedback": {"by_task": outcomes["feedback_by_task"], "events": events["feedback"]},
        "curriculum": outcomes["curriculum"],
        "goals": outcomes["goals"],
        "health": health,
    }


def _goals(today: datetime.date) -> dict:
    deliverables: dict[int | None, list] = {}
    for item in goal_selectors.deliverables_for_figures():
        deliverables.setdefault(item.objective_id, []).append(_deliverable(item, today))
    objectives = [
        {
            "number": objective.number,
            "title": objective.title,
            "deadline": objective.deadline,
            "owner": objective.owner.get_full_name() if objective.owner else "",
            "achieved_on": objective.achieved_on,
            "late": objective.is_late(today),
            "at_risk": objective.at_risk,
            "deliverables": deliverables.pop(objective.pk, []),
        }
        for objective in goal_selectors.objectives_for_figures()
    ]
    loose = [item for items in deliverables.values() for item in items]
    every = [item for objective in objectives for item in objective["deliverables"]] + loose
    return {
        "objectives": objectives,
        "loose_deliverables": loose,
        "late_or_at_risk": sum(1 for row in objectives if row["late"] or row["at_risk"])
        + sum(1 for row in every if row["late"] or row["at_risk"]),
        "by_status": {
            status: sum(1 for row in every if row["status"] == status)
            for status in Deliverable.Status.values
        },
    }


def _deliverable(item: Deliverable, today: datetime.date) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "status": item.status,
        "due_on": item.due_on,
        "authors": item.authors,
        "venue": item.venue,
        "owner": item.owner.get_full_name() if item.owner else "",
        "late": item.is_late(today),
        "at_risk": item.at_risk,
    }


def _row_arguments(filters: Filters) -> dict:
    period = filters.period
    return {
        "start": period.start,
        "end": period.end,
        "previous_start": period.previous_start,
        "start_at": period.start_at,
        "end_at": period.end_at,
        "college_ids": filters.college_ids,
        "country_id": filters.country_id,
        "field_id": filters.field_id,
    }


# The outcome figures in three parts, each kept under the versions of the domains it is read
# from (`PART_DOMAINS`) and made from its own rows (`PART_ROWS`; the outcome part from all the
# others): the contact minutes change with every contact logged, the events' time and feedback
# with the attendance (not with a registration made); placements, hires (with their first
# contact, which a contact logged today and linked to nothing is not), feedback after contact
# requests, curriculum proposals and goals with neither.
CONTACT_MINUTES = outcome_figures.CONTACT_MINUTE_PARTS
EVENT_ROWS = ("event_time", "event_feedback")
PART_ROWS = {"minute_figures": CONTACT_MINUTES, "event_figures": EVENT_ROWS}
PART_DOMAINS: dict[str, tuple[str, ...]] = {
    "minute_figures": ("contacts", "mentors", *NAMES),
    "event_figures": (ATTENDANCE, "mentors"),
    "outcome_figures": ("outcomes", "mentors", PAST_CONTACTS, *NAMES),
}


# The longest read of the outcome figures' rows (EU scale, cold: 0.2 s of the statement's
# 0.43): when the outcome part is made too (cold, or after a placement or hire), read beside
# the others (leadvet.lib.alongside); a part made again on its own is one statement.
READ_ALONGSIDE = ("event_time",)


def _figure_rows(*, beside: bool, **arguments) -> dict[str, list[dict]]:
    """The rows of `outcome_figures.figure_rows`; with `beside`, those of READ_ALONGSIDE in a
    statement of their own, at once with the others."""
    only, leave_out = arguments.pop("only", None), list(arguments.pop("leave_out", ()))
    aside = [name for name in READ_ALONGSIDE if only is None or name in only]
    aside = [name for name in aside if name not in leave_out] if beside else []
    if not aside or (only is not None and set(only) <= set(aside)):  # nothing else to read
        return outcome_figures.figure_rows(**arguments, only=only, leave_out=leave_out)
    read_aside = start_alongside(lambda: outcome_figures.figure_rows(**arguments, only=aside))
    rows = outcome_figures.figure_rows(**arguments, only=only, leave_out=[*leave_out, *aside])
    return rows | read_aside()


def _make_parts(filters: Filters, rows: dict, today: datetime.date, names) -> dict[str, dict]:
    makers = {
        "outcome_figures": lambda: outcome_part(filters, rows, today=today),
        "event_figures": lambda: event_part(rows),
        "minute_figures": lambda: minute_part(rows),
    }
    return {name: makers[name]() for name in names}


def _kept_parts(filters: Filters, keys: VersionedKeys, today: datetime.date) -> dict[str, dict]:
    """The three parts (`PART_DOMAINS`), each from this process or the shared cache; those a
    write made stale are made again from their rows, read in one statement (two at once with
    the outcome part: `_figure_rows`)."""
    arguments = _row_arguments(filters)
    # Kept as (built at, part): versions.keep_near.
    names = {part: keys.key(f"kept:{part}", domains) for part, domains in PART_DOMAINS.items()}
    try:
        if None in names.values():
            raise CacheUnavailable
        cache = shared_cache()
        # Kept in this process as well (after a contact, the outcome and event parts are read
        # again as they were): only the others are fetched and unpickled.
        found = versions.kept_near_in_process(names.values())
        fetched = cache.get_many([key for key in names.values() if key not in found])
        for key, kept in fetched.items():
            versions.keep_near(key, kept)
            found[key] = kept[1]
    except CacheUnavailable:
        return _make_parts(filters, _figure_rows(beside=True, **arguments), today, PART_DOMAINS)
    parts = {part: found[key] for part, key in names.items() if key in found}
    stale = [part for part in PART_DOMAINS if part not in parts]
    if not stale:
        return parts
    if stale == ["minute_figures"] and runs_into_today(
        filters.period.start, filters.period.end, today
    ):
        made = {"minute_figures": minute_part(_minute_rows(arguments, keys, today))}
    else:
        if "outcome_figures" in stale:
            arguments["leave_out"] = [row for part in parts for row in PART_ROWS[part]]
        else:
            arguments["only"] = [row for part in stale for row in PART_ROWS[part]]
        rows = _figure_rows(beside="outcome_figures" in stale, **arguments)
        made = _make_parts(filters, rows, today, stale)
    for part, value in made.items():
        kept = versions.stamped(value)
        try:
            cache.set(names[part], kept, CACHE_SECONDS)
        except CacheUnavailable:
            continue
        versions.keep_near(names[part], kept)
    return parts | made


def _minute_rows(arguments: dict, keys: VersionedKeys, today: datetime.date) -> dict:
    """The contact minutes' rows of a period that runs from before today into today: those of
    the days before today kept (under the versions that only a write to those days bumps, as
    the dashboard's contact figures: portal.dashboard.today) and today's read, from today's
    rollup rows, and added (`minute_part` sums its rows). After a contact logged today (nearly
    every write) the steering report so reads a day, not two terms, of minutes."""
    minutes = {**arguments, "only": CONTACT_MINUTES}
    yesterday = today - datetime.timedelta(days=1)
    before = versions.kept_near(
        keys.key("past:minute_rows", (PAST_CONTACTS, "mentors", *NAMES)),
        lambda: outcome_figures.figure_rows(**{**minutes, "end": yesterday}),
    )
    todays = outcome_figures.figure_rows(**{**minutes, "start": today, "previous_start": today})
    return {name: [*before[name], *todays[name]] for name in CONTACT_MINUTES}


def impact_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str | None:
    return versioned_key("dashboard:impact", fingerprint(filters, now or timezone.now()))


def cached_impact(filters: Filters, *, now: datetime.datetime | None = None) -> dict:
    """The outcome figures, kept whole under every domain's version; when a write made them
    stale, assembled from their three parts, of which only those that write touched are made
    again (`_kept_parts`)."""
    now = now or timezone.now()

    def build() -> dict:
        keys = VersionedKeys("dashboard:impact", fingerprint(filters, now))
        parts = _kept_parts(filters, keys, timezone.localdate(now))
        return assemble_impact(
            parts["outcome_figures"], parts["event_figures"], parts["minute_figures"], now=now
        )

    return cached(impact_cache_key(filters, now=now), build)
