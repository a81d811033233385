"""Keep the search index equal to the published documents in the database."""
import hashlib
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.core.cache import cache
from haystack import connections
from haystack.query import SearchQuerySet

from speeches.models import Document, IndexBacklog

# Documents read per database query, and stored signatures read per index query when comparing
# the index with the database.
ROWS_PER_QUERY = 500
SIGNATURES_PER_QUERY = 500
# Values kept by cached_until_index_changes expire after this long even if the index never changes.
CACHED_SECONDS = 3600
_batches = threading.local()


def document_index(using="default"):
    return connections[using].get_unified_index().get_index(Document)


def cached_until_index_changes(name, compute, using="default"):
    """Return ``compute()``, computed again only after the index has changed.

    Every change to a published document (and to a speaker's or region's name) reaches the index,
    so what is derived from the published documents stays current. An engine that cannot say
    cheaply when it changed gets no caching.
    """
    backend = connections[using].get_backend()
    version = backend.index_version() if hasattr(backend, "index_version") else None
    if version is None:
        return compute()
    key = f"{name}:{hashlib.sha256(version.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHED_SECONDS)
    return value


def writer_lock(backend):
    """Return the backend's lock for a read-then-write (engines that allow one writer have one)."""
    return backend.writer_lock() if hasattr(backend, "writer_lock") else nullcontext()


def sync_documents(document_ids, using="default"):
    """Index the given documents that are published; remove the rest (drafts, deleted) from the index.

    The database is read while holding the writer lock, so when two saves of one document race,
    the later index write carries the later database state.
    """
    document_ids = set(document_ids)
    if not document_ids:
        return
    index = document_index(using)
    backend = connections[using].get_backend()
    with writer_lock(backend):
        ordered = sorted(document_ids)
        published = [
            document
            for start in range(0, len(ordered), ROWS_PER_QUERY)
            for document in index.index_queryset(using).filter(pk__in=ordered[start:start + ROWS_PER_QUERY])
        ]
        if published:
            backend.update(index, published)
        for document_id in document_ids - {document.pk for document in published}:
            backend.remove(f"speeches.document.{document_id}")
        for start in range(0, len(ordered), ROWS_PER_QUERY):
            IndexBacklog.objects.filter(document_id__in=ordered[start:start + ROWS_PER_QUERY]).delete()


@contextmanager
def batched_index_updates(discard=False):
    """Within the block, changed documents are queued and indexed once at the end, in batches.

    Bulk imports use this instead of one index commit per document. With ``discard`` (a dry run
    whose writes are rolled back) the queue is dropped.
    """
    pending = set()
    _batches.pending, _batches.discard = pending, discard
    try:
        yield
    finally:
        # Also when the block fails: what it committed before failing must reach the index.
        _batches.pending = None
        if not discard:
            ordered = sorted(pending)
            batch_size = connections["default"].get_backend().batch_size
            for start in range(0, len(ordered), batch_size):
                sync_documents(ordered[start:start + batch_size])


def record_backlog(document_ids):
    """Note, in the current transaction, documents whose index entries must be brought up to date."""
    IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in document_ids], ignore_conflicts=True)


def catch_up_index(using="default"):
    """Index the documents whose changes a stopped process committed but never indexed; return how many."""
    backlog = sorted(IndexBacklog.objects.values_list("document_id", flat=True))
    batch_size = connections[using].get_backend().batch_size
    for start in range(0, len(backlog), batch_size):
        sync_documents(backlog[start:start + batch_size], using)
    return len(backlog)


def index_is_lost(using="default"):
    """Return whether the index holds nothing while the archive has published documents.

    A deleted index folder comes back empty (Haystack creates a new index when it finds none).
    """
    return connections[using].get_backend().document_count() == 0 and Document.objects.published().exists()


def reason_to_rebuild(using="default"):
    """Return why the index cannot serve as it is ("missing or empty", "older schema"), or None."""
    backend = connections[using].get_backend()
    if index_is_lost(using):
        return "it is missing or empty"
    if hasattr(backend, "schema_matches") and not backend.schema_matches():
        return "it was written with other fields than the code defines"
    return None


def index_count_matches(using="default"):
    """Return whether the index holds as many documents as are published (a cheap first check)."""
    return connections[using].get_backend().document_count() == Document.objects.published().count()


def queue_for_batch(document_ids):
    """Queue ids in the current batch; return False when no batch is open."""
    pending = getattr(_batches, "pending", None)
    if pending is None:
        return False
    if not _batches.discard:  # a batch that will not index (a dry run, a load before a rebuild) owes nothing
        record_backlog(document_ids)
    pending.update(document_ids)
    return True


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


def compare_index_with_database(using="default"):
    """Return the ``IndexDifference``: published documents not indexed, indexed documents that are
    not published (drafts, deleted), and indexed documents whose text differs from the database's."""
    index = document_index(using)
    indexed_signature = {}
    everything = SearchQuerySet(using=using).models(Document).all()
    total, page = everything.count(), SIGNATURES_PER_QUERY
    for start in range(0, total, page):
        indexed_signature.update(
            (int(result.pk), result.text_signature) for result in everything[start:start + page])
    difference = IndexDifference()
    published_ids = set()
    for document in index.index_queryset(using).iterator(chunk_size=200):
        published_ids.add(document.pk)
        if document.pk not in indexed_signature:
            difference.missing.add(document.pk)
        elif index.full_prepare(document)["text_signature"] != indexed_signature[document.pk]:
            difference.stale.add(document.pk)
    difference.extra = set(indexed_signature) - published_ids
    return difference
