"""Render again the bodies whose rendering has changed since they were saved."""
from django.core.management.base import BaseCommand

from speeches.models import Document, DocumentText
from speeches.search import batched_index_updates

# What a body rendered before 2026-12-07 left outside every paragraph (shown, never searched): a
# level-1 heading ("# Opening remarks", or a line underlined "==="), whose tag the sanitiser dropped;
# a line opening with a year ("1991. The year..."), read as a numbered list whose number is no word.
RENDERED_OTHERWISE = r"(^|\n) {0,3}(#[ \t]|=+ *(\r?\n|$)|\d{4,}\.[ ])"


class Command(BaseCommand):
    help = ("Render again, as a save does (anchors kept, words counted, alignments proposed, the index updated; "
            "no revision of its own), every document and text whose body holds what the rendering now reads "
            "otherwise: run once after upgrading to a release that says so (docs/deployment.md, Upgrading).")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", dest="every_body",
                            help="Render every body again, whatever it holds.")

    def handle(self, *args, every_body, **options):
        rendered = 0
        with batched_index_updates():
            for model in (Document, DocumentText):
                rows = model.objects.all() if every_body else model.objects.filter(body__regex=RENDERED_OTHERWISE)
                for row in rows.order_by("pk").iterator(chunk_size=200):
                    row.skip_history_when_saving = True
                    row.save()
                    rendered += 1
        self.stdout.write(f"{rendered} bodies rendered again.")
