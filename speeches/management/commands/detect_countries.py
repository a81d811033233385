"""Detect the countries every document mentions (drafts too), keeping the editors' corrections."""
from django.core.management.base import BaseCommand

from speeches.country_mentions import detect_countries
from speeches.models import Document
from speeches.search import batched_index_updates


class Command(BaseCommand):
    help = ("Detect the countries each document's texts mention, as a save does, keeping what editors kept or "
            "removed: run once on an archive from before detection, and again after the names' data is upgraded "
            "or detection's rules change (a document keeps the proposals made when it was last saved until then).")

    def handle(self, *args, **options):
        documents, changed = 0, 0
        with batched_index_updates():
            for document in Document.objects.with_other_texts().order_by("pk").iterator(chunk_size=200):
                documents += 1
                before = set(document.countries.values_list("pk", flat=True))
                detect_countries(document)
                changed += before != set(document.countries.values_list("pk", flat=True))
                if options["verbosity"] > 1:
                    self.stdout.write(f"{document.public_id}: {', '.join(c.name for c in document.countries.all())}")
        self.stdout.write(f"Detected the countries of {documents} document(s); {changed} changed.")
