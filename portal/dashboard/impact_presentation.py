"""The outcome figures (portal.dashboard.impact) as tables and sentences: the dashboard's
outcomes page, the steering report page, its PDF, XLSX and CSV. In the steering report
(`anonymous=True`) a count of people below the anonymity threshold is not shown and no person
is named."""

from django.utils.translation import gettext as _

from events.models import Event
from leadvet.lib.exports import Column, Kind
from outcomes.models import CurriculumProposal, Deliverable
from portal.dashboard.impact import rate
from portal.dashboard.periods import term_label
from portal.dashboard.presentation import Table


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
                    rate(row["feedback_answered"], row["feedback_asked"]),
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
                    rate(row["answered"], row["asked"]),
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
                    rate(row["answered"], row["asked"]),
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
