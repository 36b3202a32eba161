"""Does the network work? The outcome figures (issue 24) beside the activity figures: teacher
students' placements and hires (the win-win), hours given per college and task, feedback,
curriculum changes, the programme's goals and each college's network health.

`build_impact` returns plain data, cached like the dashboard's figures under the same version
every write bumps; portal.dashboard.impact_presentation turns it into tables and sentences.
"""

import datetime
import statistics

from django.conf import settings
from django.utils import timezone

from leadvet.lib.cache import CacheUnavailable, shared_cache
from outcomes.models import CurriculumProposal, Deliverable
from outcomes.selectors import figures as outcome_figures
from outcomes.selectors import goals as goal_selectors
from portal.dashboard.cache import (
    ALL_DOMAINS,
    CACHE_SECONDS,
    VersionedKeys,
    cached,
    fingerprint,
    versioned_key,
)
from portal.dashboard.periods import Filters, percent_change, term_of

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
    today = timezone.localdate(now)
    period = filters.period
    scope = {"college_ids": filters.college_ids, "country_id": filters.country_id}
    moments = {"start_at": period.start_at, "end_at": period.end_at}
    if rows is None:
        rows = outcome_figures.figure_rows(**_row_arguments(filters))
    catalogue = {row["college"]: row for row in rows["colleges"]}

    def college_name(college_id):
        return catalogue.get(college_id, {}).get("college_name", "")

    def country_name(college_id):
        return catalogue.get(college_id, {}).get("country_name", "")

    # 2. The win-win: placements and hires ---------------------------------------------------
    per_college: dict[int, dict] = {}
    per_field: dict[int, dict] = {}
    per_term: dict[tuple, dict] = {}
    per_country: dict[str, dict] = {}
    totals = _empty_path() | {"hired_in_shortage": 0}
    for row in rows.get("path_by_college", ()):
        kind, count = row["kind"], row["count"]
        per_college.setdefault(row["college"], _empty_path())[kind] += count
        per_country.setdefault(country_name(row["college"]), _empty_path())[kind] += count
        totals[kind] += count
    for row in rows.get("path_by_field", ()):
        kind, count = row["kind"], row["count"]
        field = per_field.setdefault(
            row["field"],
            {"field": row["field_name"], "shortage": row["shortage"], **_empty_path()},
        )
        field[kind] += count
        if kind == "hired" and row["shortage"]:
            totals["hired_in_shortage"] += count
    for row in rows.get("path_by_month", ()):
        per_term.setdefault(term_of(row["month"]), _empty_path())[row["kind"]] += row["count"]
    network_hires: dict[int, int] = {}
    lead_days = []
    for row in rows["hires"]:
        if row["first_contact"] is not None:
            network_hires[row["college"]] = network_hires.get(row["college"], 0) + 1
            lead_days.append((row["day"] - row["first_contact"]).days)

    # 3. Resources: hours per college, task and term -----------------------------------------
    hours_college: dict[int, dict] = {}
    hours_task: dict[int, dict] = {}
    hours_term: dict[tuple, dict] = {}
    contacts_per_college: dict[int, int] = {}
    previous_per_college: dict[int, int] = {}
    minutes_total = minutes_extra = 0
    for row in rows["contact_minutes_by_college"]:
        if not row["current"]:
            previous_per_college[row["college"]] = (
                previous_per_college.get(row["college"], 0) + row["count"]
            )
            continue
        hours_college.setdefault(row["college"], {"contact": 0, "event": 0})["contact"] += (
            row["minutes"] or 0
        )
        contacts_per_college[row["college"]] = (
            contacts_per_college.get(row["college"], 0) + row["count"]
        )
    for row in rows["contact_minutes_by_task"]:
        if not row["current"]:
            continue
        minutes = row["minutes"] or 0
        extra = row["extra_resources"] is not None
        minutes_total += minutes
        if extra:
            minutes_extra += minutes
        task = hours_task.setdefault(
            row["task_number"], {"name": row["task_name"], "minutes": 0, "extra": extra}
        )
        task["minutes"] += minutes
    for row in rows["contact_minutes_by_month"]:
        if row["current"]:
            hours_term.setdefault(term_of(row["month"]), {"contact": 0, "event": 0})["contact"] += (
                row["minutes"] or 0
            )
    event_minutes_total = 0
    for row in rows["event_time_by_college"]:
        minutes = _minutes(row["duration"])
        event_minutes_total += minutes
        hours_college.setdefault(row["college"], {"contact": 0, "event": 0})["event"] += minutes
    for row in rows["event_time_by_month"]:
        hours_term.setdefault(term_of(row["month"]), {"contact": 0, "event": 0})["event"] += (
            _minutes(row["duration"])
        )

    # 4. Feedback -----------------------------------------------------------------------------
    feedback_college: dict[int, dict] = {}
    feedback_task: dict[int, dict] = {}
    for row in rows["contact_feedback"]:
        for target, key, extra in (
            (feedback_college, row["college"], {}),
            (feedback_task, row["task_number"], {"name": row["task_name"]}),
        ):
            entry = target.setdefault(key, {"asked": 0, "answered": 0, "score_sum": 0, **extra})
            entry["asked"] += row["count"]
            entry["answered"] += row["answered"]
            entry["score_sum"] += row["score_sum"] or 0
    event_feedback = [
        {
            "kind": row["event_kind"],
            "asked": row["count"],
            "answered": row["answered"],
            "mean": round(row["mean"], 2) if row["mean"] is not None else None,
        }
        for row in rows["event_feedback"]
    ]

    # 5. Curriculum influence -----------------------------------------------------------------
    changes = [
        {
            "date": proposal.contact.date,
            "task": f"{proposal.contact.task.number}. {proposal.contact.task.name}",
            "proposal": proposal.proposal,
            "status": proposal.status,
            "change": proposal.change,
        }
        for proposal in outcome_figures.curriculum_changes(**moments, **scope)
    ]
    curriculum_counts = {row["status"]: row["count"] for row in rows["curriculum"]}

    # 7. Network health per college ----------------------------------------------------------
    college_ids = (
        set(per_college) | set(hours_college) | set(contacts_per_college) | set(feedback_college)
    )
    college_ids.discard(None)
    health = []
    for college_id in college_ids:
        path = per_college.get(college_id, _empty_path())
        hours = hours_college.get(college_id, {"contact": 0, "event": 0})
        feedback = feedback_college.get(college_id)
        contacts = contacts_per_college.get(college_id, 0)
        health.append(
            {
                "college_id": college_id,
                "college": college_name(college_id),
                "country": country_name(college_id),
                "contacts": contacts,
                "previous_contacts": previous_per_college.get(college_id, 0),
                "trend": percent_change(contacts, previous_per_college.get(college_id, 0)),
                "contact_hours": round(hours["contact"] / 60, 1),
                "event_hours": round(hours["event"] / 60, 1),
                "hours": round((hours["contact"] + hours["event"]) / 60, 1),
                "placements": path["placement"],
                "hired": path["hired"],
                "outcomes": path["placement"] + path["hired"] + path["offered"],
                "network_hires": network_hires.get(college_id, 0),
                "feedback_asked": feedback["asked"] if feedback else 0,
                "feedback_answered": feedback["answered"] if feedback else 0,
                "feedback_mean": (
                    round(feedback["score_sum"] / feedback["answered"], 2)
                    if feedback and feedback["answered"]
                    else None
                ),
            }
        )
    for row in health:
        outcomes = row["outcomes"]
        row["hours_per_outcome"] = round(row["hours"] / outcomes, 1) if outcomes else None
    health.sort(key=lambda row: (-row["outcomes"], -row["hours"], row["college"]))

    return {
        "generated_at": now,
        "today": today,
        "threshold": settings.SURVEY_ANONYMITY_THRESHOLD,
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
                for (season, year), counts in sorted(
                    per_term.items(), key=lambda item: (item[0][1], item[0][0] == "autumn")
                )
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
                        "hires": per_college.get(college_id, _empty_path())["hired"],
                    }
                    for college_id, count in network_hires.items()
                ),
                key=lambda row: (-row["network_hires"], row["college"]),
            ),
        },
        "hours": {
            "contact_hours": round(minutes_total / 60, 1),
            "event_hours": round(event_minutes_total / 60, 1),
            "total_hours": round((minutes_total + event_minutes_total) / 60, 1),
            "extra_hours": round(minutes_extra / 60, 1),
            "extra_share": rate(minutes_extra, minutes_total),
            "by_task": [
                {
                    "number": number,
                    "name": row["name"],
                    "hours": round(row["minutes"] / 60, 1),
                    "extra": row["extra"],
                    "share": rate(row["minutes"], minutes_total),
                }
                for number, row in sorted(hours_task.items())
            ],
            "by_term": [
                {
                    "season": season,
                    "year": year,
                    "contact_hours": round(row["contact"] / 60, 1),
                    "event_hours": round(row["event"] / 60, 1),
                }
                for (season, year), row in sorted(
                    hours_term.items(), key=lambda item: (item[0][1], item[0][0] == "autumn")
                )
            ],
        },
        "feedback": {
            "by_task": [
                {
                    "number": number,
                    "name": row["name"],
                    "asked": row["asked"],
                    "answered": row["answered"],
                    "mean": round(row["score_sum"] / row["answered"], 2)
                    if row["answered"]
                    else None,
                }
                for number, row in sorted(feedback_task.items())
            ],
            "events": event_feedback,
        },
        "curriculum": {
            "counts": {
                status: curriculum_counts.get(status, 0)
                for status in CurriculumProposal.Status.values
            },
            "changes": changes,
        },
        "goals": _goals(today),
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


