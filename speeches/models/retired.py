"""What remains of a published document that was deleted or merged into another.

Written by ``speeches.lifecycle`` before the document is deleted, whichever way it is deleted.
"""
from django.db import models
from django.utils import timezone

from .documents import Document


class RetiredDocument(models.Model):
    """What remains of a published document that was deleted or merged into another: its address.

    A deleted document's URLs answer 410 Gone with its citation; a merged one's redirect to the
    document that absorbed it (``successor_public_id``, followed through later merges).
    """

    public_id = models.CharField(max_length=12, unique=True)
    title = models.CharField(max_length=300)
    # The import identifier it had: an import restoring it (a backup) names it so; another document cannot.
    external_id = models.CharField(max_length=300, blank=True, db_index=True)
    citation = models.TextField()
    successor_public_id = models.CharField(max_length=12, blank=True)
    paragraph_map = models.JSONField(
        default=dict, blank=True, help_text='Where each of its paragraphs is in its successor: {"p-2": "p-5"}, '
                                            '"" for one the successor does not hold.')
    text_paragraph_maps = models.JSONField(
        default=dict, blank=True, help_text='The same for each of its other texts, by language: {"fr": {"p-2": "p-5"}}.')
    retired_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.title} ({self.public_id})"

    def map_of(self, language):
        """Return where the paragraphs of its text in ``language`` (its main text's for "") are in its successor."""
        return self.text_paragraph_maps.get(language, {}) if language else self.paragraph_map

    def successor(self):
        """Return the published document this one's links lead to now, or None."""
        public_id, seen = self.successor_public_id, set()
        while public_id and public_id not in seen:
            seen.add(public_id)
            if document := Document.objects.published().filter(public_id=public_id).first():
                return document
            public_id = RetiredDocument.objects.filter(public_id=public_id).values_list(
                "successor_public_id", flat=True).first()
        return None
