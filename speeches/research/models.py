"""The research tables: fingerprints of sentences, and the passages found in more than one document.

Defined in app "speeches" (``speeches.models`` imports this module, so Django finds them there); the
document is named by its "app.Model" string so this module imports no other of the archive.
"""
from django.db import models


class PassageFingerprint(models.Model):
    """A hash of a sentence's opening or closing words in a published document's paragraph: how
    passages said again elsewhere are found (``speeches.research.passages``)."""

    fingerprint = models.BigIntegerField()
    document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="+")
    paragraph = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["fingerprint", "document"])]

    def __str__(self):
        return f"{self.fingerprint} in {self.paragraph} of document {self.document_id}"


class RecurringPassage(models.Model):
    """A passage of a paragraph that another published document's paragraph holds too, or nearly.

    Recorded both ways (each document's page reads its own rows), one per paragraph and other
    document; ``start``/``end`` bound the passage in the paragraph's text.
    """

    document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="recurring_passages")
    paragraph = models.CharField(max_length=20)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    other_document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="+")
    other_paragraph = models.CharField(max_length=20)
    other_start = models.PositiveIntegerField()
    other_end = models.PositiveIntegerField()
    similarity = models.FloatField(help_text="Shared words over the passage's length in the longer of the two.")
    differences = models.TextField(
        default="", help_text="The other paragraph's passage as HTML, its words this one lacks in <ins>, this "
                              "one's words it lacks in <del>: marked when compared, so pages only read it.")

    class Meta:
        indexes = [models.Index(fields=["document", "paragraph"])]
        constraints = [models.UniqueConstraint(fields=["document", "paragraph", "other_document", "other_paragraph"],
                                               name="one_record_per_pair_of_paragraphs")]

    def __str__(self):
        return f"{self.paragraph} also in {self.other_paragraph} of document {self.other_document_id}"
