from django.core.management.base import BaseCommand

from speeches.importers.seeds import load_seed_documents
from speeches.models import Document


class Command(BaseCommand):
    help = (
        "Load the seed documents (fixtures/seed_documents.json) into an empty archive and index them. "
        "Does nothing when documents exist, so editors' work is never overwritten."
    )

    def handle(self, *args, **options):
        if Document.objects.exists():
            self.stdout.write("The archive already has documents; seed documents not loaded.")
            return
        self.stdout.write(f"Loaded and indexed {load_seed_documents()} seed documents.")
