"""How the Whoosh index is written: which segments saves merge, bulk batches on several processes, the codec."""
import datetime
import os
from unittest import mock

import pytest
from haystack import connections
from whoosh.codec.whoosh3 import W3Codec
from whoosh.qparser import QueryParser

from speeches.models import Document
from speeches.search import SearchCriteria, search
from speeches.search.engines.whoosh.backend import PARALLEL_BATCH, SMALL_SEGMENT_DOCS, SMALL_SEGMENTS_TO_MERGE
from speeches.search.index.sync import batched_index_updates
from speeches.search.engines.whoosh.codec import ArchiveCodec

from tests.factories import make_document


def segments():
    index = connections["default"].get_backend().index
    return {segment.segment_id(): segment.doc_count_all() for segment in index._segments()}


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
    assert search(SearchCriteria(q="treaty")).total == Document.objects.count() == SMALL_SEGMENT_DOCS + 10 + len(saved)


@pytest.mark.django_db(transaction=True)
def test_segments_are_written_with_a_codec_that_checks_each_lengths_file_once(monkeypatch):
    make_document(title="Treaty", body="A treaty of friendship and a treaty of trade.")
    index = connections["default"].get_backend().index
    (segment,) = index._segments()
    assert isinstance(segment.codec(), ArchiveCodec)

    checked = []
    storage_file_exists = index.storage.file_exists
    monkeypatch.setattr(index.storage, "file_exists", lambda name: checked.append(name) or storage_file_exists(name))
    reader = segment.codec().per_document_reader(index.storage, segment)
    lengths = [reader.doc_field_length(0, field) for field in ("word_pairs", "word_pairs", "exact_text", "exact_text")]
    assert lengths[0] == lengths[1] == 0 and lengths[2] == lengths[3] > 0
    assert len(checked) == len(set(checked)) == 2


@pytest.mark.django_db(transaction=True)
def test_large_batches_are_indexed_by_several_processes_and_replace_old_versions():
    with batched_index_updates():
        documents = [make_document(title=f"Imported {number}", body=f"Treaty number {number}.")
                     for number in range(PARALLEL_BATCH)]
    if (os.cpu_count() or 1) > 1:
        assert len(segments()) > 1  # one segment per indexing process
    assert sum(segments().values()) == PARALLEL_BATCH

    with batched_index_updates():
        for document in documents:
            document.body = f"Amended treaty {document.pk}."
            document.save()
    assert search(SearchCriteria(q="amended")).total == PARALLEL_BATCH
    assert search(SearchCriteria(q='"treaty number"')).total == 0
    assert sum(segments().values()) == PARALLEL_BATCH  # the segments of the old versions are gone


@pytest.mark.django_db(transaction=True)
def test_the_codec_scores_and_sorts_as_whoosh_does():
    with batched_index_updates():
        for number in range(40):
            make_document(title=f"Speech {number}", body="Trade and peace. " * (number % 7 + 1) + "Peace.",
                          date=datetime.date(2000 + number % 13, 1 + number % 12, 1))
    index = connections["default"].get_backend().index
    query = QueryParser("text", index.schema).parse("peace OR trade")

    def ranked(**sort):
        with index.searcher() as searcher:
            return [(hit["django_id"], round(hit.score or 0, 6)) for hit in searcher.search(query, limit=None, **sort)]

    ours = [ranked(), ranked(sortedby="date"), ranked(sortedby="date", reverse=True)]
    with mock.patch.object(ArchiveCodec, "per_document_reader", W3Codec.per_document_reader):
        assert [ranked(), ranked(sortedby="date"), ranked(sortedby="date", reverse=True)] == ours
    assert len(ours[0]) == 40 and ours[1] != ours[2]
