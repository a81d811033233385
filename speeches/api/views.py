"""A read-only JSON API: documents, people, venues, regions, and search with the site's query language."""
from contextlib import contextmanager

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from speeches.forms import DocumentSearchForm
from speeches.models import Document
from speeches.search import SearchUnavailable, engine_errors_reported, search_documents

from .serializers import (
    DocumentSerializer,
    DocumentSummarySerializer,
    PersonSerializer,
    RegionSerializer,
    SearchHitSerializer,
    VenueSerializer,
)

FILTER_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.STR, description=description)
    for name, description in [
        ("speaker", "Speaker's slug, e.g. xi-jinping"), ("region", "Region's slug, e.g. central-asia"),
        ("venue", "Venue's slug"), ("event", "Event's slug"), ("kind", "Kind of document, e.g. speech"),
        ("lang", "Language code, e.g. en"), ("date_from", "YYYY-MM-DD"), ("date_to", "YYYY-MM-DD"),
        ("year", "A year, e.g. 2022"), ("sort", "relevance, newest or oldest"),
    ]
]


class SearchServiceUnavailable(APIException):
    status_code = 503
    default_detail = "Search is unavailable right now: the search index could not be read. Try again later."
    default_code = "search_unavailable"


@contextmanager
def search_or_503():
    try:
        with engine_errors_reported():
            yield
    except SearchUnavailable as error:
        raise SearchServiceUnavailable() from error


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def search_criteria(query_params):
    """Return the search criteria of the query string, or raise a 400 that names what is wrong."""
    form = DocumentSearchForm(query_params)
    if not form.is_valid():
        raise ValidationError({field: [str(error) for error in errors] for field, errors in form.errors.items()})
    return form.criteria()


def published_documents(results):
    return [result.object for result in results if result.object is not None and result.object.is_published]


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Published documents, newest first; filter with the search page's filters."""

    lookup_field = "public_id"
    pagination_class = Pagination

    def get_queryset(self):
        return Document.objects.published().with_index_data().chronological()

    def get_serializer_class(self):
        return DocumentSerializer if self.action == "retrieve" else DocumentSummarySerializer

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request, *args, **kwargs):
        criteria = search_criteria(request.query_params)
        if criteria.q:
            raise ValidationError({"q": ["Full-text queries go to /api/search/."]})
        if criteria.is_empty():
            return super().list(request, *args, **kwargs)
        criteria.sort = criteria.sort if criteria.sort != "relevance" else "newest"
        results = search_documents(criteria).results
        with search_or_503():
            results.count()  # any engine failure surfaces here, before pagination errors
        page = self.paginate_queryset(results)
        return self.get_paginated_response(
            self.get_serializer(published_documents(page), many=True).data)


class NamedRowViewSet(viewsets.ReadOnlyModelViewSet):
    """People, venues or regions that at least one published document refers to, by name."""

    lookup_field = "slug"
    pagination_class = Pagination

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.with_published_documents().order_by("name")


class PersonViewSet(NamedRowViewSet):
    serializer_class = PersonSerializer


class VenueViewSet(NamedRowViewSet):
    serializer_class = VenueSerializer


class RegionViewSet(NamedRowViewSet):
    serializer_class = RegionSerializer


class SearchView(APIView):
    """Search with the site's query language: "exact phrases", words, AND OR NOT -word, filters."""

    pagination_class = Pagination

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description='Query, e.g. "a world of peace" -war'),
                    OpenApiParameter("case", OpenApiTypes.BOOL, description="Match case and accents exactly"),
                    *FILTER_PARAMETERS],
        responses=SearchHitSerializer(many=True),
    )
    def get(self, request):
        criteria = search_criteria(request.query_params)
        if criteria.is_empty():
            raise ValidationError({"q": ["Give a query (q) or at least one filter."]})
        document_search = search_documents(criteria)
        paginator = self.pagination_class()
        with search_or_503():
            document_search.results.count()  # any engine failure surfaces here, before pagination errors
        page = paginator.paginate_queryset(document_search.results, request, view=self)
        hits = [
            {"document": document, "snippets": [
                {"anchor": snippet.anchor, "html": snippet.html,
                 "url": request.build_absolute_uri(f"{document.get_absolute_url()}#{snippet.anchor}")}
                for snippet in snippets]}
            for document, snippets in document_search.hits(page)
        ]
        response = paginator.get_paginated_response(SearchHitSerializer(hits, many=True, context={"request": request}).data)
        response.data["notices"] = document_search.notices
        return response
