"""The contact figures that cost the dashboard most, kept apart from today's contacts.

The mentors ranked by their contacts in the period (the graph's, and how many mentors have
contacts or were in VTE sessions), the graph's contacts per VTE group and the mentors to follow
up read every contact of the period; the contacts per college, month and task (the dashboard's
and the network-activity API's breakdown) every rollup row of it, and the counts of the period
and of the last 30, 90 and 365 days against the days before them every rollup row of two
years. For a period that ends today they are built from two parts: the days before today, read
once and kept (`keep`: portal.dashboard.cache keeps them under the version that only a write to
those days bumps), and today's contacts, read after every write and added. A contact logged
today (nearly every write) then costs the dashboard a read of today's contacts, not of the
year's (EU scale: 10 million contacts); and today's contacts per mentor and per college, month
and task are read once for every page that shows them (`share`: portal.dashboard.cache keeps
them by day and scope, not by page).

Each figure equals the one counted from all the contacts at once
(tests/portal/test_dashboard_today.py): counts add up; a mentor ranked now is either among the
first of before today or has contacts today; a mentor silent before today stays silent unless
they logged a contact today.
"""

import bisect
import datetime
import heapq
from array import array
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import Any

from leadvet.lib import versions
from mentors.selectors import contact_figures
from mentors.selectors import figures as mentor_figures
from mentors.selectors.contact_figures import BreakdownCounts, ContactBreakdown, MentorContacts
from portal.dashboard.periods import Filters

# keep(name, build): the part called `name`, kept or built.
Keep = Callable[[str, Callable[[], Any]], Any]
# Before today, the follow-up list keeps this many more rows than it shows, and the graph the
# group contacts of this many more mentors than it shows: room for those who log today (a
# mentor ranked further back who logs enough today is read on their own).
EXTRA = 200
GRAPH_EXTRA = 25
# The mentors ranked before today kept in rank order (the others by id only).
RANKED_KEPT = 2000


def built(_name: str, build: Callable[[], Any]) -> Any:
    """A `keep` that keeps nothing."""
    return build()


def once(keep: Keep) -> Keep:
    """`keep`, asked at most once per part in one build of the figures (the ranking before
    today serves the ranking and the graph)."""
    found: dict[str, Any] = {}

    def kept(name: str, build: Callable[[], Any]) -> Any:
        if name not in found:
            found[name] = keep(name, build)
        return found[name]

    return kept


def todays_end(end: datetime.date, today: datetime.date, share: Keep) -> datetime.date:
    """The last day that today's part of a period ending `end` (today or later) has contacts
    on: today, unless contacts are dated after today, which the services refuse (an import or
    the admin might not). Today's part of the report's term is then that of the dashboard's
    last 365 days, and `share` gives both the same."""
    if end <= today or share("later", lambda: contact_figures.any_contact_after(today)):
        return end
    return today


def _shared(name: str, *arguments) -> str:
    """The name of a part of today's contacts that `share` keeps: by what it is read for."""
    return f"{name}:{versions.fingerprint(arguments)}"


class TodaysContacts:
    """Today's contacts per mentor in the period's scope, and who logged any today: read once
    (one query), when first asked, for the ranking and the follow-up list; `share`: had as
    the other pages had them."""

    def __init__(self, filters: Filters, today: datetime.date, *, share: Keep = built):
        self.filters, self.today, self.share = filters, today, share

    @cached_property
    def _read(self) -> tuple[list[tuple[int, int, int]], set[int]]:
        scope = self.filters.scope
        end = todays_end(self.filters.period.end, self.today, self.share)
        return self.share(
            _shared("contacts_from", sorted(scope.items()), end),
            lambda: contact_figures.contacts_from(self.today, end=end, **scope),
        )

    @property
    def per_mentor(self) -> list[tuple[int, int, int]]:
        return self._read[0]

    @property
    def logged(self) -> set[int]:
        return self._read[1]


def _index_in(sorted_ids: array, mentor_id: int) -> int | None:
    """Where `mentor_id` is in `sorted_ids`, or None."""
    index = bisect.bisect_left(sorted_ids, mentor_id)
    return index if index < len(sorted_ids) and sorted_ids[index] == mentor_id else None


def runs_into_today(start: datetime.date, end: datetime.date, today: datetime.date) -> bool:
    """Whether start–end holds days before today and today: then it is counted in two parts."""
    return start < today <= end


def splits_at_today(filters: Filters, today: datetime.date) -> bool:
    return runs_into_today(filters.period.start, filters.period.end, today)


