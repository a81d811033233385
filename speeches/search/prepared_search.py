"""The one way out of the search package: ``search(criteria, page, size)`` returns a ``SearchPage``.

The search page, the API, the feeds and the benchmark all call it; none of them sees an engine.
Engine failures arrive as ``SearchUnavailable``.
"""
import re
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator

from speeches.models import Document

from .criteria import engine_query, unknown_value_notices
from .engines import EngineResult, engine
from .facets import FACET_FIELDS, labelled_facets
from .failures import engine_errors_reported
from .query import parse_query
from .snippets import document_snippets


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

    @property
    def years(self):
        """Return {year: number of hits} (with the facets only)."""
        return {int(option.value): option.count for facet in self.facets if facet.name == "year"
                for option in facet.options}


def search(criteria, page=1, size=20, facets=False, using="default"):
    """Return the ``SearchPage`` of ``criteria``: page ``page`` of ``size`` hits (the nearest page
    when there is no such page), with the facets of the whole result set when ``facets``."""
    number = requested_page(page)
    prepared = prepare(criteria, offset=(number - 1) * size, limit=size, facets=FACET_FIELDS if facets else {})
    query, parsed, filters = prepared.query, prepared.parsed, prepared.filters
    result = run(query, using)
    numbers = Paginator(range(result.total), size)
    if query is not None and numbers.get_page(number).number != number:  # past the end: the last page
        number = numbers.get_page(number).number
        result = run(replace(query, offset=(number - 1) * size), using)
    phrases, words = parsed.phrases()
    analysis_for = engine(using).analysis_for
    hits = [Hit(document, document_snippets(document, phrases, words, analysis_for, prepared.case_sensitive))
            for document in published_in_order(result.ids)]
    facet_list = labelled_facets(result.facets, filters) if facets else []
    return SearchPage(hits, Page(hits, number, numbers), facet_list, prepared.notices)


@dataclass(frozen=True)
class PreparedSearch:
    """Criteria read once: the parsed query, every filter (typed and chosen), notices, the engine's query."""

    parsed: object
    filters: dict
    case_sensitive: bool
    notices: list
    query: object  # an EngineQuery, or None when no document can match


def prepare(criteria, **slice_and_facets):
    parsed = parse_query(criteria.q)
    filters = {**parsed.filters, **criteria.filters()}  # the form's filters win over typed ones
    notices = list(dict.fromkeys(parsed.notices + unknown_value_notices(filters)))
    case_sensitive = criteria.case_sensitive or parsed.case_sensitive
    query = engine_query(parsed, filters, case_sensitive, criteria.sort, **slice_and_facets)
    if parsed.nothing_searchable and not filters:  # as an empty query: no documents, and the notice says why
        query = None
    return PreparedSearch(parsed, filters, case_sensitive, notices, query)


def run(query, using):
    if query is None:
        return EngineResult([], 0)
    with engine_errors_reported(using):
        return engine(using).search(query)


def requested_page(page):
    """Return the page a search asks for: page 1 for anything that is not a page number."""
    return page_number(page) or 1


# ASCII digits only: str.isdigit() also accepts "²" and "١", which int() refuses or reads as 1. Any
# page past the last is a page number (a 404 under /api/); beyond 100 digits it is no number at all.
PAGE_NUMBER = re.compile(r"[0-9]{1,100}")


def page_number(value):
    """Return the whole number from 1 up that a query string's page (or page size) holds, or None.

    The one reading of a page number for every page and the API: each then says what it does
    with None (page 1 and a notice, or a 400), never a 500.
    """
    text = value.strip() if isinstance(value, str) else str(value if value is not None else "")
    number = int(text) if PAGE_NUMBER.fullmatch(text) else 0
    return number or None


def published_in_order(ids):
    """Return the published documents with these ids, in this order (skipping any gone since), with
    the paragraphs of their other texts."""
    by_id = Document.objects.published().with_listing_data().with_other_texts().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
