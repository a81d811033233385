"""A read-only JSON API: documents, people, venues, regions, and search with the site's query language."""
from functools import lru_cache

from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.generators import EndpointEnumerator
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import BaseThrottle
from rest_framework.response import Response
from rest_framework.views import APIView

from speeches.errors import error_response
from speeches.limits import export_wait, search_wait
from speeches.models import Document, Office, RetiredDocument
from speeches.research.concordance import ORDERS, build_concordance
from speeches.research.exports import FORMATS
from speeches.research.recurrences import document_records
from speeches.research.timeline import TOP_GROUPS, build_timelines
from speeches.web.downloads import export_download
from speeches.search import UNKNOWN_COUNTRY, UNKNOWN_LANGUAGE, DocumentSearchForm
from speeches.web.searching import SearchSurface, answer_comparison, answer_search, page_number

from .schema import (
    DOCUMENT_RESPONSES,
    CASE_PARAMETER,
    DETAIL_RESPONSES,
    EXPORT_RESPONSES,
    FORMAT_PARAMETER,
    FILTER_PARAMETERS,
    ORDER_PARAMETER,
    OPTIONAL_QUERY_PARAMETER,
    QUERIES_PARAMETER,
    QUERY_PARAMETER,
    RESEARCH_RESPONSES,
    TIMELINE_ANSWER,
    SEARCH_RESPONSES,
    documented,
)
from .serializers import (
    DocumentSerializer,
    DocumentSummarySerializer,
    PersonSerializer,
    RegionSerializer,
    ConcordanceSerializer,
    RecurringPassageSerializer,
    SearchHitSerializer,
    TimelineComparisonSerializer,
    TimelineSerializer,
    VenueSerializer,
)


class OneValueEach:
    """A view whose parameters each take one value (but those in ``repeatable``): one given twice with
    two values is a 400 naming it, rather than the last one read and the first silently dropped. A
    parameter the API does not read (a cache-buster, a tracker's) is left alone, as it is once."""

    single_valued = frozenset({*DocumentSearchForm.base_fields, "page", "page_size", "format", "order"})
    repeatable = frozenset()

    def initial(self, request, *args, **kwargs):
        repeated = {name: values for name, values in request.query_params.lists()
                    if name in self.single_valued - self.repeatable and len(set(values)) > 1}
        if repeated:  # before the search budget counts it: a refused request costs none
            raise ValidationError({name: [f"Give one {name}; {len(values)} were given ({', '.join(values[:5])})."]
                                   for name, values in repeated.items()})
        super().initial(request, *args, **kwargs)


class ApiRootView(APIView):
    """The API's front door: every operation, with its address, and where the schema and reference are."""

    @extend_schema(exclude=True)
    def get(self, request):
        site = request.build_absolute_uri("/").removesuffix("/")  # paths keep their {parameters} unescaped
        return Response({
            "operations": [{"method": method, "path": path, "url": site + path} for path, method in api_operations()],
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
        })


@lru_cache(maxsize=1)
def api_operations():
    """Return (path, method) of every operation of this API, read from the URL configuration as the
    OpenAPI schema is (drf-spectacular's enumerator), so that the root cannot forget one."""
    return [(path, method) for path, _, method, callback in EndpointEnumerator().get_api_endpoints()
            if callback.cls.__module__ == __name__ and callback.cls is not ApiRootView]


class SearchBudget(BaseThrottle):
    """The site's one search budget (``speeches.limits``), for the API's searches: 429 with Retry-After."""

    def allow_request(self, request, view):
        self.seconds = search_wait(request)
        return self.seconds is None

    def wait(self):
        return self.seconds


class SearchServiceUnavailable(APIException):
    status_code = 503
    default_detail = "Search is unavailable right now: the search index could not be read. Try again later."
    default_code = "search_unavailable"