def contact_breakdown(
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    keep: Keep,
    share: Keep = built,
    **arguments,
) -> ContactBreakdown:
    """contact_figures.contact_breakdown of start–end; for days that run from before today
    into today, the counts of the days before today kept (`keep`) and today's read (or had as
    the other pages had them: `share`) and added."""
    if not runs_into_today(start, end, today):
        return contact_figures.contact_breakdown(start=start, end=end, **arguments)
    counting = {name: arguments.get(name) for name in BREAKDOWN_COUNTED}
    past: BreakdownCounts = keep(
        "breakdown",
        lambda: contact_figures.breakdown_counts(
            start=start, end=today - datetime.timedelta(days=1), **counting
        ),
    )
    last = todays_end(end, today, share)
    todays = share(
        _shared("breakdown", sorted(counting.items()), last),
        lambda: contact_figures.breakdown_counts(start=today, end=last, **counting),
    )
    return contact_figures.contact_breakdown(
        start=start, end=end, counts=past.plus(todays), **arguments
    )


def period_counts(
    *, start: datetime.date, end: datetime.date, today: datetime.date, keep: Keep, **arguments
) -> dict:
    """contact_figures.contact_period_counts of the period start–end (its windows end today);
    for a period that runs from before today into today, the counts of the days before today
    kept (`keep`) and those of today and later read and added: each is a sum over days. When
    the days before today are read, today's are read in the same query."""
    arguments = {"start": start, "end": end, "today": today, **arguments}
    if not runs_into_today(start, end, today):
        return contact_figures.contact_period_counts(**arguments)
    read_with_them: list[dict] = []

    def before_today() -> dict:
        before, todays = contact_figures.contact_period_counts(**arguments, split_at=today)
        read_with_them.append(todays)
        return before

    past = keep("period_counts", before_today)
    if read_with_them:
        [todays] = read_with_them
    else:
        todays = contact_figures.contact_period_counts(**arguments, since=today)
    return {name: past[name] + todays[name] for name in past}


# What the breakdown's counts are read for (the other arguments name and fold its rows).
BREAKDOWN_COUNTED = ("college_ids", "country_id", "field_id", "compare_college_ids")


@dataclass(frozen=True)
class PastRanking:
    """The mentors with contacts before today: by id (their contacts and contacts in VTE
    sessions, for looking one up), and the first RANKED_KEPT of them ranked (most contacts
    first, then the lowest id)."""

    ids: array
    counts: array
    in_sessions: array
    ranked_ids: array
    ranked_counts: array
    in_vte_sessions: int

    @classmethod
    def of(cls, rows: list[tuple[int, int, int]]) -> "PastRanking":
        """`rows`: (mentor id, contacts, contacts in VTE sessions), by mentor id."""
        columns = list(zip(*rows, strict=True)) or [(), (), ()]
        ids, counts, in_sessions = (array("q", column) for column in columns)
        ranked = heapq.nsmallest(
            RANKED_KEPT, range(len(ids)), key=lambda index: (-counts[index], ids[index])
        )
        return cls(
            ids=ids,
            counts=counts,
            in_sessions=in_sessions,
            ranked_ids=array("q", (ids[index] for index in ranked)),
            ranked_counts=array("q", (counts[index] for index in ranked)),
            in_vte_sessions=sum(1 for count in in_sessions if count > 0),
        )

    @property
    def with_contacts(self) -> int:
        return len(self.ids)

    def of_mentor(self, mentor_id: int) -> tuple[int, int]:
        index = _index_in(self.ids, mentor_id)
        if index is None:
            return 0, 0
        return self.counts[index], self.in_sessions[index]

    @cached_property
    def by_id(self) -> tuple[array, bytearray]:
        """Each mentor's contacts before today and whether they had contacts in VTE sessions,
        at the mentor's id: made once per process for a kept ranking that today's contacts are
        added to, looked up 8,000 times on each of an EU network's days (a dictionary of the
        50,000 mentors took 4 MB; these take 9 bytes per id)."""
        size = (self.ids[-1] + 1) if self.ids else 0
        counts, in_sessions = array("q", bytes(8 * size)), bytearray(size)
        for mentor_id, count, sessions in zip(self.ids, self.counts, self.in_sessions, strict=True):
            counts[mentor_id] = count
            in_sessions[mentor_id] = sessions > 0
        return counts, in_sessions

    def plus_today(self, per_mentor: list[tuple[int, int, int]]) -> tuple[dict[int, int], int, int]:
        """Today's (mentor id, contacts, contacts in VTE sessions) added to these: each of those
        mentors' contacts in the whole period, and how many mentors have contacts and contacts
        in VTE sessions in it (at EU scale 8,000 mentors log on a day and 50,000 have contacts
        before: each looked up at their id, `by_id`)."""
        counts, in_sessions = self.by_id
        size = len(counts)
        before = [counts[mentor_id] if mentor_id < size else 0 for mentor_id, _, _ in per_mentor]
        # In sessions for the first time: none before (a mentor without contacts before has
        # none in sessions either).
        first_in_sessions = sum(
            1
            for mentor_id, _count, sessions in per_mentor
            if sessions and (mentor_id >= size or not in_sessions[mentor_id])
        )
        return (
            {
                mentor_id: earlier + count
                for (mentor_id, count, _sessions), earlier in zip(per_mentor, before, strict=True)
            },
            self.with_contacts + before.count(0),
            self.in_vte_sessions + first_in_sessions,
        )

    def first_without(self, skipped: Container[int], limit: int) -> list[tuple[int, int]]:
        """The first `limit` ranked mentors not in `skipped`, with their contacts."""
        ranked = zip(self.ranked_ids, self.ranked_counts, strict=True)
        found = list(islice((item for item in ranked if item[0] not in skipped), limit))
        if len(found) < limit and len(self.ranked_ids) < len(self.ids):  # ranked all of them
            found = heapq.nsmallest(
                limit,
                (
                    (mentor_id, count)
                    for mentor_id, count in zip(self.ids, self.counts, strict=True)
                    if mentor_id not in skipped
                ),
                key=lambda item: (-item[1], item[0]),
            )
        return found


