"""Keep the search index equal to the published documents in the database."""
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


