"""The item type each kind of document becomes in every vocabulary a citation is written in.

One table, also printed in docs/editors.md. Each column was chosen by how the real client reads it:

- ``zotero``: the Zotero item type the page's ``DC.type`` names. Zotero's Embedded Metadata translator
  hands ``DC.type`` to its RDF translator, which takes any Zotero item type name as the type; the page
  carries no Highwire tag that would force a journal, book or conference (zotero/translators,
  ``Embedded Metadata.js`` and ``RDF.js``).
- ``csl``: the CSL 1.0.2 type of the CSL-JSON download and of the Chicago, APA and MLA renderings.
- ``ris``: RIS has no speech type. Zotero writes its presentations as ``SLIDE`` and reads them back as
  presentations, so speeches use ``SLIDE`` (citation-js reads it as motion_picture, keeping author,
  date, title and genre). ``GEN`` would become a journal article in Zotero, ``NEWS`` makes
  citation-js read the author as a reporter, ``PRESS`` is unknown to both; what has no RIS type of
  its own is written ``ELEC`` (a web page), which both read as one.
- ``bibtex``: BibTeX has no speech type either; ``@misc`` with ``type = {Speech}`` is its convention.
- ``schema_org``: the JSON-LD ``@type`` for search engines (schema.org has no speech type).
"""
from dataclasses import dataclass

from speeches.models import Document


@dataclass(frozen=True)
class ItemTypes:
    zotero: str
    csl: str
    ris: str
    bibtex: str
    schema_org: str

    @property
    def is_delivered(self):
        """Whether the document was delivered at an event (a Zotero presentation, a CSL speech)."""
        return self.csl == "speech"


DELIVERED = ItemTypes("presentation", "speech", "SLIDE", "misc", "CreativeWork")
INTERVIEW = ItemTypes("interview", "interview", "ELEC", "misc", "CreativeWork")
PERIODICAL_ARTICLE = ItemTypes("magazineArticle", "article-magazine", "MGZN", "article", "Article")

ITEM_TYPES = {
    Document.Kind.SPEECH: DELIVERED,
    Document.Kind.REMARKS: DELIVERED,
    Document.Kind.STATEMENT: DELIVERED,
    Document.Kind.PRESS_CONFERENCE: INTERVIEW,
    Document.Kind.INTERVIEW: INTERVIEW,
    Document.Kind.ARTICLE: PERIODICAL_ARTICLE,
    Document.Kind.COMMENTARY: ItemTypes("magazineArticle", "article-magazine", "MGZN", "article",
                                        "OpinionNewsArticle"),
    Document.Kind.PODCAST_TRANSCRIPT: ItemTypes("podcast", "broadcast", "ELEC", "misc", "PodcastEpisode"),
    Document.Kind.PRESS_RELEASE: ItemTypes("report", "report", "RPRT", "techreport", "CreativeWork"),
    Document.Kind.LETTER: ItemTypes("letter", "personal_communication", "PCOMM", "misc", "Message"),
    Document.Kind.OTHER: ItemTypes("webpage", "webpage", "ELEC", "misc", "CreativeWork"),
}


def item_types(kind):
    """Return the ``ItemTypes`` of a document kind."""
    return ITEM_TYPES[kind]
