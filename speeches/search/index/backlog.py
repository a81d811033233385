"""The index backlog: documents whose changes committed but may not have reached the index yet (a
process stopped between a save and its indexing, or an index being rebuilt). Recorded in the
save's transaction, cleared once the documents are indexed, caught up at start (``prepare_index``)."""
import datetime

from django.utils import timezone

from speeches.models import Document, IndexBacklog

# Documents per database query.
ROWS_PER_QUERY = 500
# A row older than this was left by a write that failed (the cluster down), not by a save in flight.
LEFT_BEHIND = datetime.timedelta(minutes=1)


def record_backlog(document_ids):
    """Note, in the current transaction, documents whose index entries must be brought up to date (a
    document noted already is noted at the time of this change)."""
    IndexBacklog.objects.bulk_create([IndexBacklog(document_id=pk) for pk in document_ids], update_conflicts=True,
                                     unique_fields=["document_id"], update_fields=["queued_at"])


def clear_backlog_before(started):
    """Forget the published documents noted before a pass over every published document began: the
    pass read them afterwards and wrote them. (An import into an index no pass had finished noted
    every document; the rebuild that followed wrote them all twice.)"""
    IndexBacklog.objects.filter(queued_at__lt=started, document_id__in=Document.objects.published().values("pk")).delete()


def clear_backlog(document_ids):
    """Forget the documents just indexed."""
    ordered = sorted(document_ids)
    for start in range(0, len(ordered), ROWS_PER_QUERY):
        IndexBacklog.objects.filter(document_id__in=ordered[start:start + ROWS_PER_QUERY]).delete()


def backlog_ids():
    """Return the ids of the documents in the backlog, in order."""
    return sorted(IndexBacklog.objects.values_list("document_id", flat=True))


def changes_left_behind():
    """Return whether the backlog holds changes a failed index write left behind."""
    return IndexBacklog.objects.filter(queued_at__lt=timezone.now() - LEFT_BEHIND).exists()
