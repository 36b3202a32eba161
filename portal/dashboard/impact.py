"""Does the network work? The outcome figures (issue 24) beside the activity figures: teacher
students' placements and hires (the win-win), hours given per college and task, feedback,
curriculum changes, the programme's goals and each college's network health.

`build_impact` returns plain data (cached like the dashboard's figures, under the same version
every write bumps); `impact_tables` turns it into the tables of the dashboard, the steering
report page, its PDF, XLSX and CSV. In the steering report (`anonymous=True`) a count of
people below the anonymity threshold is not shown and no person is named.
"""

import datetime
import hashlib
import statistics

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from colleges import selectors as college_selectors
from events.models import Event
from leadvet.lib.exports import Column, Kind
from outcomes.models import CurriculumProposal, Deliverable
from outcomes.selectors import figures as outcome_figures
from outcomes.selectors import goals as goal_selectors
from portal.dashboard.cache import cached, versioned_key
from portal.dashboard.periods import Filters, percent_change, term_label, term_of
from portal.dashboard.presentation import Table

KINDS = ("placement", "hired", "offered", "further")


def _empty_path() -> dict:
    return dict.fromkeys(KINDS, 0)


def _rate(part: int | float, whole: int | float) -> int | None:
    return round(part * 100 / whole) if whole else None


