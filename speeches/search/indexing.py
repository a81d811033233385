"""Keep the search index equal to the published documents in the database."""
import threading
from contextlib import contextmanager

from haystack import connections

from speeches.models import Document


def document_index(using="default"):
    return connections[using].get_unified_index().get_index(Document)


def sync_documents(document_ids, using="default"):
    """Index the given documents that are published; remove the rest (drafts, deleted) from the index."""
    document_ids = set(document_ids)
    if not document_ids:
        return
    index = document_index(using)
    backend = connections[using].get_backend()
    published = list(index.index_queryset(using).filter(pk__in=document_ids))
    if published:
        backend.update(index, published)
    for document_id in document_ids - {document.pk for document in published}:
        backend.remove(f"speeches.document.{document_id}")




BATCH_SIZE = 500
_batches = threading.local()


@contextmanager
def batched_index_updates(discard=False):
    """Within the block, changed documents are queued and indexed once at the end, in batches.

    Bulk imports use this instead of one index commit per document. With ``discard`` (a dry run
    whose writes are rolled back) the queue is dropped.
    """
    pending = set()
    _batches.pending = pending
    try:
        yield
    finally:
        _batches.pending = None
    if not discard:
        ordered = sorted(pending)
        for start in range(0, len(ordered), BATCH_SIZE):
            sync_documents(ordered[start:start + BATCH_SIZE])


def queue_for_batch(document_ids):
    """Queue ids in the current batch; return False when no batch is open."""
    pending = getattr(_batches, "pending", None)
    if pending is None:
        return False
    pending.update(document_ids)
    return True
