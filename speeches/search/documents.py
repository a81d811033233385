"""Run a researcher's search: the parsed query plus filters, sort and facets, through Haystack."""
import datetime
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from haystack import connections
from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from speeches.models import Document, Person, Region, Venue, event_slug

from .indexing import index_is_lost
from .query import And, Not, parse_query, to_sq
from .snippets import find_snippets, highlight_spans

log = logging.getLogger(__name__)


class SearchUnavailable(RuntimeError):
    """The search engine failed (index missing or damaged, cluster down): say so, never a 500."""


FILTER_FIELDS = ("speaker", "region", "venue", "event", "kind", "lang", "year", "date_from", "date_to")
# Filter name -> index field holding one value (or several) per document.
VALUE_FILTERS = {"speaker": "speakers", "region": "regions", "venue": "venue", "event": "event",
                 "kind": "kind", "lang": "language"}
FACETS = [("kind", "Kind"), ("speaker", "Speaker"), ("region", "Region"), ("venue", "Venue"),
          ("event", "Event"), ("lang", "Language"), ("year", "Year")]
# Options shown per facet (every year, for the histogram); engines that return more are cut to the same.
FACET_SIZE = 30
YEAR_FACET_SIZE = 500
# Filter values are slugs or codes ("xi-jinping", "press-release", "zh-hans").
FILTER_VALUE = re.compile(r"[-\w]{1,100}")
# Haystack writes dates with strftime, which leaves years before 1000 unpadded ("95-08-26"), and
# the engine then fails to read them. Nothing in the archive is that old, so earlier bounds are
# moved up to this day.
EARLIEST_SEARCHABLE_DATE = datetime.date(1000, 1, 1)
SORTS = {"relevance": None, "newest": "-date", "oldest": "date"}


@dataclass
class SearchCriteria:
    q: str = ""
    speaker: str = ""
    region: str = ""
    venue: str = ""
    event: str = ""
    kind: str = ""
    lang: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    sort: str = "relevance"
    case_sensitive: bool = False

    def filters(self):
        return {name: getattr(self, name) for name in FILTER_FIELDS if getattr(self, name)}

    def is_empty(self):
        return not (self.q.strip() or self.filters())


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list


@dataclass
class DocumentSearch:
    """A search ready to paginate: ``results`` is a lazy SearchQuerySet."""

    results: SearchQuerySet
    phrases: list
    words: list
    case_sensitive: bool
    filters: dict
    notices: list = field(default_factory=list)

    def page(self, number, per_page):
        """Return the Django ``Page`` for page ``number`` (the nearest page if there is no such page).

        The requested slice is fetched first: it brings the hit count and the facets with it, so a
        page costs one engine query instead of one for the count and another for the results.
        """
        try:
            start = (max(int(number), 1) - 1) * per_page
        except (TypeError, ValueError):
            start = 0
        with engine_errors_reported():
            list(self.results[start:start + per_page])
            return Paginator(self.results, per_page).get_page(number)

    def hits(self, page_results):
        """Return (document, snippets) for a page of results, skipping any the database no longer has."""
        return [
            (result.object, find_snippets(result.object.paragraphs, self.phrases, self.words,
                                          self.case_sensitive))
            for result in page_results
            if result.object is not None and result.object.is_published
        ]

    def facets(self):
        """Return the facets of the whole result set, each option counted and labelled."""
        with engine_errors_reported():
            counts = self.results.facet_counts().get("fields", {})
        facets = []
        for name, label in FACETS:
            index_field = VALUE_FILTERS.get(name, name)
            size = YEAR_FACET_SIZE if name == "year" else FACET_SIZE
            values = [
                (str(value), count) for value, count in counts.get(index_field, []) if value is not None
            ][:size]
            labels = facet_labels(name, [value for value, _ in values])
            options = [
                FacetOption(value, labels.get(value, value), count, str(self.filters.get(name, "")) == value)
                for value, count in values
            ]
            if name == "year":
                options.sort(key=lambda option: option.value)
            facets.append(Facet(name, label, options))
        return facets


@contextmanager
def engine_errors_reported():
    """Turn any failure of the search engine into ``SearchUnavailable``, logged with its cause.

    Engines fail in their own ways (Whoosh: OSError, EmptyIndexError, struct errors on a damaged
    segment; Elasticsearch: transport errors), so this boundary catches them all.
    """
    try:
        refuse_empty_index()
        yield
    except SearchUnavailable:
        raise
    except Exception as error:
        log.exception("The search engine failed")
        recover_engine()
        raise SearchUnavailable(str(error)) from error


def recover_engine(using="default"):
    """Let the engine start afresh after a failure, so a repaired index serves again at once."""
    backend = connections[using].get_backend()
    if hasattr(backend, "recover"):
        try:
            backend.recover()
        except Exception:  # recovering is best effort; the next search tries again
            log.exception("The search engine could not be reset")