class Pagination(PageNumberPagination):
    """Pages of 20 (``page_size`` up to 100); a page or size that is not a whole number in range is a
    400 on every list, a page past the last a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.validate(request)
        return super().paginate_queryset(queryset, request, view)

    def paginate_search(self, prepared, request, sort=None):
        """Return the requested ``SearchPage`` of a prepared search (in the order ``sort`` asks for,
        else its own): a 400 for a bad page or size, a 404 past the last page."""
        self.validate(request)
        self.request = request
        number = page_number(request.query_params.get(self.page_query_param, "1"))
        results = prepared.page(number, self.get_page_size(request), sort=sort)
        if results.page.number != number:
            raise NotFound("Invalid page.")
        self.page = results.page
        return results

    def validate(self, request):
        errors = {}
        for name, maximum in (("page", None), ("page_size", self.max_page_size)):
            value = request.query_params.get(name)
            number = page_number(value)
            if value is not None and (number is None or (maximum and number > maximum)):
                errors[name] = [f"{name} must be a whole number from 1{f' to {maximum}' if maximum else ''}."]
        if errors:
            raise ValidationError(errors)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == "page_size":
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class ApiSurface(SearchSurface):
    """The API's answers to a request it cannot search: a 400 naming what is wrong, a 503 when search is
    unavailable (the budget's 429 is ``SearchBudget``'s)."""

    def __init__(self, missing_query="Give a query (q)."):
        self.missing_query = missing_query

    def invalid(self, request, form):
        errors = form.errors.as_data()
        # A language tag naming no language, a name naming no country: no such thing, as an unknown id.
        unknown = [error for field_errors in errors.values() for error in field_errors]
        if all(error.code in {UNKNOWN_LANGUAGE, UNKNOWN_COUNTRY} for error in unknown):
            raise NotFound(" ".join(error.messages[0] for error in unknown))
        raise ValidationError({field: [str(error) for error in errors] for field, errors in form.errors.items()})

    def empty(self, request, form):
        raise ValidationError({"q": [self.missing_query]})

    def unavailable(self, request, form):
        raise SearchServiceUnavailable()


def answer_query(request, respond, surface=ApiSurface()):
    """Return ``respond(prepared search)`` for a request that must hold a query (q), or raise the
    API's 400 or 503."""
    def with_query(prepared, form):
        if not prepared.criteria.q.strip():
            surface.empty(request, form)
        return respond(prepared)

    return answer_search(request, surface, with_query, request.query_params)


@documented(DocumentSummarySerializer, DocumentSerializer, FILTER_PARAMETERS, SEARCH_RESPONSES, DOCUMENT_RESPONSES)
class DocumentViewSet(OneValueEach, viewsets.ReadOnlyModelViewSet):
    """Published documents, newest first; filter with the search page's filters."""

    lookup_field = "public_id"
    lookup_value_regex = "[^/]+"  # any id reaches the view, so an unknown one is the API's JSON 404
    pagination_class = Pagination

    def get_queryset(self):
        documents = Document.objects.published().with_index_data()
        return documents.oldest_first() if self.request.query_params.get("sort") == "oldest" else documents.chronological()

    def get_serializer_class(self):
        return DocumentSerializer if self.action == "retrieve" else DocumentSummarySerializer

    def get_throttles(self):
        return [SearchBudget()] if self.action == "list" else []

    def retrieve(self, request, *args, **kwargs):
        """The document; one merged into another leads there (301), one removed says so (410)."""
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            retired = RetiredDocument.objects.filter(public_id=kwargs["public_id"]).first()
            if retired is None:
                raise
        if successor := retired.successor():
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.build_absolute_uri(
                reverse("api:document-detail", args=[successor.public_id]) + (f"?{query}" if query else "")))
        return Response({"detail": "This document was removed from the archive; its address stays reserved so "
                                   "that citations of it remain identifiable.", "title": retired.title,
                         "citation": retired.citation, "removed": retired.retired_at.date().isoformat()},
                        status=status.HTTP_410_GONE)

    @extend_schema(responses={200: RecurringPassageSerializer(many=True), **DETAIL_RESPONSES})
    @action(detail=True, url_path="recurring")
    def recurring(self, request, public_id=None):
        """Passages of this document that other published documents hold too, or nearly, in any of their
        texts: per text (the main one first) and paragraph (in reading order), each other document's
        paragraph, how similar, and its date; earliest first. Paged like every list."""
        records = self.paginate_queryset(document_records(self.get_object()))
        return self.get_paginated_response(RecurringPassageSerializer(records, many=True,
                                                                      context={"request": request}).data)

    def list(self, request, *args, **kwargs):
        return answer_search(request, DocumentListSurface(lambda: super(DocumentViewSet, self).list(
            request, *args, **kwargs)), self.filtered_list, request.query_params)

    def filtered_list(self, prepared, form):
        """Documents the filters allow, newest first unless another order is asked for."""
        if prepared.criteria.q:
            raise ValidationError({"q": ["Full-text queries go to /api/search/."]})
        if prepared.unknown_values:  # as a country or a language naming none is
            raise NotFound(" ".join(prepared.unknown_values))
        sort = prepared.criteria.sort if prepared.criteria.sort != "relevance" else "newest"
        results = self.paginator.paginate_search(prepared, self.request, sort)
        return self.get_paginated_response(self.get_serializer(results.documents, many=True).data)


