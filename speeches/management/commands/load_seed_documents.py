from django.core.management import call_command
from django.core.management.base import BaseCommand

from speeches.database import refresh_planner_statistics
from speeches.models import Document


class Command(BaseCommand):
    help = (
        "Load the seed documents (fixtures/seed_documents.json) into an empty archive. "
        "Does nothing when documents exist, so editors' work is never overwritten."
    )

    def handle(self, *args, **options):
        if Document.objects.exists():
            self.stdout.write("The archive already has documents; seed documents not loaded.")
            return
        call_command("loaddata", "seed_documents", verbosity=0)
        refresh_planner_statistics()
        self.stdout.write(f"Loaded {Document.objects.count()} seed documents.")
