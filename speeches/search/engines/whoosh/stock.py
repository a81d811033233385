"""The benchmark's comparison column: stock Whoosh answering the same query on one reused searcher.

The same engine query (``PreparedSearch.sliced``: parsed, filters checked) compiled the same way, with Whoosh's own filters (Term, NumericRange, DateRange), its own facet
counts (overlapping FieldFacets), its own date sort and page size: what the archive's engine would
cost without the tables, ranking and phrase code of this folder (``speeches.bench`` times both).
"""
from whoosh import query as whoosh_query
from whoosh.sorting import Count, FieldFacet

from .. import backend as search_backend
from .compiler import compile_tree
from .engine import midnight


class StockWhoosh:
    def __init__(self):
        backend = search_backend()
        backend.setup()
        self.searcher = backend.index.searcher()

    def run(self, query):
        """Return the ids of the first page of an ``EngineQuery`` (``query.limit`` hits) and the counts
        of the facets it asks for."""
        facets = [FieldFacet(name, allow_overlap=True, maptype=Count) for name in query.facets]
        kwargs = {"pagelen": query.limit, "groupedby": facets, "filter": whoosh_filter(query)}
        if query.newest_first is not None:
            kwargs.update(sortedby="date", reverse=query.newest_first)
        page = self.searcher.search_page(compile_tree(query.tree, query.case_sensitive), 1, **kwargs)
        return [hit["django_id"] for hit in page], {name: page.results.groups(name) for name in query.facets}


def whoosh_filter(query):
    parts = [whoosh_query.NumericRange(field, value, value) if field == "year" else whoosh_query.Term(field, value)
             for field, value in query.values.items()]
    if query.date_from:
        parts.append(whoosh_query.DateRange("date_end", midnight(query.date_from), None))
    if query.date_to:
        parts.append(whoosh_query.DateRange("date", None, midnight(query.date_to)))
    return whoosh_query.And(parts) if parts else None

