"""Run a researcher's search: the parsed query plus filters and sort, through Haystack."""
import datetime
from dataclasses import dataclass, field

from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from speeches.models import Document

from .query import And, Not, parse_query, to_sq
from .snippets import find_snippets

FILTER_FIELDS = ("speaker", "region", "venue", "kind", "lang", "year", "date_from", "date_to")
SORTS = {"relevance": None, "newest": "-date", "oldest": "date"}


@dataclass
class SearchCriteria:
    q: str = ""
    speaker: str = ""
    region: str = ""
    venue: str = ""
    kind: str = ""
    lang: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    sort: str = "relevance"
    case_sensitive: bool = False

    def is_empty(self):
        return not (self.q.strip() or self.speaker or self.region or self.venue or self.kind
                    or self.lang or self.date_from or self.date_to or self.year)


@dataclass
class DocumentSearch:
    """A search ready to paginate: ``results`` is a lazy SearchQuerySet."""

    results: SearchQuerySet
    phrases: list
    words: list
    case_sensitive: bool
    notices: list = field(default_factory=list)

    def hits(self, page_results):
        """Return (document, snippets) for a page of results, skipping any the database no longer has."""
        return [
            (result.object, find_snippets(result.object.paragraphs, self.phrases, self.words,
                                          self.case_sensitive))
            for result in page_results
            if result.object is not None and result.object.is_published
        ]


def only_negative(tree):
    if isinstance(tree, Not):
        return True
    return isinstance(tree, And) and all(isinstance(operand, Not) for operand in tree.operands)


def search_documents(criteria):
    """Return the ``DocumentSearch`` for ``criteria``."""
    parsed = parse_query(criteria.q)
    case_sensitive = criteria.case_sensitive or parsed.case_sensitive
    results = SearchQuerySet().models(Document)
    if parsed.tree is not None:
        sq = to_sq(parsed.tree, case_sensitive)
        if only_negative(parsed.tree):
            # An engine needs something to subtract from: every document, minus the exclusions.
            results = results.filter(django_ct=Exact("speeches.document"))
        results = results.filter(sq)
    form_filters = {name: getattr(criteria, name) for name in FILTER_FIELDS if getattr(criteria, name)}
    results = apply_filters(results, {**parsed.filters, **form_filters})
    if order := SORTS.get(criteria.sort):
        results = results.order_by(order)
    phrases, words = parsed.phrases()
    return DocumentSearch(results.load_all(), phrases, words, case_sensitive, parsed.notices)


def apply_filters(results, filters):
    for name, index_field in (("speaker", "speakers"), ("region", "regions"), ("venue", "venue"),
                              ("kind", "kind"), ("lang", "language")):
        if value := filters.get(name):
            results = results.filter(**{index_field: Exact(value)})
    if year := filters.get("year"):
        results = results.filter(year=int(year)) if str(year).isdigit() else results.none()
    if date_from := filters.get("date_from"):
        results = results.filter(date__gte=date_from)
    if date_to := filters.get("date_to"):
        results = results.filter(date__lte=date_to)
    return results
