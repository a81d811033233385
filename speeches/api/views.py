"""A read-only JSON API: documents, people, venues, regions, and search with the site's query language."""
from contextlib import contextmanager

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from speeches.forms import SORT_CHOICES, DocumentSearchForm
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

def filter_parameter(name, schema, description):
    """Return a filter's query parameter: ``schema``, or empty (as the search form sends it) for none."""
    return OpenApiParameter(name, {"oneOf": [schema, {"type": "string", "enum": [""]}]},
                            description=description + ". Empty or left out: no filter.")


def enum(values):
    return {"type": "string", "enum": list(values)}


SLUG = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": 80}
FILTER_PARAMETERS = [
    filter_parameter("speaker", SLUG, "Speaker's slug, e.g. xi-jinping"),
    filter_parameter("region", SLUG, "Region's slug, e.g. central-asia"),
    filter_parameter("venue", SLUG, "Venue's slug"),
    filter_parameter("event", SLUG, "Event's slug"),
    filter_parameter("kind", enum(Document.Kind.values), "Kind of document"),
    filter_parameter("lang", enum(code for code, _ in settings.LANGUAGES), "Language code"),
    filter_parameter("date_from", {"type": "string", "format": "date"}, "Documents dated on or after this day"),
    filter_parameter("date_to", {"type": "string", "format": "date"}, "Documents dated on or before this day"),
    filter_parameter("year", {"type": "integer", "minimum": 1, "maximum": 9999}, "A year, e.g. 2022"),
    filter_parameter("sort", enum(value for value, _ in SORT_CHOICES), "Order of the results"),
]
QUERY_PARAMETER = OpenApiParameter(
    "q", {"type": "string", "pattern": r"^[^\x00]*\S[^\x00]*$"}, required=True,
    description='Query in the search page\'s language, e.g. "a world of peace" -war (see /search/help/). '
                "A query longer than 1,000 characters is cut there, with a notice.",
)
CASE_PARAMETER = filter_parameter("case", {"type": "boolean"}, "Match case and accents exactly")


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()


# The answers every endpoint may give besides its 200, as the schema documents them.
INVALID_PARAMETERS = OpenApiResponse(
    {"type": "object", "properties": {"detail": {"type": "string"}},
     "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A parameter is not valid: each one named, with what is wrong with it (or, for an "
                "address no parameter can fix, such as one with a NUL character, a detail).",
)
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such published item, or no such page.")
SEARCH_UNAVAILABLE = OpenApiResponse(ProblemSerializer, description="The search index cannot be read right now.")
LIST_RESPONSES = {400: INVALID_PARAMETERS, 404: NOT_FOUND}
DETAIL_RESPONSES = {404: NOT_FOUND}
SEARCH_RESPONSES = {**LIST_RESPONSES, 503: SEARCH_UNAVAILABLE}


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
    """Pages of 20 (``page_size`` up to 100); a page or size that is not a whole number in range is a
    400 on every list, a page past the last a 404."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        errors = {}
        for name, maximum in (("page", None), ("page_size", self.max_page_size)):
            value = request.query_params.get(name)
            if value is not None and not (value.isdigit() and 1 <= int(value) <= (maximum or int(value))):
                errors[name] = [f"{name} must be a whole number from 1{f' to {maximum}' if maximum else ''}."]
        if errors:
            raise ValidationError(errors)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == "page_size":
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


def search_criteria(query_params):
    """Return the search criteria of the query string, or raise a 400 that names what is wrong."""
    form = DocumentSearchForm(query_params)
    if not form.is_valid():
        raise ValidationError({field: [str(error) for error in errors] for field, errors in form.errors.items()})
    return form.criteria()


def published_documents(results):
    return [result.object for result in results if result.object is not None and result.object.is_published]


def documented(list_serializer, detail_serializer, list_parameters=(), list_errors=LIST_RESPONSES):
    """Document a read-only view set's answers: its 200s and every error it may give."""
    return extend_schema_view(
        list=extend_schema(parameters=list(list_parameters),
                           responses={200: list_serializer(many=True), **list_errors}),
        retrieve=extend_schema(responses={200: detail_serializer, **DETAIL_RESPONSES}),
    )


@documented(DocumentSummarySerializer, DocumentSerializer, FILTER_PARAMETERS, SEARCH_RESPONSES)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Published documents, newest first; filter with the search page's filters."""

    lookup_field = "public_id"
    lookup_value_regex = "[^/]+"  # any id reaches the view, so an unknown one is the API's JSON 404
    pagination_class = Pagination

    def get_queryset(self):
        return Document.objects.published().with_index_data().chronological()

    def get_serializer_class(self):
        return DocumentSerializer if self.action == "retrieve" else DocumentSummarySerializer

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
    lookup_value_regex = "[^/]+"
    pagination_class = Pagination

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.with_published_documents().order_by("name")


@documented(PersonSerializer, PersonSerializer)
class PersonViewSet(NamedRowViewSet):
    serializer_class = PersonSerializer


@documented(VenueSerializer, VenueSerializer)
class VenueViewSet(NamedRowViewSet):
    serializer_class = VenueSerializer


@documented(RegionSerializer, RegionSerializer)
class RegionViewSet(NamedRowViewSet):
    serializer_class = RegionSerializer


class SearchView(APIView):
    """Search with the site's query language: "exact phrases", words, AND OR NOT -word, filters."""

    pagination_class = Pagination

    @extend_schema(
        parameters=[QUERY_PARAMETER, CASE_PARAMETER, *FILTER_PARAMETERS],
        responses={200: SearchHitSerializer(many=True), **SEARCH_RESPONSES},
    )
    def get(self, request):
        criteria = search_criteria(request.query_params)
        if not criteria.q.strip():
            raise ValidationError({"q": ["Give a query (q); to list documents by filters alone, use /api/documents/."]})
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
