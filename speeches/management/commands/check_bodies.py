"""List the stored bodies whose page does not show every word of them (``speeches.rendering.check_words_shown``)."""
from django.core.management.base import BaseCommand
from django.urls import reverse

from speeches.models import Document, DocumentText
from speeches.rendering import BodyRefused, check_body


class Command(BaseCommand):
    help = ("List every document and text whose body holds words its page does not show (a table cell past its "
            "header's columns, a heading's closing #, a line read as a link's address), with what to change: "
            "bodies saved before the archive refused them are kept as they are until an editor edits them.")

    def handle(self, *args, **options):
        found = read = 0
        rows = [Document.objects.only("pk", "body", "public_id", "title"),
                DocumentText.objects.select_related("document").only("pk", "body", "language", "role",
                                                                      "document__public_id", "document__title")]
        for queryset in rows:
            for row in queryset.order_by("pk").iterator(chunk_size=200):
                read += 1
                try:
                    check_body(row.body)
                except BodyRefused as problem:
                    found += 1
                    self.stdout.write(f"{named(row)}: {problem}")
                if options["verbosity"] > 1 and read % 1000 == 0:
                    self.stderr.write(f"{read} bodies read")
        self.stdout.write(f"{found} bodies do not show every word on their page.")


def named(row):
    """Return a row's document as an editor finds it, and the admin page where its body is mended."""
    document = row if isinstance(row, Document) else row.document
    named = f"{document.public_id} “{document.title}” ({reverse('admin:speeches_document_change', args=[document.pk])})"
    return named if row is document else f"the {row.language} text ({row.role}) of {named}"
