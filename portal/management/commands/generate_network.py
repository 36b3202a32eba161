"""Generate a synthetic national network at the scale DESIGN.md asks the portal to hold.

`--scale full` writes 200 colleges, 5,000 mentors, 1,000,000 contacts, 2,000 events,
100,000 registrations and 50,000 survey responses; `--scale small` a hundredth of it.
The same `--seed` on the same day gives the same data. Rows get explicit ids, so the
generated tables are streamed with PostgreSQL COPY (bulk_create on other databases, which
is fine at small scale); the id sequences are reset afterwards.

The command refuses to write into a database that already holds mentors or contacts: a
second network mixed into real data makes every figure meaningless. `--append` adds a
further network beside existing data anyway (its names and emails carry a run tag so
unique constraints hold); there is no option that deletes data.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from colleges.models import (
    PartnerCollege,
)
from leadvet.models import User
from mentors.models import (
    Contact,
    Mentor,
)
from portal.synthetic.content import SCALES
from portal.synthetic.network import Network
from portal.synthetic.writer import next_id


class Command(BaseCommand):
    help = "Generate a synthetic network (full: the DESIGN.md national scale; small: a hundredth)."

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
        with transaction.atomic():
            counts = Network(seed=seed, scale=scale, tag=tag, now=now, log=self.stdout.write).run()
        call_command("rebuild_rollups", stdout=self.stdout)  # the rows were written around the ORM
        self.stdout.write(
            self.style.SUCCESS(", ".join(f"{value:,} {key}" for key, value in counts.items()))
        )
