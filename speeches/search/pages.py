"""The one way out of the search package: ``search(criteria, page, size)`` returns a ``SearchPage``.

The search page, the API and the feeds all call it; none of them sees the engine's result objects.
Engine failures arrive as ``SearchUnavailable``.
"""
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from .documents import search_documents


@dataclass(frozen=True)
class Hit:
    """A matching published document and the snippets (paragraphs) where it matched."""

    document: object
    snippets: list


@dataclass
class SearchPage:
    """One page of a search: its hits, how many match in all, facets if asked for, and notices."""

    hits: list
    page: Page  # number, paginator.count, paginator.num_pages, has_next... for templates and links
    facets: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def documents(self):
        return [hit.document for hit in self.hits]


def search(criteria, page=1, size=20, facets=False):
    """Return the ``SearchPage`` of ``criteria``: page ``page`` of ``size`` hits (the nearest page
    when there is no such page), with the facets of the whole result set when ``facets``."""
    document_search = search_documents(criteria)
    engine_page = document_search.page(page, size)
    facet_list = document_search.facets() if facets else []
    hits = [Hit(document, snippets) for document, snippets in document_search.hits(engine_page.object_list)]
    # The page keeps its numbers but holds the hits: no engine object leaves the package.
    numbers = Paginator(range(engine_page.paginator.count), size)
    return SearchPage(hits, Page(hits, engine_page.number, numbers), facet_list, list(document_search.notices))
