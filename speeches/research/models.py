"""The research tables: fingerprints of sentences, the passages found in more than one document, and
the words and phrases each speaker uses more than the rest of the archive.

Defined in app "speeches" (``speeches.models`` imports this module, so Django finds them there); the
document is named by its "app.Model" string so this module imports no other of the archive.
"""
from django.db import models

TEXT_LANGUAGE = "The language of the document's other text the paragraph is in; empty for its main text."


class PassageFingerprint(models.Model):
    """A hash of a sentence's opening or closing words in a published document's paragraph: how
    passages said again elsewhere are found (``speeches.research.passages``)."""

    fingerprint = models.BigIntegerField()
    document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=35, blank=True, default="", help_text=TEXT_LANGUAGE)
    paragraph = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["fingerprint", "document"])]

    def __str__(self):
        return f"{self.fingerprint} in {self.paragraph} of document {self.document_id}"


class RecurringPassage(models.Model):
    """A passage of a paragraph that another published document's paragraph holds too, or nearly, in any
    of their texts (an English translation may repeat another document's English original).

    Recorded both ways (each document's page reads its own rows), one per paragraph and other
    document; ``start``/``end`` bound the passage in the paragraph's text.
    """

    document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="recurring_passages")
    language = models.CharField(max_length=35, blank=True, default="", help_text=TEXT_LANGUAGE)
    paragraph = models.CharField(max_length=20)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    other_document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="+")
    other_language = models.CharField(max_length=35, blank=True, default="", help_text=(
        "The language of the other document's text holding the passage; empty for its main text."))
    other_paragraph = models.CharField(max_length=20)
    other_start = models.PositiveIntegerField()
    other_end = models.PositiveIntegerField()
    similarity = models.FloatField(help_text="Shared words over the passage's length in the longer of the two.")
    differences = models.TextField(
        default="", help_text="The other paragraph's passage as HTML, its words this one lacks in <ins>, this "
                              "one's words it lacks in <del>: marked when compared, so pages only read it.")

    class Meta:
        indexes = [models.Index(fields=["document", "language", "paragraph"])]
        constraints = [models.UniqueConstraint(
            fields=["document", "language", "paragraph", "other_document", "other_language", "other_paragraph"],
            name="one_record_per_pair_of_paragraphs")]

    def __str__(self):
        return f"{self.paragraph} also in {self.other_paragraph} of document {self.other_document_id}"


class KeywordProfile(models.Model):
    """What a speaker's texts in one language hold, as ``manage.py find_keywords`` last counted them
    (``speeches.research.keywords``): the figures their keywords were found against."""

    person = models.ForeignKey("speeches.Person", on_delete=models.CASCADE, related_name="keyword_profiles")
    language = models.CharField(max_length=35, help_text="The language's general code (en, zh): any script or region.")
    documents = models.PositiveIntegerField(help_text="The speaker's published documents with a text in it.")
    words = models.PositiveIntegerField(help_text="Words in those texts.")
    other_words = models.PositiveIntegerField(help_text="Words in the rest of the archive's texts in the language.")
    signature = models.CharField(
        max_length=64, help_text="A digest of the speaker's published documents as counted: another one is due when "
                                 "it changes.")
    archive_words = models.PositiveBigIntegerField(
        help_text="Words in every published document when counted: another count is due when it changes by 1%.")
    counted = models.DateTimeField()

    class Meta:
        ordering = ["-words"]
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="one_keyword_profile_per_language")]

    def __str__(self):
        return f"{self.person_id} in {self.language}"


class Keyword(models.Model):
    """A word or a two-word phrase a speaker uses significantly more than the rest of the archive."""

    profile = models.ForeignKey(KeywordProfile, on_delete=models.CASCADE, related_name="keywords")
    is_phrase = models.BooleanField(help_text="Two words in a row, not one.")
    text = models.CharField(max_length=300, help_text="As the speaker's texts most often write it.")
    uses = models.PositiveIntegerField(help_text="How often the speaker's texts in the language use it.")
    documents = models.PositiveIntegerField(help_text="In how many of them.")
    other_uses = models.PositiveIntegerField(help_text="How often the rest of the archive's texts in it use it.")
    log_likelihood = models.FloatField(help_text="G² of the two frequencies (Dunning 1993).")
    log_ratio = models.FloatField(help_text="Binary log of the ratio of the two relative frequencies (Hardie 2014).")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return self.text