def build_impact(
    filters: Filters, *, now: datetime.datetime | None = None, catalogue: dict | None = None
) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    period = filters.period
    scope = {"college_ids": filters.college_ids, "country_id": filters.country_id}
    days = {"start": period.start, "end": period.end}
    moments = {"start_at": period.start_at, "end_at": period.end_at}
    catalogue = catalogue if catalogue is not None else college_selectors.college_catalogue()

    def college_name(college_id):
        return catalogue.get(college_id, {}).get("name", "")

    def country_name(college_id):
        return catalogue.get(college_id, {}).get("country__name", "")

    # 2. The win-win: placements and hires ---------------------------------------------------
    per_college: dict[int, dict] = {}
    per_field: dict[int, dict] = {}
    per_term: dict[tuple, dict] = {}
    per_country: dict[str, dict] = {}
    totals = _empty_path() | {"hired_in_shortage": 0}
    for row in outcome_figures.path_counts(**days, **scope, field_id=filters.field_id):
        kind, count = row["kind"], row["count"]
        college = per_college.setdefault(row["college_id"], _empty_path())
        college[kind] += count
        field = per_field.setdefault(
            row["field_id"],
            {
                "field": row["field__name"],
                "shortage": row["field__is_shortage"],
                **_empty_path(),
            },
        )
        field[kind] += count
        per_term.setdefault(term_of(row["month"]), _empty_path())[kind] += count
        per_country.setdefault(country_name(row["college_id"]), _empty_path())[kind] += count
        totals[kind] += count
        if kind == "hired" and row["field__is_shortage"]:
            totals["hired_in_shortage"] += count
    network_hires: dict[int, int] = {}
    lead_days = []
    for college_id, hired_on, first_contact in outcome_figures.hires(
        **days, **scope, field_id=filters.field_id
    ):
        if first_contact is not None:
            network_hires[college_id] = network_hires.get(college_id, 0) + 1
            lead_days.append((hired_on - first_contact).days)

    # 3. Resources: hours per college, task and term -----------------------------------------
    hours_college: dict[int, dict] = {}
    hours_task: dict[int, dict] = {}
    hours_term: dict[tuple, dict] = {}
    contacts_per_college: dict[int, int] = {}
    previous_per_college: dict[int, int] = {}
    minutes_total = minutes_extra = 0
    for row in outcome_figures.contact_minutes(
        **days, previous_start=period.previous_start, **scope
    ):
        if not row["current"]:
            previous_per_college[row["college_id"]] = (
                previous_per_college.get(row["college_id"], 0) + row["contacts"]
            )
            continue
        minutes = row["minutes"] or 0
        extra = row["task__extra_resources__id"] is not None
        minutes_total += minutes
        if extra:
            minutes_extra += minutes
        hours_college.setdefault(row["college_id"], {"contact": 0, "event": 0})["contact"] += (
            minutes
        )
        task = hours_task.setdefault(
            row["task__number"], {"name": row["task__name"], "minutes": 0, "extra": extra}
        )
        task["minutes"] += minutes
        hours_term.setdefault(term_of(row["month"]), {"contact": 0, "event": 0})["contact"] += (
            minutes
        )
        contacts_per_college[row["college_id"]] = (
            contacts_per_college.get(row["college_id"], 0) + row["contacts"]
        )
    event_minutes_total = 0
    for row in outcome_figures.attendance_per_event(**moments, **scope):
        length = max(
            0, round((row["event__ends_at"] - row["event__starts_at"]).total_seconds() / 60)
        )
        minutes = length * row["attendees"]
        event_minutes_total += minutes
        college_id = row["user__mentor__college_id"]
        hours_college.setdefault(college_id, {"contact": 0, "event": 0})["event"] += minutes
        day = timezone.localdate(row["event__starts_at"])
        hours_term.setdefault(term_of(day), {"contact": 0, "event": 0})["event"] += minutes

    # 4. Feedback -----------------------------------------------------------------------------
    feedback_college: dict[int, dict] = {}
    feedback_task: dict[int, dict] = {}
    for row in outcome_figures.contact_feedback_counts(**moments, **scope):
        for target, key, extra in (
            (feedback_college, row["request__mentor__college_id"], {}),
            (feedback_task, row["request__task__number"], {"name": row["request__task__name"]}),
        ):
            entry = target.setdefault(key, {"asked": 0, "answered": 0, "score_sum": 0, **extra})
            entry["asked"] += row["asked"]
            entry["answered"] += row["answered"]
            entry["score_sum"] += row["score_sum"] or 0
    event_feedback = [
        {
            "kind": row["registration__event__kind"],
            "asked": row["asked"],
            "answered": row["answered"],
            "mean": round(row["mean"], 2) if row["mean"] is not None else None,
        }
        for row in outcome_figures.event_feedback_counts(**moments)
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
    curriculum_counts = outcome_figures.curriculum_status_counts(**moments, **scope)

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
            "shortage_share": _rate(totals["hired_in_shortage"], totals["hired"]),
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
            "extra_share": _rate(minutes_extra, minutes_total),
            "by_task": [
                {
                    "number": number,
                    "name": row["name"],
                    "hours": round(row["minutes"] / 60, 1),
                    "extra": row["extra"],
                    "share": _rate(row["minutes"], minutes_total),
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


def impact_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str | None:
    now = now or timezone.now()
    fingerprint = hashlib.sha256(
        repr((filters, timezone.localdate(now).isoformat())).encode()
    ).hexdigest()[:32]
    return versioned_key("dashboard:impact", fingerprint)


def cached_impact(
    filters: Filters, *, now: datetime.datetime | None = None, catalogue: dict | None = None
) -> dict:
    now = now or timezone.now()
    return cached(
        impact_cache_key(filters, now=now),
        lambda: build_impact(filters, now=now, catalogue=catalogue),
    )


# Presentation --------------------------------------------------------------------------


def _kind_label(value: str) -> str:
    try:
        return str(Event.Kind(value).label)
    except ValueError:
        return value


def status_label(value: str) -> str:
    return str(Deliverable.Status(value).label)


def proposal_status_label(value: str) -> str:
    return str(CurriculumProposal.Status(value).label)


def goal_state(row: dict) -> str:
    if row.get("achieved_on") or row.get("status") == Deliverable.Status.PUBLISHED:
        return _("done")
    if row["late"]:
        return _("late")
    if row["at_risk"]:
        return _("at risk")
    return _("on track")


def impact_tables(impact: dict, *, anonymous: bool) -> dict[str, Table]:
    """The outcome tables; `anonymous` (the steering report): counts of people below the
    threshold are left out (shown as "fewer than N") and the network-health table has no
    link to the people behind it."""
    threshold = impact["threshold"]
    fewer = _("fewer than %(count)s") % {"count": threshold}

    def people(count: int) -> int | None:
        return None if anonymous and 0 < count < threshold else count

    def people_column(label: str) -> Column:
        return Column(label, Kind.INTEGER, missing=fewer if anonymous else "")

    path = impact["path"]
    hours = impact["hours"]
    feedback = impact["feedback"]
    goals = impact["goals"]
    path_columns = [
        people_column(_("Placements")),
        people_column(_("Hired")),
        people_column(_("Offered a job")),
    ]

    def path_cells(row: dict) -> list:
        return [people(row["placement"]), people(row["hired"]), people(row["offered"])]

    tables = [
        Table(
            "goals",
            _("The programme's goals and deliverables"),
            [
                Column(_("Goal or deliverable")),
                Column(_("Status")),
                Column(_("Deadline"), Kind.DATE, missing="–"),
                Column(_("Owner")),
                Column(_("State")),
            ],
            [
                row
                for objective in goals["objectives"]
                for row in (
                    [
                        [
                            f"{objective['number']}. {objective['title']}",
                            _("achieved") if objective["achieved_on"] else _("open"),
                            objective["deadline"],
                            objective["owner"],
                            goal_state(objective),
                        ]
                    ]
                    + [
                        [
                            f"– {item['code']} {item['title']}".replace("  ", " "),
                            status_label(item["status"]),
                            item["due_on"],
                            item["owner"] or item["authors"],
                            goal_state(item),
                        ]
                        for item in objective["deliverables"]
                    ]
                )
            ]
            + [
                [
                    f"{item['code']} {item['title']}".strip(),
                    status_label(item["status"]),
                    item["due_on"],
                    item["owner"] or item["authors"],
                    goal_state(item),
                ]
                for item in goals["loose_deliverables"]
            ],
        ),
        Table(
            "path_summary",
            _("Teacher students: placements and hires"),
            [Column(_("Figure")), Column(_("Value"), Kind.NUMBER, missing=fewer)],
            [
                [_("Placements"), people(path["totals"]["placement"])],
                [_("Hired"), people(path["totals"]["hired"])],
                [_("Offered a job"), people(path["totals"]["offered"])],
                [_("Further contact"), people(path["totals"]["further"])],
                [_("Hires in shortage fields"), people(path["totals"]["hired_in_shortage"])],
                [_("Share of hires in shortage fields (%)"), path["shortage_share"]],
                [_("Days from first contact to hire (mean)"), path["lead_days_mean"]],
                [_("Days from first contact to hire (median)"), path["lead_days_median"]],
            ],
        ),
        Table(
            "path_by_field",
            _("Placements and hires per field (shortage fields first)"),
            [Column(_("Vocational field")), Column(_("Shortage field")), *path_columns],
            [
                [row["field"], _("yes") if row["shortage"] else _("no"), *path_cells(row)]
                for row in path["by_field"]
            ],
        ),
        Table(
            "path_by_college",
            _("Placements and hires per college"),
            [
                Column(_("College")),
                Column(_("Country")),
                *path_columns,
                people_column(_("Hires through network contacts")),
            ],
            [
                [row["college"], row["country"], *path_cells(row), people(row["network_hires"])]
                for row in path["by_college"]
            ],
        ),
        Table(
            "path_by_term",
            _("Placements and hires per term"),
            [Column(_("Term")), *path_columns],
            [[term_label(row["season"], row["year"]), *path_cells(row)] for row in path["by_term"]],
        ),
        Table(
            "path_by_country",
            _("Placements and hires per country"),
            [Column(_("Country")), *path_columns],
            [[row["country"], *path_cells(row)] for row in path["by_country"]],
        ),
        Table(
            "recruitment_channels",
            _("Colleges for which the network is a recruitment channel"),
            [
                Column(_("College")),
                Column(_("Country")),
                people_column(_("Hires through network contacts")),
                people_column(_("All hires")),
            ],
            [
                [row["college"], row["country"], people(row["network_hires"]), people(row["hires"])]
                for row in path["channels"]
            ],
        ),
        Table(
            "hours_by_college",
            _("Hours given per college"),
            [
                Column(_("College")),
                Column(_("Contact hours"), Kind.NUMBER),
                Column(_("Event hours"), Kind.NUMBER),
                Column(_("Hours in all"), Kind.NUMBER),
                people_column(_("Outcomes received")),
                Column(_("Hours per outcome"), Kind.NUMBER, missing="–"),
            ],
            [
                [
                    row["college"],
                    row["contact_hours"],
                    row["event_hours"],
                    row["hours"],
                    people(row["outcomes"]),
                    row["hours_per_outcome"],
                ]
                for row in impact["health"]
            ],
        ),
        Table(
            "hours_by_task",
            _("Contact hours per mentor task"),
            [
                Column(_("Mentor task")),
                Column(_("Needs extra resources")),
                Column(_("Hours"), Kind.NUMBER),
                Column(_("Share"), Kind.PERCENT, missing="–"),
            ],
            [
                [
                    f"{row['number']}. {row['name']}",
                    _("yes") if row["extra"] else _("no"),
                    row["hours"],
                    row["share"],
                ]
                for row in hours["by_task"]
            ],
        ),
        Table(
            "hours_by_term",
            _("Hours per term"),
            [
                Column(_("Term")),
                Column(_("Contact hours"), Kind.NUMBER),
                Column(_("Event hours"), Kind.NUMBER),
            ],
            [
                [term_label(row["season"], row["year"]), row["contact_hours"], row["event_hours"]]
                for row in hours["by_term"]
            ],
        ),
        Table(
            "feedback_by_college",
            _("Feedback after contact requests per college"),
            [
                Column(_("College")),
                Column(_("Asked"), Kind.INTEGER),
                Column(_("Answered"), Kind.INTEGER),
                Column(_("Completion"), Kind.PERCENT, missing="–"),
                Column(_("Mean score (1–5)"), Kind.NUMBER, missing=fewer),
            ],
            [
                [
                    row["college"],
                    row["feedback_asked"],
                    row["feedback_answered"],
                    _rate(row["feedback_answered"], row["feedback_asked"]),
                    row["feedback_mean"] if row["feedback_answered"] >= threshold else None,
                ]
                for row in impact["health"]
                if row["feedback_asked"]
            ],
        ),
        Table(
            "feedback_by_task",
            _("Feedback after contact requests per mentor task"),
            [
                Column(_("Mentor task")),
                Column(_("Asked"), Kind.INTEGER),
                Column(_("Answered"), Kind.INTEGER),
                Column(_("Completion"), Kind.PERCENT, missing="–"),
                Column(_("Mean score (1–5)"), Kind.NUMBER, missing=fewer),
            ],
            [
                [
                    f"{row['number']}. {row['name']}",
                    row["asked"],
                    row["answered"],
                    _rate(row["answered"], row["asked"]),
                    row["mean"] if row["answered"] >= threshold else None,
                ]
                for row in feedback["by_task"]
            ],
        ),
        Table(
            "feedback_by_event_kind",
            _("Feedback after events per event type"),
            [
                Column(_("Event type")),
                Column(_("Asked"), Kind.INTEGER),
                Column(_("Answered"), Kind.INTEGER),
                Column(_("Completion"), Kind.PERCENT, missing="–"),
                Column(_("Mean score (1–5)"), Kind.NUMBER, missing=fewer),
            ],
            [
                [
                    _kind_label(row["kind"]),
                    row["asked"],
                    row["answered"],
                    _rate(row["answered"], row["asked"]),
                    row["mean"] if row["answered"] >= threshold else None,
                ]
                for row in feedback["events"]
            ],
        ),
        Table(
            "curriculum_changes",
            _("What changed in teacher education thanks to VET input"),
            [
                Column(_("Contact date"), Kind.DATE),
                Column(_("Mentor task")),
                Column(_("Proposal")),
                Column(_("Decision")),
                Column(_("What changed")),
            ],
            [
                [
                    row["date"],
                    row["task"],
                    row["proposal"],
                    proposal_status_label(row["status"]),
                    row["change"],
                ]
                for row in impact["curriculum"]["changes"]
            ],
        ),
        Table(
            "network_health",
            _("Network health per college"),
            [
                Column(_("College")),
                Column(_("Country")),
                Column(_("Contacts"), Kind.INTEGER),
                Column(_("Trend"), Kind.PERCENT, missing="–", signed=True),
                Column(_("Hours"), Kind.NUMBER),
                people_column(_("Outcomes")),
                Column(_("Feedback (1–5)"), Kind.NUMBER, missing="–"),
            ],
            [
                [
                    row["college"],
                    row["country"],
                    row["contacts"],
                    row["trend"],
                    row["hours"],
                    people(row["outcomes"]),
                    row["feedback_mean"] if row["feedback_answered"] >= threshold else None,
                ]
                for row in impact["health"]
            ],
        ),
    ]
    return {table.slug: table for table in tables}


def impact_sentences(impact: dict) -> list[str]:
    """The report's findings on outcomes, in plain words."""
    path, hours = impact["path"], impact["hours"]
    sentences = []
    goals = impact["goals"]
    if goals["objectives"] or goals["loose_deliverables"]:
        sentences.append(
            _("%(count)s goals or deliverables are late or at risk.")
            % {"count": goals["late_or_at_risk"]}
        )
    hired = path["totals"]["hired"]
    if hired >= impact["threshold"]:
        sentences.append(
            _("%(hired)s teacher students were hired, %(share)s %% of them in shortage fields.")
            % {"hired": hired, "share": path["shortage_share"]}
        )
    if path["lead_days_median"] is not None and path["hires_with_contacts"] >= impact["threshold"]:
        sentences.append(
            _("From the first contact to a hire took %(days)s days (median).")
            % {"days": path["lead_days_median"]}
        )
    if hours["total_hours"]:
        sentences.append(
            _(
                "Mentors gave %(hours)s hours in contacts and events; %(share)s %% of the contact "
                "hours went to tasks that may need extra resources."
            )
            % {"hours": hours["total_hours"], "share": hours["extra_share"] or 0}
        )
    return sentences