# The grouped counts in two parts, each kept under the versions of the domains it is read
# from: the contact minutes change with every contact logged; placements, hires (with their
# first contact, which a contact logged today and linked to nothing is not), events, feedback
# and curriculum proposals do not.
CONTACT_MINUTES = outcome_figures.CONTACT_MINUTE_PARTS
ROW_DOMAINS: dict[str, tuple[str, ...]] = {
    "contact_minutes": ("contacts", "mentors"),
    "outcomes": tuple(domain for domain in ALL_DOMAINS if domain != "contacts"),
}


def _row_part(row_name: str) -> str:
    return "contact_minutes" if row_name in CONTACT_MINUTES else "outcomes"


def _kept_rows(filters: Filters, keys: VersionedKeys) -> dict[str, list[dict]]:
    """figure_rows, each part (`ROW_DOMAINS`) from the shared cache, those that a write made
    stale read again; in one statement when both are."""
    arguments = _row_arguments(filters)
    names = {part: keys.key(part, domains) for part, domains in ROW_DOMAINS.items()}
    try:
        if None in names.values():
            raise CacheUnavailable
        cache = shared_cache()
        found = cache.get_many(list(names.values()))
    except CacheUnavailable:
        return outcome_figures.figure_rows(**arguments)
    rows: dict[str, list[dict]] = {}
    stale: dict[str, dict] = {}
    for part, key in names.items():
        if key in found:
            rows.update(found[key])
        else:
            stale[part] = {}
    if stale.keys() == {"contact_minutes"}:
        arguments["only"] = CONTACT_MINUTES
    elif stale.keys() == {"outcomes"}:
        arguments["leave_out"] = CONTACT_MINUTES
    for row_name, read in (outcome_figures.figure_rows(**arguments) if stale else {}).items():
        stale[_row_part(row_name)][row_name] = read
    for part, read in stale.items():
        rows.update(read)
        try:
            cache.set(names[part], read, CACHE_SECONDS)
        except CacheUnavailable:
            pass
    return rows


def impact_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str | None:
    return versioned_key("dashboard:impact", fingerprint(filters, now or timezone.now()))


def cached_impact(filters: Filters, *, now: datetime.datetime | None = None) -> dict:
    """The outcome figures, kept whole under every domain's version; when a write made them
    stale, built from their grouped counts, of which only the parts that write touched are
    read again (`_kept_rows`)."""
    now = now or timezone.now()
    return cached(
        impact_cache_key(filters, now=now),
        lambda: build_impact(
            filters,
            now=now,
            rows=_kept_rows(filters, VersionedKeys("dashboard:impact", fingerprint(filters, now))),
        ),
    )
