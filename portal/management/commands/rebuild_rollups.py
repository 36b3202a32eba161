"""Recount the rollups the figures read from the rows behind them (docs/architecture.md,
"Contact rollups"). Writes keep the rollups current on their own; run this after rows were
written around the ORM (generate_network does at its end), after restoring data without the
rollup tables, or with `--check` to compare them with a recount without changing anything."""

from django.core.management.base import BaseCommand, CommandError

from mentors.services import rollups as mentor_rollups
from surveys import rollups as survey_rollups


def _rebuild_survey_rollups() -> int:
    return sum(survey_rollups.rebuild_answer_rollups().values())


def _survey_rollups_differing_from_a_recount() -> int:
    return sum(
        len(held) + len(lacking) for held, lacking in survey_rollups.answer_rollup_drift().values()
    )


# Each app's rollups: (what they count, rebuild, rows a recount would change).
REBUILDS = [
    (
        "contact",
        mentor_rollups.rebuild_contact_rollups,
        mentor_rollups.contact_rollups_differing_from_a_recount,
    ),
    ("survey answer", _rebuild_survey_rollups, _survey_rollups_differing_from_a_recount),
]


class Command(BaseCommand):
    help = "Recount the rollups behind the dashboard's figures from the rows they count."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Compare the rollups with a recount, change nothing, fail if they differ.",
        )

    def handle(self, *args, check: bool, **options):
        differing = 0
        for label, rebuild, differences in REBUILDS:
            if check:
                count = differences()
                differing += count
                self.stdout.write(f"{label} rollups: {count:,} rows differ from a recount")
            else:
                self.stdout.write(f"{label} rollups recounted from {rebuild():,} rows")
        if differing:
            raise CommandError("The rollups differ from a recount: run rebuild_rollups.")
