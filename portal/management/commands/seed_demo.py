"""Load the LeadVET demo network: the seed documents' colleges, events and surveys.

The mentor tasks, vocational fields and languages are reference data that the migrations
create; the seed reads them from the database (a migrated one) and creates none.

Idempotent: every row is found by a natural key before it is created, the random
spread (contacts, registrations, responses) comes from a fixed `random.Random`, and a
spread is only written where it does not exist yet. A second run changes nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.demo.content import (
    COLLEGE_COORDINATOR_EMAIL,
    COORDINATOR_EMAIL,
    COUNTRY_COORDINATOR_EMAIL,
    DEMO_PASSWORD,
    EDUCATOR_EMAIL,
    MENTOR_EMAIL,
    STEERING_EMAIL,
)
from portal.demo.seeder import DemoSeeder


class Command(BaseCommand):
    help = "Load the LeadVET demo network (idempotent). Only with DEBUG=True, or with --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo data even though DEBUG is off (it creates users with a known password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password, so it only runs with DEBUG=True. "
                "Use --force to load the demo data anyway."
            )
        with transaction.atomic():
            DemoSeeder(now=timezone.now()).run()
        self.stdout.write(self.style.SUCCESS("LeadVET demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email in (
            COORDINATOR_EMAIL,
            EDUCATOR_EMAIL,
            MENTOR_EMAIL,
            STEERING_EMAIL,
            COLLEGE_COORDINATOR_EMAIL,
            COUNTRY_COORDINATOR_EMAIL,
        ):
            self.stdout.write(f"  {email}")