class DocumentListSurface(ApiSurface):
    """Documents listed without a filter are the plain list, not a search."""

    def __init__(self, plain_list):
        self.plain_list = plain_list

    def empty(self, request, form):
        return self.plain_list()


class NamedRowViewSet(OneValueEach, viewsets.ReadOnlyModelViewSet):
    """People, venues or regions that at least one published document refers to, by name."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    pagination_class = Pagination

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.with_published_documents().order_by("sort_name", "name")


@documented(PersonSerializer, PersonSerializer)
class PersonViewSet(NamedRowViewSet):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related(
            Prefetch("offices", queryset=Office.objects.select_related("organisation", "country")))


@documented(VenueSerializer, VenueSerializer)
class VenueViewSet(NamedRowViewSet):
    serializer_class = VenueSerializer


@documented(RegionSerializer, RegionSerializer)
class RegionViewSet(NamedRowViewSet):
    serializer_class = RegionSerializer


class SearchView(OneValueEach, APIView):
    """Search with the site's query language: "exact phrases", words, AND OR NOT -word, filters."""

    pagination_class = Pagination
    throttle_classes = [SearchBudget]

    @extend_schema(
        parameters=[QUERY_PARAMETER, CASE_PARAMETER, *FILTER_PARAMETERS],
        responses={200: SearchHitSerializer(many=True), **SEARCH_RESPONSES},
    )
    def get(self, request):
        return answer_query(request, lambda prepared: self.page_of_hits(request, prepared), ApiSurface(
            "Give a query (q); to list documents by filters alone, use /api/documents/."))

    def page_of_hits(self, request, prepared):
        paginator = self.pagination_class()
        results = paginator.paginate_search(prepared, request)
        hits = [
            {"document": hit.document, "snippets": [snippet_data(request, hit.document, snippet) for snippet in hit.snippets]}
            for hit in results.hits
        ]
        response = paginator.get_paginated_response(
            SearchHitSerializer(hits, many=True, context={"request": request}).data)
        response.data["notices"] = results.notices
        return response


def snippet_data(request, document, snippet):
    """A snippet, linked; one of another text also gives its language and the main text's aligned paragraph."""
    def url(anchor, language=""):
        return request.build_absolute_uri(document.paragraph_url(anchor, language))

    aligned = ({"anchor": snippet.aligned_anchor, "text": snippet.aligned_text,
                "url": url(snippet.aligned_anchor)} if snippet.aligned_anchor else None)
    return {"anchor": snippet.anchor, "html": snippet.html, "language": snippet.language,
            "url": url(snippet.anchor, snippet.language), "aligned": aligned, "in_headings": snippet.in_headings}


class WholeArchiveSurface(ApiSurface):
    """The timeline and the export: filters alone are a search, as on their pages, and neither query
    nor filter is one of every published document (the archive's own timeline, its first documents)."""

    empty_is_everything = True


WHOLE_ARCHIVE = WholeArchiveSurface()


def answer_queries(request, respond, surface=WHOLE_ARCHIVE):
    """Return ``respond([a prepared search per q])`` for a request whose every q (none, one, or up to
    five compared) holds a query; or raise the API's 400 or 503."""
    def with_queries(prepared_searches, form):
        if len(request.query_params.getlist("q")) > len(prepared_searches):  # the form leaves blank ones out
            raise ValidationError({"q": ["Every q must hold a query; one of them is empty."]})
        return respond(prepared_searches)

    return answer_comparison(request, surface, with_queries, request.query_params)


