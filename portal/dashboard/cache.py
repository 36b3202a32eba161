"""Cached figures: kept for at most five minutes per filter combination; every write to a model
behind the figures bumps a version number that is part of the cache key, so a write shows at once.

The versions are per domain (`DOMAINS`: contacts, mentors, events, surveys, outcomes,
colleges, catalogue), and each cached value's key carries the versions of the domains it is
built from: a contact logged makes the contact figures rebuild, not the events', the surveys'
or the mentor pool's. The figures are built from small tables (the rollups), so a miss is
cheap; the cache still spares the other figures and the rendering, and concurrent misses of one
key build it once (`cached`: the first takes a short lock, the others wait for its result). The
versions and the keeping are leadvet.lib.versions'; which writes bump which domain is said here.

A write bumps its domain's version twice: at once, in its transaction (a reader that then misses
builds from the database), and again when it commits, because a reader that missed between the
two may have built from the rows before the commit and kept them under the bumped version.

The version lives in the shared cache (Redis), which may be unreachable for a while:
- a reader then has no key and treats the cache as a miss: the figures are built from the
  database and not kept (not in one process's memory either, where another process's write
  could not reach them);
- a write's bump never raises into the write's transaction: it is owed in the database instead
  (`OwedFiguresBump`, in that transaction) and paid, every domain's version bumped once for
  all of them, by the first process that reaches the cache again and by the sweep, so that
  figures cached before the outage are not served after it.
"""

import datetime
import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from alumni.models import AlumniApplication
from colleges.models import Country, PartnerCollege, VocationalField
from events.models import Event, Registration
from leadvet.lib import versions
from leadvet.lib.cache import CacheUnavailable, shared_cache
from leadvet.lib.versions import cached
from mentors.models import Contact, ContactRequest, Language, Mentor, MentorTask
from outcomes.models import OUTCOME_MODELS, EventFeedback
from portal.dashboard.figures import SECTION_DOMAINS, build_figures
from portal.dashboard.periods import Filters
from portal.models import OwedFiguresBump
from surveys.models import Answer, Invitation, Question, Response, Section, Survey

logger = logging.getLogger(__name__)

CACHE_SECONDS = versions.CACHE_SECONDS
CATALOGUE = "catalogue"
# The names figures are shown with: the colleges and countries, the fields, tasks and languages.
NAMES = ("colleges", CATALOGUE)
# The models behind each domain's figures (a write to one bumps that domain's version).
DOMAINS: dict[str, tuple] = {
    "contacts": (Contact,),
    "mentors": (Mentor, ContactRequest, AlumniApplication),
    # The feedback asked after events is read with the events' time (portal.dashboard.impact).
    "events": (Event, Registration, EventFeedback),
    # Survey: which one is the benchmark; its sections and questions: the results
    # (surveys.selectors.results.kept_survey_results) show them.
    "surveys": (Survey, Section, Question, Response, Invitation, Answer),
    "outcomes": tuple(model for model in OUTCOME_MODELS if model is not EventFeedback),
    # The colleges' names and countries, which the figures name their rows by
    # (colleges.selectors.college_catalogue, kept in each process under this version).
    "colleges": (PartnerCollege, Country),
    # The vocational fields, mentor tasks and languages, whose names the figures and the
    # mentor list's rows and filter show (mentors.selectors.pool.pool_catalogue, kept in each
    # process under this version).
    CATALOGUE: (VocationalField, MentorTask, Language),
}
# Besides: the contacts dated before today, whose figures a contact logged today leaves as they
# were (portal.dashboard.today); every other write to a contact bumps it too.
PAST_CONTACTS = "past_contacts"
# And the attendance at events (who was present, the events' times, the feedback asked after
# them), whose figures a registration made, not yet attended, leaves as they were; every other
# write to the events' domain bumps it too.
ATTENDANCE = "attendance"
ALL_DOMAINS = (*DOMAINS, PAST_CONTACTS, ATTENDANCE)
DOMAIN_OF = {model: domain for domain, models in DOMAINS.items() for model in models}


def figures_version(domains: tuple[str, ...] = ALL_DOMAINS) -> tuple[int, ...] | None:
    """The versions of these domains' figures now; None when the shared cache cannot be
    reached."""
    return versions.read(domains)


def bump_figures_version(sender=None, **kwargs) -> None:
    """Signal receiver: a write to a model behind the figures (`sender`) makes its domain's
    cached figures stale, now and once more when its transaction commits (see the module's
    docstring). A sender of no domain (a test, the benchmark) makes every domain's stale."""
    domains = _domains_written(sender, kwargs)
    try:
        versions.bump(shared_cache(), domains)
    except CacheUnavailable:
        OwedFiguresBump.objects.create()
    transaction.on_commit(partial(_bump_after_commit, domains), robust=True)


def _domains_written(sender, kwargs: dict) -> tuple[str, ...]:
    if sender not in DOMAIN_OF:
        return ALL_DOMAINS
    if sender is Contact:
        # Only a contact added for today leaves the days before today as they were; an edit
        # may have moved one from them, a deletion or a bulk write may have touched any day.
        contact = kwargs.get("instance")
        if kwargs.get("created") and contact.date >= timezone.localdate():
            return ("contacts",)
        return ("contacts", PAST_CONTACTS)
    if DOMAIN_OF[sender] == "events":
        registration = kwargs.get("instance")
        if sender is Registration and kwargs.get("created") and not registration.attended:
            return ("events",)
        return ("events", ATTENDANCE)
    return (DOMAIN_OF[sender],)


