"""Generate a synthetic network at the scales DESIGN.md and issue 20 ask the portal to hold.

`--scale full` writes 200 colleges, 5,000 mentors, 1,000,000 contacts, 2,000 events,
100,000 registrations and 50,000 survey responses (450,000 answers); `--scale eu` ten times
that (10 M contacts, 500,000 responses, 4.5 M answers); `--scale small` a hundredth of full.
The same `--seed` on the same day gives the same data. Rows get explicit ids and are streamed
in chunks, so memory stays bounded at any scale: into PostgreSQL with COPY, the tables'
foreign keys and secondary indexes set aside for the load and restored, checked and built once,
at its end (portal/synthetic/writer.py); with bulk_create on other databases (fine at small
scale). The id sequences are reset afterwards, and the tables vacuumed and analysed, so the
planner has statistics and index-only scans a visibility map from the first query.

The command refuses to write into a database that already holds mentors or contacts: a
second network mixed into real data makes every figure meaningless. `--append` adds a
further network beside existing data anyway (its names and emails carry a run tag so
unique constraints hold); there is no option that deletes data. The load holds exclusive
locks on the tables it fills until it commits: append only while nobody uses the portal.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from colleges.models import PartnerCollege
from leadvet.models import User
from mentors.models import Contact, Mentor, MentorLastContact
from mentors.models.rollups import GRAINS
from portal.synthetic.content import SCALES
from portal.synthetic.network import MODELS_WRITTEN, Network
from portal.synthetic.writer import next_id, vacuum_analyze
from surveys.rollups import ROLLUPS

# The tables rebuild_rollups fills from the generated rows.
ROLLUP_MODELS = [
    *(grain.model for grain in GRAINS),
    MentorLastContact,
    *(rollup.model for rollup in ROLLUPS),
]


class Command(BaseCommand):
    help = (
        "Generate a synthetic network (full: the DESIGN.md national scale; eu: ten times it; "
        "small: a hundredth)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--append",
            action="store_true",
            help="Write a further network even though the database already has mentors or contacts.",
        )

    def handle(self, *args, scale: str, seed: int, append: bool, **options):
        has_data = (
            Mentor.objects.exists() or Contact.objects.exists() or PartnerCollege.objects.exists()
        )
        if has_data and not append:
            raise CommandError(
                "The database already has colleges, mentors or contacts; generate into an empty "
                "database, or give --append to add a further network beside them."
            )
        # A tag keeps names and emails unique when a network is appended to existing data.
        tag = f"s{seed}" if not has_data else f"s{seed}-{next_id(User)}"
        now = timezone.now().replace(microsecond=0)
        started = time.monotonic()
        with transaction.atomic():
            counts = Network(seed=seed, scale=scale, tag=tag, now=now, log=self.stdout.write).run()
            # End of the run, in its transaction: whatever is derived from the generated rows
            # is computed here, from the complete data (the rows were written around the ORM).
            call_command("rebuild_rollups", stdout=self.stdout)
        self.stdout.write(f"committed: {time.monotonic() - started:.1f} s")
        # The rollups too: analysed before the recount filled them, PostgreSQL would plan
        # their reads for empty tables (hash aggregates spilling to disk).
        done = vacuum_analyze([*MODELS_WRITTEN, *ROLLUP_MODELS])
        self.stdout.write(f"{done}: {time.monotonic() - started:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{value:,} {key}" for key, value in counts.items()))
        )