def mentor_ranking(
    filters: Filters, todays: TodaysContacts, *, limit: int, keep: Keep
) -> MentorContacts:
    period, today = filters.period, todays.today
    if not splits_at_today(filters, today):
        return contact_figures.mentor_contact_figures(
            start=period.start, end=period.end, limit=limit, **filters.scope
        )
    past: PastRanking = keep("ranking", lambda: _past_ranking(filters, today))
    merged, with_contacts, in_sessions = past.plus_today(todays.per_mentor)
    # The first `limit` of before today have at least as many contacts now: a mentor with fewer
    # than the last of them ranks below them all (of 8,000 who log on a day, a few are left).
    floor = past.ranked_counts[limit - 1] if len(past.ranked_counts) >= limit else 0
    # The first `limit` of the others are the first of before today that logged nothing today.
    candidates = [
        *(item for item in merged.items() if item[1] >= floor),
        *past.first_without(merged, limit),
    ]
    ranked = heapq.nsmallest(limit, candidates, key=lambda item: (-item[1], item[0]))
    return MentorContacts(
        with_contacts=with_contacts,
        in_vte_sessions=in_sessions,
        most_active=[{"id": mentor_id, "contacts_in_period": count} for mentor_id, count in ranked],
    )


def _past_ranking(filters: Filters, today: datetime.date) -> PastRanking:
    return PastRanking.of(
        contact_figures.mentor_contact_counts(
            start=filters.period.start, end=today - datetime.timedelta(days=1), **filters.scope
        )
    )


@dataclass(frozen=True)
class GroupContacts:
    """The ranked mentors' contacts per VTE group: the row naming each mentor (their name and
    college as they are now), their contacts per group, and the groups' names and terms."""

    named: dict[int, dict]
    weights: dict[int, dict[int, int]]
    labels: dict[int, tuple[str, str]]

    @classmethod
    def of(cls, rows) -> "GroupContacts":
        """From the rows of mentor_figures.mentors_and_their_group_contacts."""
        named: dict[int, dict] = {}
        weights: dict[int, dict[int, int]] = {}
        labels: dict[int, tuple[str, str]] = {}
        for row in rows:
            mentor_id, group_id = row["id"], row["group_contacts__vte_group_id"]
            named.setdefault(mentor_id, row)
            if group_id is not None:
                weights.setdefault(mentor_id, {})[group_id] = row["weight"]
                labels[group_id] = (
                    row["group_contacts__vte_group__name"],
                    row["group_contacts__vte_group__term"],
                )
        return cls(named=named, weights=weights, labels=labels)

    def heaviest(self, mentor_id: int, count: int) -> list[tuple[int, int]]:
        """The mentor's `count` heaviest groups (most contacts, then the lowest id) as
        (group id, contacts), by group id."""
        found = heapq.nsmallest(
            count, self.weights.get(mentor_id, {}).items(), key=lambda item: (-item[1], item[0])
        )
        return sorted(found)

    def kept(self, labelled: int) -> "GroupContacts":
        """These contacts with the names of each mentor's `labelled` heaviest groups only: to
        be among a mentor's heaviest once today's contacts are added, a group without contacts
        today must be among their heaviest before today (the others keep their lead over it),
        and a group with contacts today is named by today's rows."""
        return GroupContacts(
            named=self.named,
            weights=self.weights,
            labels={
                group_id: self.labels[group_id]
                for mentor_id in self.weights
                for group_id, _weight in self.heaviest(mentor_id, labelled)
            },
        )

    def plus(self, *others: "GroupContacts") -> "GroupContacts":
        """Today's contacts (these: they name the mentors) with those of before today added."""
        weights = {mentor_id: dict(groups) for mentor_id, groups in self.weights.items()}
        labels = dict(self.labels)
        for other in others:
            for mentor_id in self.named:
                groups = weights.setdefault(mentor_id, {})
                for group_id, weight in other.weights.get(mentor_id, {}).items():
                    groups[group_id] = groups.get(group_id, 0) + weight
            for group_id, label in other.labels.items():
                labels.setdefault(group_id, label)
        return GroupContacts(
            named=self.named,
            weights={mentor_id: groups for mentor_id, groups in weights.items() if groups},
            labels=labels,
        )


