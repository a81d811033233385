"""Find recurring passages for documents not compared since their text or status last changed."""
from django.core.management.base import BaseCommand

from speeches.models import Document
from speeches.research.passages import compare_documents


class Command(BaseCommand):
    help = "Compare the passages of published documents not compared since they changed (--all: every one)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Compare every published document again.")

    def handle(self, *args, **options):
        documents = Document.objects.published()
        if not options["all"]:
            documents = documents.filter(passages_compared__isnull=True)
        ids = list(documents.order_by("pk").values_list("pk", flat=True))
        compare_documents(ids)
        if ids or options["verbosity"] > 1:
            self.stdout.write(f"Compared the passages of {len(ids)} document(s).")