class TimelineView(OneValueEach, APIView):
    """A query's timeline: per year (per month when its matches span under three years, per decade or
    century when per year would make over 500 periods) how many
    documents match and how often they say it, against the documents and words the same filters
    allow; the first and latest use; who says it most, where and when. Up to five queries (q
    repeated) are compared: a timeline each, over the same periods. Without a query, the timeline of
    the documents the filters allow (of every document without a filter either)."""

    throttle_classes = [SearchBudget]
    repeatable = frozenset({"q"})

    @extend_schema(parameters=[QUERIES_PARAMETER, CASE_PARAMETER, *FILTER_PARAMETERS],
                   responses={200: TIMELINE_ANSWER, **RESEARCH_RESPONSES})
    def get(self, request):
        return answer_queries(request, lambda prepared_searches: self.timelines(request, prepared_searches))

    def timelines(self, request, prepared_searches):
        timelines = [timeline_data(prepared.criteria.q, timeline)
                     for prepared, timeline in zip(prepared_searches, build_timelines(prepared_searches))]
        context = {"request": request}
        if len(timelines) == 1:
            return Response(TimelineSerializer(timelines[0], context=context).data)
        comparison = {"granularity": timelines[0]["granularity"], "timelines": timelines}
        return Response(TimelineComparisonSerializer(comparison, context=context).data)


def timeline_data(query, timeline):
    return {"query": query, "granularity": timeline.granularity.name,
            "documents": timeline.documents, "occurrences": timeline.occurrences,
            "undated": timeline.undated, "year_only": timeline.year_only, "periods": timeline.periods, "first": timeline.first,
            "latest": timeline.latest, "top": {group: timeline.top.get(group, []) for group in TOP_GROUPS},
            "notices": timeline.notices}


class ExportView(OneValueEach, APIView):
    """The documents of a search, in its order, as a file: CSV or JSON lines (a document per row, with
    its matching paragraphs), or RIS, BibTeX or CSL-JSON citations. Streamed; at most the first
    10,000 documents (``X-Total-Count`` says how many match); exports have their own rate limit.
    Without a query, the documents the filters allow (every document without a filter either)."""

    @extend_schema(parameters=[OPTIONAL_QUERY_PARAMETER, CASE_PARAMETER, FORMAT_PARAMETER, *FILTER_PARAMETERS],
                   responses={**EXPORT_RESPONSES, **RESEARCH_RESPONSES})
    def get(self, request):
        return answer_search(request, WHOLE_ARCHIVE, lambda prepared, form: self.export(request, prepared),
                             request.query_params)

    def export(self, request, prepared):
        format = request.query_params.get("format", "")
        if format not in FORMATS:
            raise ValidationError({"format": [f"format must be one of: {', '.join(FORMATS)}."]})
        if (wait := export_wait(request)) is not None:
            raise Throttled(wait, detail=f"Too many exports; try again in {wait} seconds.")
        return export_download(request, prepared, format)

    def perform_content_negotiation(self, request, force=False):
        # The answer is a file of its own type, whatever JSON-only renderer the client's Accept names.
        return super().perform_content_negotiation(request, force=True)


class ConcordanceView(OneValueEach, APIView):
    """Every occurrence of a query's phrases and words as left context, match and right context
    (eight words each side), each with its paragraph's URL: at most 2,000 lines, in the order asked."""

    throttle_classes = [SearchBudget]

    @extend_schema(parameters=[QUERY_PARAMETER, CASE_PARAMETER, ORDER_PARAMETER, *FILTER_PARAMETERS],
                   responses={200: ConcordanceSerializer, **RESEARCH_RESPONSES})
    def get(self, request):
        return answer_query(request, lambda prepared: self.concordance(request, prepared))

    def concordance(self, request, prepared):
        order = request.query_params.get("order") or "date"
        if order not in ORDERS:
            raise ValidationError({"order": [f"order must be one of: {', '.join(ORDERS)}."]})
        concordance = build_concordance(prepared, order)
        data = {"query": prepared.criteria.q, "order": order, "total": concordance.total, "complete": concordance.complete,
                "lines": concordance.lines, "notices": concordance.notices}
        return Response(ConcordanceSerializer(data, context={"request": request}).data)


@csrf_exempt  # a POST here is answered as any other request: no such address
def unknown_address(request):
    """Answer any other address under /api/ with the API's JSON 404, with DEBUG on too (Django's
    technical 404 page would answer it otherwise); a GET of an address missing only its final slash is
    sent on to it, as APPEND_SLASH does (which this catch-all stops from seeing an unknown address)."""
    with_slash = f"{request.path}/"
    if request.method in {"GET", "HEAD"} and not request.path.endswith("/") and resolve(with_slash).func is not unknown_address:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{with_slash}?{query}" if query else with_slash)
    return error_response(request, 404, "Not found.")
