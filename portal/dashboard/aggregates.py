"""The steering group's view of the figures: counts per college, field and task, no names.

Coordinators read the report with the mentors named (who to follow up, who to train); the
steering group reads aggregates (docs/architecture.md). `steering_figures` takes the dashboard's
figures and gives them without a person in them: the named lists become counts per college and
per vocational field (kept in the cache like the figures), and the network graph is summed up
from mentors to their colleges.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from leadvet.lib.exports import Column, Kind
from mentors.selectors import figures as mentor_figures
from portal.dashboard.cache import cached, fingerprint, versioned_key
from portal.dashboard.periods import Filters
from portal.dashboard.presentation import Table


def aggregate_graph(graph: dict) -> dict:
    """The network graph with its mentor nodes summed up into their colleges: a college node
    weighs its mentors, an edge from a college to a VTE group carries the contacts of the
    college's mentors with the group and how many mentors had them."""
    college_of = {
        edge["source"]: edge["target"] for edge in graph["edges"] if edge["kind"] == "membership"
    }
    mentors_per_college: dict[str, int] = {}
    for college in college_of.values():
        mentors_per_college[college] = mentors_per_college.get(college, 0) + 1
    links: dict[tuple[str, str], dict] = {}
    for edge in graph["edges"]:
        if edge["kind"] == "membership":
            continue
        key = (college_of[edge["source"]], edge["target"])
        link = links.setdefault(key, {"weight": 0, "mentors": set()})
        link["weight"] += edge["weight"]
        link["mentors"].add(edge["source"])
    nodes = []
    for node in graph["nodes"]:
        if node["kind"] == "mentor":
            continue
        if node["kind"] == "college":
            node = {**node, "weight": mentors_per_college.get(node["id"], 0)}
        nodes.append(node)
    edges = [
        {
            "source": college,
            "target": group,
            "kind": "college_contact",
            "weight": link["weight"],
            "mentors": len(link["mentors"]),
        }
        for (college, group), link in sorted(
            links.items(), key=lambda item: (-item[1]["weight"], item[0])
        )
    ]
    return {
        "nodes": nodes,
        "edges": edges,
        "mentor_limit": graph["mentor_limit"],
        "aggregated": True,
    }


def steering_figures(figures: dict, filters: Filters, *, now: datetime.datetime | None = None):
    """`figures` without names, and the counts that replace the named lists (two grouped
    queries, whatever the size of the network)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = today - datetime.timedelta(days=figures["follow_up"]["days"])
    # Kept like the figures, under the versions of the domains they are counted from.
    counts = cached(
        versioned_key(
            "dashboard:steering-counts", fingerprint(filters, now), ("contacts", "mentors")
        ),
        lambda: mentor_figures.follow_up_and_training_counts(
            since=since, today=today, **filters.scope
        ),
    )
    return {
        **figures,
        "follow_up": {**figures["follow_up"], "mentors": [], **counts["follow_up"]},
        "untrained": {**figures["untrained"], "mentors": [], **counts["untrained"]},
        "graph": aggregate_graph(figures["graph"]),
        "aggregates_only": True,
    }


def _field_name(row: dict) -> str:
    if row["fields__name"] is None:
        return _("No field given")
    if row["fields__is_shortage"]:
        return _("%(field)s (shortage field)") % {"field": row["fields__name"]}
    return row["fields__name"]


def _count_tables(slug: str, title_college: str, title_field: str, counts: dict) -> list[Table]:
    return [
        Table(
            slug,
            title_college,
            [Column(_("College")), Column(_("Country")), Column(_("Mentors"), Kind.INTEGER)],
            [
                [row["college__name"], row["college__country__name"] or "", row["count"]]
                for row in counts["by_college"]
            ],
        ),
        Table(
            f"{slug}_fields",
            title_field,
            [Column(_("Vocational field")), Column(_("Mentors"), Kind.INTEGER)],
            [[_field_name(row), row["count"]] for row in counts["by_field"]],
        ),
    ]


def steering_tables(figures: dict, tables: dict[str, Table]) -> dict[str, Table]:
    """The report's tables with the named ones replaced by counts (same slugs, so the page,
    the PDF and the CSV/XLSX exports all take them), and the per-field counts added."""
    replaced = [
        *_count_tables(
            "follow_up",
            _("Active mentors with no contact in 90 days, per college"),
            _("Active mentors with no contact in 90 days, per vocational field"),
            figures["follow_up"],
        ),
        *_count_tables(
            "untrained",
            _("Active mentors without mentor training in the last 24 months, per college"),
            _("Active mentors without mentor training in the last 24 months, per field"),
            figures["untrained"],
        ),
        Table(
            "network",
            _("Network: contacts between colleges and VTE groups"),
            [
                Column(_("College")),
                Column(_("VTE group")),
                Column(_("Mentors with contacts with the group"), Kind.INTEGER),
                Column(_("Contacts in the period"), Kind.INTEGER),
            ],
            _college_network_rows(figures["graph"]),
        ),
    ]
    by_slug = {table.slug: table for table in replaced}
    result = {}
    for slug, table in tables.items():
        result[slug] = by_slug.get(slug, table)
        if f"{slug}_fields" in by_slug:
            result[f"{slug}_fields"] = by_slug[f"{slug}_fields"]
    return result


def _college_network_rows(graph: dict) -> list[list]:
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    rows = [
        [labels[edge["source"]], labels[edge["target"]], edge["mentors"], edge["weight"]]
        for edge in graph["edges"]
    ]
    linked = {edge["source"] for edge in graph["edges"]}
    rows += [
        [node["label"], _("no contacts with VTE groups"), 0, 0]
        for node in graph["nodes"]
        if node["kind"] == "college" and node["id"] not in linked
    ]
    return rows