def refuse_empty_index(using="default"):
    """Raise ``SearchUnavailable`` when the index is empty but the archive is not: searching it
    would answer "no documents match" to every query."""
    if index_is_lost(using):
        log.error("The search index is empty but the archive has published documents: "
                  "rebuild it with `manage.py rebuild_index --noinput` (docs/deployment.md).")
        raise SearchUnavailable("The search index is empty; it needs rebuilding.")


def facet_labels(name, values):
    """Return display names for facet values (slugs and codes) as {value: label}."""
    if name == "speaker":
        return dict(Person.objects.filter(slug__in=values).values_list("slug", "name"))
    if name == "region":
        return dict(Region.objects.filter(slug__in=values).values_list("slug", "name"))
    if name == "venue":
        return {venue.slug: str(venue) for venue in Venue.objects.filter(slug__in=values)}
    if name == "event":
        return {event_slug(event): event for event in Document.objects.published_values("event")}
    if name == "kind":
        return dict(Document.Kind.choices)
    if name == "lang":
        return dict(settings.LANGUAGES)
    return {}


def only_negative(tree):
    if isinstance(tree, Not):
        return True
    return isinstance(tree, And) and all(isinstance(operand, Not) for operand in tree.operands)


def search_documents(criteria):
    """Return the ``DocumentSearch`` for ``criteria``: query-language filters first, the form's win."""
    parsed = parse_query(criteria.q)
    case_sensitive = criteria.case_sensitive or parsed.case_sensitive
    # Only documents are indexed: no per-query narrowing by model.
    results = SearchQuerySet()
    if parsed.tree is not None:
        if only_negative(parsed.tree):
            # An engine needs something to subtract from: every document, minus the exclusions.
            results = results.filter(django_ct=Exact("speeches.document"))
        results = results.filter(to_sq(parsed.tree, case_sensitive))
    filters = {**parsed.filters, **criteria.filters()}
    notices = parsed.notices + unknown_value_notices(filters)
    results = apply_filters(results, filters)
    if order := SORTS.get(criteria.sort):
        results = results.order_by(order)
    for name, _ in FACETS:
        size = YEAR_FACET_SIZE if name == "year" else FACET_SIZE
        results = results.facet(VALUE_FILTERS.get(name, name), size=size)
    phrases, words = parsed.phrases()
    return DocumentSearch(results.load_all(), phrases, words, case_sensitive, filters, notices)


def apply_filters(results, filters):
    for name, index_field in VALUE_FILTERS.items():
        if value := filters.get(name):
            if not FILTER_VALUE.fullmatch(str(value)):
                return results.none()  # no slug or code looks like this; the notice says so
            results = results.filter(**{index_field: Exact(str(value))})
    if year := filters.get("year"):
        results = results.filter(year=int(year)) if str(year).isdigit() else results.none()
    # A date given as a month or a year spans that period: keep documents whose period overlaps.
    if date_from := filters.get("date_from"):
        results = results.filter(date_end__gte=max(date_from, EARLIEST_SEARCHABLE_DATE))
    if date_to := filters.get("date_to"):
        if date_to < EARLIEST_SEARCHABLE_DATE:
            return results.none()
        results = results.filter(date__lte=date_to)
    return results


def unknown_value_notices(filters):
    """Return a notice for each filter naming a speaker, region, venue or kind the archive lacks.

    Only names on published documents count as known: one credited on drafts alone gets the same
    notice as a name never heard of, so a notice cannot confirm that a draft exists.
    """
    lookups = {"speaker": (Person, "speaker"), "region": (Region, "region"), "venue": (Venue, "venue")}
    notices = []
    for name, (model, label) in lookups.items():
        value = filters.get(name)
        if value and not model.objects.with_published_documents().filter(slug=value).exists():
            notices.append(f"There is no {label} “{value}” in the archive.")
    if (kind := filters.get("kind")) and kind not in Document.Kind.values:
        notices.append(f"There is no kind of document “{kind}”; kinds are: {', '.join(Document.Kind.values)}.")
    date_from, date_to = filters.get("date_from"), filters.get("date_to")
    if date_from and date_to and date_from > date_to:
        notices.append(f"The “From” date ({date_from}) is after the “To” date ({date_to}): only documents "
                       "dated by a month or a year spanning both can match.")
    return notices


@dataclass
class DocumentFind:
    """Where a query occurs within one document: snippets to list, spans to mark."""

    snippets: list
    highlights: dict
    occurrences: int
    notices: list


def find_in_document(document, query, case_sensitive=False):
    """Return every occurrence of ``query``'s phrases and words in ``document``'s paragraphs."""
    parsed = parse_query(query)
    phrases, words = parsed.phrases()
    case_sensitive = case_sensitive or parsed.case_sensitive
    highlights = highlight_spans(document.paragraphs, phrases, words, case_sensitive)
    return DocumentFind(
        snippets=find_snippets(document.paragraphs, phrases, words, case_sensitive, limit=None),
        highlights=highlights,
        occurrences=sum(len(spans) for spans in highlights.values()),
        notices=parsed.notices,
    )