def group_contacts(
    filters: Filters,
    most_active: list[dict],
    *,
    today: datetime.date,
    college_ids,
    keep: Keep,
    labelled: int,
) -> GroupContacts:
    """The ranked mentors' contacts per VTE group over the period (mentors_and_their_group_
    contacts); `labelled`: how many of each mentor's heaviest groups are drawn (and named)."""
    period = filters.period
    mentor_ids = [row["id"] for row in most_active]

    def read(start: datetime.date, end: datetime.date, ids) -> GroupContacts:
        return GroupContacts.of(
            mentor_figures.mentors_and_their_group_contacts(
                start=start, end=end, mentor_ids=ids, college_ids=college_ids
            )
        )

    if not splits_at_today(filters, today):
        return read(period.start, period.end, mentor_ids)
    yesterday = today - datetime.timedelta(days=1)

    def first_of_before_today() -> dict:
        past: PastRanking = keep("ranking", lambda: _past_ranking(filters, today))
        ids = list(past.ranked_ids[: len(mentor_ids) + GRAPH_EXTRA])
        return {
            "mentor_ids": frozenset(ids),
            "groups": read(period.start, yesterday, ids).kept(labelled),
        }

    kept = keep("group_contacts", first_of_before_today)
    before_today = [kept["groups"]]
    # Ranked now for their contacts today, with contacts before today too: rare, but the same
    # mentors on the next write of a day when a few log many contacts; kept as those.
    past: PastRanking = keep("ranking", lambda: _past_ranking(filters, today))
    missing = sorted(
        mentor_id
        for mentor_id in mentor_ids
        if mentor_id not in kept["mentor_ids"] and past.of_mentor(mentor_id)[0] > 0
    )
    if missing:
        before_today.append(
            keep(
                f"group_contacts:{versions.fingerprint(missing)}",
                lambda: read(period.start, yesterday, missing).kept(labelled),
            )
        )
    return read(today, period.end, mentor_ids).plus(*before_today)


@dataclass(frozen=True)
class FollowUp:
    silent: list[dict]
    silent_count: int
    untrained: list[dict]
    untrained_count: int


def mentors_to_follow_up(
    filters: Filters,
    todays: TodaysContacts,
    *,
    since: datetime.date,
    limit: int,
    keep: Keep,
    rows: Callable[[list], list[dict]],
) -> FollowUp:
    """The active mentors silent since `since` and those not recently trained (`rows` makes
    the listed mentors plain rows): as kept before today, less those who logged today."""

    def before_today(listed: int) -> dict:
        found = mentor_figures.mentors_to_follow_up(
            since=since, today=today, limit=listed, every_silent_id=True, **filters.scope
        )
        return {
            "silent": rows(found.silent),
            "silent_ids": array("q", found.silent_ids),
            "untrained": rows(found.untrained)[:limit],
            "untrained_count": found.untrained_count,
        }

    today = todays.today
    kept = keep("follow_up", lambda: before_today(limit + EXTRA))
    logged = todays.logged
    silent_ids = kept["silent_ids"]
    count = len(silent_ids) - len(logged.intersection(silent_ids))
    silent = [row for row in kept["silent"] if row["mentor_id"] not in logged]
    if len(silent) < min(limit, count):  # more logged today than the rows kept to spare
        every = before_today(len(silent_ids))["silent"]
        silent = [row for row in every if row["mentor_id"] not in logged]
    return FollowUp(
        silent=silent[:limit],
        silent_count=count,
        untrained=kept["untrained"],
        untrained_count=kept["untrained_count"],
    )
