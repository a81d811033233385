"""Why a document's ``countries`` holds a country, or holds it no more: detection's proposal and the
editor's word on it, kept apart so a new detection never undoes an editor's correction."""
from django.db import models


class CountryMentionQuerySet(models.QuerySet):
    def shown(self):
        """The mentions that put their country in the document's ``countries``: kept by an editor (or an
        import record), or detected and not removed by one."""
        kept = models.Q(decision=CountryMention.Decision.KEPT)
        return self.filter(kept | (models.Q(detected=True) & ~models.Q(decision=CountryMention.Decision.REMOVED)))


class CountryMention(models.Model):
    """One country of one document, as detection and the editors see it (``speeches.country_mentions``)."""

    class Decision(models.TextChoices):
        NONE = "", "None"
        KEPT = "kept", "Kept by an editor or an import record"
        REMOVED = "removed", "Removed by an editor: detection does not propose it again"

    document = models.ForeignKey("speeches.Document", on_delete=models.CASCADE, related_name="country_mentions")
    country = models.ForeignKey("speeches.Country", on_delete=models.CASCADE, related_name="mentions")
    detected = models.BooleanField(default=False, help_text="Whether the last detection found it in the texts.")
    decision = models.CharField(max_length=7, choices=Decision.choices, blank=True)

    objects = CountryMentionQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "country"], name="one_mention_per_country")]

    def __str__(self):
        return f"{self.country} in {self.document}"