def _bump_after_commit(domains: tuple[str, ...]) -> None:
    # Unreachable now: the bump made in the transaction was owed in the database already.
    try:
        versions.bump(shared_cache(), domains)
    except CacheUnavailable:
        pass


def pay_owed_bumps() -> int:
    """Bump the version once for the writes the shared cache could not be told about; return
    how many they were (0 while the cache is still unreachable). Run by the sweep."""
    last = OwedFiguresBump.objects.order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return 0
    try:
        versions.bump(shared_cache(), ALL_DOMAINS)  # which domains the writes were to is not kept
    except CacheUnavailable:
        return 0
    paid, _ = OwedFiguresBump.objects.filter(pk__lte=last).delete()
    logger.warning("dashboard: %d version bump(s) owed during a cache outage paid", paid)
    return paid


def pay_owed_bumps_when_reachable(**kwargs) -> None:
    """Receiver of `cache_reachable_again`: pay at once rather than at the next sweep. It may
    run inside a write's transaction: a savepoint keeps a failure here out of it."""
    with transaction.atomic():
        pay_owed_bumps()


def versioned_key(
    prefix: str, fingerprint: str, domains: tuple[str, ...] = ALL_DOMAINS
) -> str | None:
    """leadvet.lib.versions.versioned_key, by default under every domain's version."""
    return versions.versioned_key(prefix, fingerprint, domains)


def fingerprint(filters: Filters, now: datetime.datetime) -> str:
    """What cached figures of these filters are told apart by, besides the versions."""
    # The language too: the figures name tasks, fields and questions in the reader's.
    return versions.fingerprint((filters, timezone.localdate(now).isoformat(), get_language()))


# What today's contacts shared between pages (VersionedKeys.sharer) are read for: the contacts,
# the mentors (a filter by field reads the mentors' fields) and the names of colleges and tasks.
TODAY_DOMAINS = ("contacts", "mentors", *NAMES)


class VersionedKeys:
    """The keys of the parts of one set of figures, each under the versions of the domains it
    is built from, the versions read once; every key None when the shared cache cannot be
    reached."""

    def __init__(self, prefix: str, fingerprint: str):
        numbers = figures_version()
        self._versions = None if numbers is None else dict(zip(ALL_DOMAINS, numbers, strict=True))
        self._prefix, self._fingerprint = prefix, fingerprint

    def _part(self, domains: tuple[str, ...]) -> str:
        return versions.key_part([self._versions[domain] for domain in domains])

    def key(self, name: str, domains: tuple[str, ...] = ALL_DOMAINS) -> str | None:
        if self._versions is None:
            return None
        return f"{self._prefix}:{name}:{self._part(domains)}:{self._fingerprint}"

    def sharer(self, today: datetime.date) -> Callable[[str, Callable], object]:
        """A `share(name, build)` (portal.dashboard.today) for the parts of today's contacts
        that pages of other filters read alike: today's contacts per mentor (the dashboard's
        and the report's rankings) and per college, month and task (their breakdowns and the
        network-activity API's). Kept in the shared cache (`cached`: concurrent misses build
        once) under the versions read here (TODAY_DOMAINS), by name, day and language but not
        by page or filters: of the pages read after a contact is logged, the first reads them
        and the others take them."""
        if self._versions is None:
            return lambda _name, build: build()
        kept_as = f"{self._part(TODAY_DOMAINS)}:{today.isoformat()}:{get_language()}"

        def share(name: str, build: Callable):
            return cached(f"dashboard:today:{name}:{kept_as}", build)

        return share

    def keeper(self, domains: tuple[str, ...]) -> Callable[[str, Callable], object]:
        """A `keep(name, build)` (portal.dashboard.today) that keeps each part in the process
        and in the shared cache (leadvet.lib.versions.kept_near) under the versions of these
        domains (the contact figures' days before today: PAST_CONTACTS; the mentors' where the
        part names mentors; NAMES where it names colleges or tasks)."""

        def keep(name: str, build: Callable):
            return versions.kept_near(self.key(f"past:{name}", domains), build)

        return keep


def figures_cache_key(filters: Filters, *, now: datetime.datetime | None = None) -> str | None:
    """What the dashboard's rendered tables are cached under: it changes with every write to
    any domain behind the figures. None when the shared cache cannot be reached: then nothing
    is cached."""
    return versioned_key("dashboard:figures", fingerprint(filters, now or timezone.now()))


def cached_figures(
    filters: Filters,
    *,
    now: datetime.datetime | None = None,
    catalogue: dict[int, dict] | None = None,
) -> dict:
    """The figures assembled from their parts (`SECTION_DOMAINS`), each from the cache under
    the versions of its own domains and built only when a write to one of those made it
    stale. The whole is not kept besides: the pages keep what they render of it
    (portal.report_views.kept_body), and after a write its copy would cost a pickling of
    every part, nearly all of them unchanged."""
    now = now or timezone.now()
    keys = VersionedKeys("dashboard:figures", fingerprint(filters, now))

    def section(name: str, build: Callable[[], dict]) -> dict:
        return cached(keys.key(name, SECTION_DOMAINS[name]), build)

    return build_figures(
        filters,
        now=now,
        catalogue=catalogue,
        section=section,
        keep=keys.keeper((PAST_CONTACTS, "mentors", *NAMES)),
        share=keys.sharer(timezone.localdate(now)),
    )


def models_behind_figures() -> list:
    """The models whose writes bump a domain's version (connected in PortalConfig.ready)."""
    return list(DOMAIN_OF)
