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
        found = 0
        for model in (Document, DocumentText):
            for row in model.objects.only("pk", "body", *self.naming_fields(model)).order_by("pk").iterator(chunk_size=200):
                try:
                    check_body(row.body)
                except BodyRefused as problem:
                    found += 1
                    self.stdout.write(f"{self.named(row)}: {problem}")
        self.stdout.write(f"{found} bodies do not show every word on their page.")

    @staticmethod
    def naming_fields(model):
        return ["public_id", "title"] if model is Document else ["document_id", "language", "role"]

    @staticmethod
    def named(row):
        """Return where an editor mends the row: its admin page."""
        document_id = row.pk if isinstance(row, Document) else row.document_id
        where = reverse("admin:speeches_document_change", args=[document_id])
        return (f"{row.public_id} “{row.title}” ({where})" if isinstance(row, Document)
                else f"the {row.language} text ({row.role}) of document {document_id} ({where})")
