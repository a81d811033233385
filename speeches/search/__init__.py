"""The one place that knows about search: query language, normalisation, indexes and the engine.

Pages, the API and feeds call ``search`` and get a ``SearchPage``; commands keep the index in step
with ``sync_documents`` and its kin. Nothing else in the project imports Haystack's query machinery
or an engine.
"""
from .documents import (
    SearchCriteria,
    SearchUnavailable,
    engine_errors_reported,
    find_in_document,
    search_documents,
)
from .indexing import (
    batched_index_updates,
    cached_until_index_changes,
    catch_up_index,
    compare_index_with_database,
    index_count_matches,
    reason_to_rebuild,
    sync_documents,
)
from .pages import Hit, SearchPage, search

__all__ = [
    "Hit", "SearchCriteria", "SearchPage", "SearchUnavailable", "batched_index_updates", "cached_until_index_changes",
    "catch_up_index", "compare_index_with_database", "engine_errors_reported", "find_in_document",
    "index_count_matches", "reason_to_rebuild", "search", "search_documents", "sync_documents",
]
