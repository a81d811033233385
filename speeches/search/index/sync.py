"""Keep the search index equal to the published documents in the database, through Haystack's backend.

``index_documents`` (re)indexes documents that are published and removes the rest; saves reach it on
commit (``signals``), imports in batches, and a stopped process's unindexed changes through the ``backlog``.
"""
import threading
from contextlib import contextmanager, nullcontext

from haystack import connections

from speeches.models import Document

from ..engines import backend, engine
from .backlog import (
    ROWS_PER_QUERY,
    backlog_ids,
    changes_left_behind,
    clear_backlog,
    clear_backlog_before,
    record_backlog,
)

_batches = threading.local()


def document_index(using="default"):
    return connections[using].get_unified_index().get_index(Document)


def writer_lock(search_backend):
    """Return the backend's lock for a read-then-write (engines that allow one writer have one)."""
    return search_backend.writer_lock() if hasattr(search_backend, "writer_lock") else nullcontext()


def index_documents(document_ids, using="default"):
    """Index the given documents that are published; remove the rest (drafts, deleted) from the index.

    The database is read while holding the writer lock, so when two saves of one document race,
    the later index write carries the later database state. An index no whole pass has finished
    (lost, or being rebuilt in place) is not written: the changes wait in the backlog, which the rebuild
    indexes once it completes; one save would otherwise make a lost index look whole. While another
    process writes a new index beside this one, changes are written here and stay in the backlog too.
    """
    document_ids = set(document_ids)
    if not document_ids or not engine(using).is_complete():
        return
    owed_to_a_rebuild = engine(using).being_rebuilt()
    index = document_index(using)
    search_backend = backend(using)
    with writer_lock(search_backend):
        ordered = sorted(document_ids)
        published = [
            document
            for start in range(0, len(ordered), ROWS_PER_QUERY)
            for document in index.index_queryset(using).filter(pk__in=ordered[start:start + ROWS_PER_QUERY])
        ]
        if published:
            search_backend.update(index, published)
        for document_id in document_ids - {document.pk for document in published}:
            search_backend.remove(f"speeches.document.{document_id}")
        if not owed_to_a_rebuild:
            clear_backlog(ordered)


def index_saved(document_ids, using="default"):
    """Index the documents of a save that committed. If the index takes writes again after changes
    were left in the backlog (the cluster was down when they were saved), write those too: the first
    save after an outage replays it."""
    index_documents(document_ids, using)
    if changes_left_behind() and engine(using).is_complete() and not engine(using).being_rebuilt():
        catch_up_index(using)


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
            batch_size = backend().batch_size
            for start in range(0, len(ordered), batch_size):
                index_documents(ordered[start:start + batch_size])


def complete_index(using="default", pass_started=None):
    """Mark the index complete after a whole pass (begun at ``pass_started``) wrote every published
    document, then index what was saved meanwhile (saves wait in the backlog while an index is incomplete)."""
    engine(using).mark_complete()
    if pass_started is not None:
        clear_backlog_before(pass_started)
    catch_up_index(using)


def catch_up_index(using="default"):
    """Index the documents whose changes a stopped process committed but never indexed; return how many."""
    backlog = backlog_ids()
    batch_size = backend(using).batch_size
    for start in range(0, len(backlog), batch_size):
        index_documents(backlog[start:start + batch_size], using)
    return len(backlog)


def queue_for_batch(document_ids):
    """Queue ids in the current batch; return False when no batch is open."""
    pending = getattr(_batches, "pending", None)
    if pending is None:
        return False
    if not _batches.discard:  # a batch that will not index (a dry run, a load before a rebuild) owes nothing
        record_backlog(document_ids)
    pending.update(document_ids)
    return True
