"""The one place that knows about search: query language, normalisation, indexes and the engines.

Pages, the API, feeds, research tools, commands and the benchmark import these names and nothing
else of the package:

    prepare(criteria) -> PreparedSearch     one search, its criteria read once:
        .page(number, size, facets) -> SearchPage    .ids(limit, sort) -> MatchingIds
        .occurrence_counts() -> OccurrenceCounts     .filtered_ids() -> {document id}
        .tallies(fields) -> Tallies     the whole result set added up by the engine: per period, per value
        .filters_key    equal for searches whose filters allow the same documents
        .notices    what the query and filters meant    .unknown_values    filters naming nothing published
        .finds_nothing_named    whether the filters name what the archive lacks (a language too)
        .occurrences(document, headings) -> [Occurrence]     .find_in(document, text) -> DocumentFind
        .snippets(document) -> [Snippet]             where a document matched, as a hit shows it
    search(criteria, page, size, facets) -> SearchPage     one page, as prepare(criteria).page(...)
    percolator(documents) -> Percolator     many saved searches (alerts) against a few new documents:
        .matches(criteria) -> [document id]     in a throwaway index of just those documents
    one_index_version()    a block (a request) that reads the index's version once
    cached_until_index_changes(name, compute)    facet_labels(name, values)    FACET_NAMES (the facets a page
    counts; ``page(facets=...)`` takes True or some of them)

The index kept in step: index_documents(ids), batched_index_updates(), catch_up_index(),
complete_index(), rebuild_index(), check_index() -> IndexDifference, reason_to_rebuild(),
index_count_matches(); index_receivers(), the signal receivers that index a change on commit
(``SpeechesConfig`` connects them); ``DocumentIndex`` for Haystack to discover.
The search form: DocumentSearchForm (a query string -> SearchCriteria) and its labels and choices;
ComparisonForm (up to MOST_COMPARED queries, q=...&q=..., under one set of filters -> a SearchCriteria each).
Text as search reads it: tokenise(text), normalise_token(token), written_tokens(text), written_spans(text); words as statistics
count them, Chinese segmented: counted_words(text, language); languages as the filter names them: general_code(tag),
filter_code(tag), filter_languages(tags).
``StockWhoosh``: stock Whoosh on the same query, for the benchmark.

Engine failures reach callers as ``SearchUnavailable``. Folders: ``query/`` (the query language,
criteria and the form that reads them from a query string), ``highlight/`` (matching a query in paragraphs; snippets), ``index/`` (what is indexed,
keeping it in step, its health and version), ``engines/`` (one folder per engine; the engine is
named by SEARCH_URL through Haystack, which also writes the index).
"""
from .engines.whoosh.stock import StockWhoosh
from .facets import FACET_NAMES, facet_labels
from .failures import SearchUnavailable
from .index.document_index import DocumentIndex
from .index.health import check_index, index_count_matches, reason_to_rebuild, rebuild_index
from .index.signals import index_receivers
from .index.sync import batched_index_updates, catch_up_index, complete_index, index_documents
from .index.version import cached_until_index_changes, one_index_version
from .languages import counted_words, filter_code, filter_languages, general_code
from .percolation import percolator
from .prepared_search import prepare, search
from .query.criteria import SearchCriteria
from .query.form import (
    LANGUAGE_FILTER_LABEL,
    MOST_COMPARED,
    SORT_CHOICES,
    UNKNOWN_COUNTRY,
    UNKNOWN_LANGUAGE,
    ComparisonForm,
    DocumentSearchForm,
)
from .text import normalise_token, tokenise, written_spans, written_tokens

__all__ = [
    "ComparisonForm", "DocumentIndex", "DocumentSearchForm", "FACET_NAMES", "LANGUAGE_FILTER_LABEL", "MOST_COMPARED",
    "SORT_CHOICES", "SearchCriteria", "SearchUnavailable", "StockWhoosh", "batched_index_updates",
    "cached_until_index_changes", "catch_up_index", "check_index", "complete_index", "counted_words", "facet_labels",
    "filter_code", "filter_languages", "general_code", "index_count_matches", "index_documents",
    "index_receivers", "normalise_token", "one_index_version", "percolator", "prepare", "reason_to_rebuild", "rebuild_index",
    "search", "tokenise", "UNKNOWN_COUNTRY", "UNKNOWN_LANGUAGE", "written_spans", "written_tokens",
]
