"""Editors' saves merge only small segments; the large segments of imports and rebuilds stay as written."""
import pytest
from haystack import connections

from speeches.models import Document
from speeches.search import SearchCriteria, search_documents
from speeches.search.backends import SMALL_SEGMENT_DOCS, SMALL_SEGMENTS_TO_MERGE
from speeches.search.indexing import batched_index_updates

from .factories import make_document


def segments():
    index = connections["default"].get_backend().index
    return {segment.segment_id(): segment.doc_count_all() for segment in index._index._segments()}


@pytest.mark.django_db(transaction=True)
def test_saves_merge_small_segments_and_leave_large_ones():
    with batched_index_updates():
        for number in range(SMALL_SEGMENT_DOCS + 10):
            make_document(title=f"Imported {number}", body="An imported treaty text.")
    (large_id, large_count), = segments().items()
    assert large_count >= SMALL_SEGMENT_DOCS

    saved = [make_document(title=f"Saved {number}", body="An edited treaty text.")
             for number in range(SMALL_SEGMENTS_TO_MERGE * 2)]
    after = segments()
    assert after[large_id] == large_count
    assert len(after) <= SMALL_SEGMENTS_TO_MERGE + 1
    assert sum(after.values()) - large_count >= len(saved)
    hits = search_documents(SearchCriteria(q="treaty")).results
    assert hits.count() == Document.objects.count() == SMALL_SEGMENT_DOCS + 10 + len(saved)
