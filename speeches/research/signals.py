"""Compare a document's passages with the others' once a change to it commits.

A comparison takes a second or two per document and may fail; it runs on its own (a robust
``on_commit``), so it can neither undo a save nor keep a document out of the index. A single save is
compared on commit just before it is indexed (``SpeechesConfig.receivers`` says why in that order);
an import compares after its batch is indexed (``deferred_comparisons``).
"""
import logging
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from speeches.models import Document, DocumentText

from .passages import compare_documents

logger = logging.getLogger(__name__)
_deferred = threading.local()


def document_saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: ``manage.py compare_passages`` catches up
        return
    compare_on_commit(instance.pk)


def text_changed(sender, instance, raw=False, **kwargs):
    """One of a document's other texts was saved or deleted: its passages are the document's to compare,
    and until they are it is uncompared (``Document.save`` says so of its own changes), for the catch-up."""
    if not raw:
        Document.objects.filter(pk=instance.document_id).update(passages_compared=None)
        compare_on_commit(instance.document_id)


def compare_on_commit(document_id):
    # robust: a failure is logged and leaves the document uncompared for the catch-up, not the save undone.
    transaction.on_commit(lambda: compare_or_defer(document_id), robust=True)


def compare_or_defer(document_id):
    pending = getattr(_deferred, "pending", None)
    if pending is None:
        compare_documents([document_id])
    else:
        pending.add(document_id)


@contextmanager
def deferred_comparisons(discard=False):
    """Within the block, documents saved are compared when it ends, not as each commits: opened around
    ``batched_index_updates``, once the batch is indexed. With ``discard`` (a dry run) they are not.

    Stopped midway, the documents left are uncompared (``passages_compared`` empty) and ``manage.py
    compare_passages`` catches up."""
    pending = set()
    _deferred.pending = pending
    try:
        yield
    finally:
        _deferred.pending = None
        if not discard:
            compare_each_on_its_own(sorted(pending))


def compare_each_on_its_own(document_ids):
    """Compare each document; one that fails is logged and left uncompared, and the rest go on."""
    for document_id in document_ids:
        try:
            compare_documents([document_id])
        except Exception:
            logger.exception("Comparing the passages of document %s failed; compare_passages will retry", document_id)


def comparison_receivers():
    """Yield each (signal, receiver, sender) that compares a saved document's passages."""
    yield post_save, document_saved, Document
    yield post_save, text_changed, DocumentText
    yield post_delete, text_changed, DocumentText
