from django.core.management.base import BaseCommand

from portal.sweeps import run_sweeps


class Command(BaseCommand):
    help = "Find every reminder and notification that is due and enqueue its sending."

    def handle(self, *args, **options):
        results = run_sweeps()
        for path, count in results.items():
            self.stdout.write(f"{path}: {count} enqueued")
        if not results:
            self.stdout.write("Nothing to sweep.")
