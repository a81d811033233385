"""Whether the index can serve as it is, what differs from the database, and a whole rebuild."""
from dataclasses import dataclass, field

from django.core.management import call_command

from speeches.models import Document

from ..engines import engine
from .sync import catch_up_index, document_index
from .version import cached_until_index_changes


def index_is_lost(using="default"):
    """Return whether the index cannot stand for the archive's published documents: no whole pass
    over them finished writing it (deleted, cleared, or a rebuild stopped half way), or it holds
    nothing while the archive has published documents.

    A deleted index folder comes back empty (Haystack creates a new index when it finds none), and
    editors' saves never fill a lost index with their few documents (``index.sync.index_documents``).
    """
    return not index_is_whole(using) and Document.objects.published().exists()


def index_is_whole(using="default"):
    """Return whether a whole pass over the documents finished writing the index and it holds some.
    Only that answer is kept until the index changes (it saves a cluster two requests a search): an
    index found lost is looked at again by every search, so it serves again once a pass completes it."""
    def looked_at():
        search_engine = engine(using)
        return search_engine.is_complete() and search_engine.document_count() > 0
    return cached_until_index_changes("index-whole", looked_at, using, keep=bool)


def reason_to_rebuild(using="default"):
    """Return why the index cannot serve as it is, or None."""
    if not engine(using).schema_matches():
        return "it was written by another version, with other fields or format"
    if not engine(using).is_complete():
        return "it is missing, or its last rebuild did not finish"
    if index_is_lost(using):
        return "it is empty"
    return None


def index_count_matches(using="default"):
    """Return whether the index holds as many documents as are published (a cheap first check)."""
    return engine(using).document_count() == Document.objects.published().count()


def rebuild_index(verbosity=1, using="default", **update_options):
    """Index every published document afresh: a whole pass (``update_index``, which marks the index
    complete and then writes what was saved meanwhile) within the engine's ``rebuilding``. Whoosh
    empties its index first (searches answer 503 until the pass is done); OpenSearch writes a new
    index beside the serving one and moves the alias to it at the end, so searches answer throughout
    and a failed rebuild leaves the old index serving."""
    with engine(using).rebuilding():
        call_command("update_index", using=[using], verbosity=verbosity, **update_options)
    catch_up_index(using)  # saved while the alias moved


@dataclass
class IndexDifference:
    """Where the index and the database disagree, by document primary key."""

    missing: set = field(default_factory=set)
    extra: set = field(default_factory=set)
    stale: set = field(default_factory=set)

    def __bool__(self):
        return bool(self.missing or self.extra or self.stale)

    def document_ids(self):
        return self.missing | self.extra | self.stale


def check_index(using="default"):
    """Return the ``IndexDifference``: published documents not indexed, indexed documents that are
    not published (drafts, deleted), and indexed documents whose text differs from the database's."""
    search_index = document_index(using)
    indexed_signature = engine(using).signatures()
    difference = IndexDifference()
    published_ids = set()
    for document in search_index.index_queryset(using).iterator(chunk_size=200):
        published_ids.add(document.pk)
        if document.pk not in indexed_signature:
            difference.missing.add(document.pk)
        elif search_index.full_prepare(document)["text_signature"] != indexed_signature[document.pk]:
            difference.stale.add(document.pk)
    difference.extra = set(indexed_signature) - published_ids
    return difference
