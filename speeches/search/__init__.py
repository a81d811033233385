"""The one place that knows about search: query language, normalisation, indexes and the engines.

Pages, the API, feeds, commands and the benchmark use these verbs and nothing else:

    search(criteria, page, size, facets) -> SearchPage    find_in_document(document, query)
    matching_ids(criteria, limit)   occurrence_counts(criteria)   filtered_ids(criteria)
    occurrence_finder(criteria) -> (document -> [Occurrence])
    index_documents(ids)   remove_documents(ids)   rebuild_index()   check_index() -> IndexDifference
    catch_up_index()   complete_index()   reason_to_rebuild()   index_count_matches()   cached_until_index_changes(...)

Engine failures reach them as ``SearchUnavailable``. Each engine is in ``engines/``; Haystack
defines the index (``indexes``), names the engine (SEARCH_URL) and writes.
"""
from .criteria import SearchCriteria
from .failures import SearchUnavailable
from .finding import find_in_document
from .indexing import batched_index_updates, catch_up_index, complete_index, index_documents
from .pages import Hit, SearchPage, page_number, search
from .result_sets import Occurrence, OccurrenceCounts, filtered_ids, matching_ids, occurrence_counts, occurrence_finder
from .upkeep import (
    IndexDifference,
    cached_until_index_changes,
    check_index,
    index_count_matches,
    reason_to_rebuild,
    rebuild_index,
)

# Removing is indexing documents that are no longer published: the index drops them.
remove_documents = index_documents

__all__ = [
    "Hit", "IndexDifference", "SearchCriteria", "SearchPage", "SearchUnavailable", "batched_index_updates",
    "cached_until_index_changes", "catch_up_index", "complete_index", "check_index", "find_in_document", "index_count_matches",
    "index_documents", "page_number", "reason_to_rebuild", "rebuild_index", "remove_documents", "search",
    "Occurrence", "OccurrenceCounts", "filtered_ids", "matching_ids", "occurrence_counts", "occurrence_finder",
]
