"""What the OpenAPI schema says of the API's parameters and answers, beyond what drf-spectacular infers.

Schemathesis checks the running API against it (tests/system/test_api_schema.py), so each constraint here is
one the API enforces: a value the schema allows is accepted, one it forbids is a 400.
"""
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers

from speeches.languages import MOST_TAG_CHARACTERS, TAG_SHAPE
from speeches.search import MOST_COMPARED, SORT_CHOICES
from speeches.models import SLUG_CHARACTER, Document, TextRole
from speeches.research.exports import FORMATS as EXPORT_FORMATS

from .serializers import TimelineComparisonSerializer, TimelineSerializer


def filter_parameter(name, schema, description):
    """Return a filter's query parameter: ``schema``, or empty (as the search form sends it) for none."""
    return OpenApiParameter(name, {"oneOf": [schema, {"type": "string", "enum": [""]}]},
                            description=description + ". Empty or left out: no filter.")


def enum(values):
    return {"type": "string", "enum": list(values)}


# A slug keeps the letters of a name written in another script ("сергей-лавров", "नरेंद्र-मोदी").
SLUG = {"type": "string", "pattern": f"^{SLUG_CHARACTER}+$", "maxLength": 80}
# A tag in any case. A pattern cannot say which tags name a language the registry knows, nor can an
# enum list every case of every tag: one shaped as a tag but naming no language is a 404 (no such
# language), so every request the schema allows is answered as it promises, and any other is a 400.
LANGUAGE_TAG = {"type": "string", "pattern": f"^{TAG_SHAPE}$", "maxLength": MOST_TAG_CHARACTERS}
# Any text the form takes (a slug, a code or a name), no NUL, which Django refuses (400).
COUNTRY = {"type": "string", "pattern": r"^[^\x00]*$", "maxLength": 100}
FILTER_PARAMETERS = [
    filter_parameter("speaker", SLUG, "Speaker's slug, e.g. xi-jinping"),
    filter_parameter("region", SLUG, "Region's slug, e.g. central-asia"),
    filter_parameter("country", COUNTRY,
                     "Documents that mention this country: its slug, ISO 3166 code (alpha-2 or alpha-3) or any of its "
                     "names in any language, in any case: france, FR, FRA, France, Франция, 法国. One naming no "
                     "country is a 404"),
    filter_parameter("venue", SLUG, "Venue's slug"),
    filter_parameter("event", SLUG, "Event's slug, e.g. 2nd-china-central-asia-summit or саммит-шос-2024"),
    filter_parameter("kind", enum(Document.Kind.values), "Kind of document"),
    filter_parameter("lang", LANGUAGE_TAG,
                     "Documents with a text (main, original or translation) in this language; unquoted words are "
                     "matched as that language's words. zh is Chinese in either script, zh-Hans (or zh-CN) only "
                     "Simplified, zh-Hant (or zh-TW) only Traditional; another region only names its language (en "
                     "and en-GB are any English). Any case, and _ for - (zh-hant, en_GB). A tag naming no language "
                     "(xx) is a 404, one not shaped as a tag a 400"),
    filter_parameter("role", enum(TextRole.values), "Documents with a text of this role, e.g. original"),
    filter_parameter("date_from", {"type": "string", "format": "date"}, "Documents dated on or after this day"),
    filter_parameter("date_to", {"type": "string", "format": "date"}, "Documents dated on or before this day"),
    filter_parameter("year", {"type": "integer", "minimum": 1, "maximum": 9999}, "A year, e.g. 2022"),
    filter_parameter("sort", enum(value for value, _ in SORT_CHOICES), "Order of the results"),
]
QUERY = {"type": "string", "pattern": r"^[^\x00]*[^\s\x00][^\x00]*$"}  # a NUL is not white space, nor allowed
QUERY_PARAMETER = OpenApiParameter(
    "q", QUERY, required=True,
    description='Query in the search page\'s language, e.g. "a world of peace" -war (see [the search help](/search/help/)). '
                "A query longer than 1,000 characters is cut there, with a notice.",
)
OPTIONAL_QUERY_PARAMETER = OpenApiParameter(
    "q", QUERY,
    description='Query in the search page\'s language, e.g. "a world of peace" -war (see [the search help](/search/help/)); '
                "without one, every document the filters allow (every document, without a filter either). "
                "A query longer than 1,000 characters is cut there, with a notice.",
)
QUERIES_PARAMETER = OpenApiParameter(
    "q", {"type": "array", "items": QUERY, "minItems": 1, "maxItems": MOST_COMPARED},
    style="form", explode=True,
    description='Query in the search page\'s language, e.g. "a world of peace" -war (see [the search help](/search/help/)); '
                f"repeated to compare up to {MOST_COMPARED} (q=...&q=...), each a timeline over the same periods. "
                "Without one, the timeline of every document the filters allow (of every document, without a "
                "filter either). A query longer than 1,000 characters is cut there, with a notice.",
)
FORMAT_PARAMETER = OpenApiParameter("format", enum(EXPORT_FORMATS), required=True, description="The file's format")
ORDER_PARAMETER = filter_parameter(
    "order", enum(["date", "newest", "left", "right", "speaker"]),
    "Order of the lines: date (oldest first), newest, left or right (the words beside the match), speaker")
CASE_PARAMETER = filter_parameter("case", {"type": "boolean"}, "Match case and accents exactly")


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()


# The answers every endpoint may give besides its 200, as the schema documents them.
INVALID_PARAMETERS = OpenApiResponse(
    {"type": "object", "properties": {"detail": {"type": "string"}},
     "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A parameter is not valid: each one named, with what is wrong with it (or, for an "
                "address no parameter can fix, such as one with a NUL character or more than 1,000 "
                "parameters, a detail).",
)
NOT_FOUND = OpenApiResponse(ProblemSerializer, description="No such published item, no such page, no such "
                            "language (a lang filter naming none) or no such country (a country filter naming none).")
SEARCH_UNAVAILABLE = OpenApiResponse(ProblemSerializer, description="The search index cannot be read right now.")
TOO_MANY_SEARCHES = OpenApiResponse(ProblemSerializer, description="Over the search budget (every search of the "
                                    "site counts together); the Retry-After header says how many seconds to wait.")
LIST_RESPONSES = {400: INVALID_PARAMETERS, 404: NOT_FOUND}
DETAIL_RESPONSES = {400: INVALID_PARAMETERS, 404: NOT_FOUND}  # 400: an address no view can read


class RemovedDocumentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    title = serializers.CharField()
    citation = serializers.CharField(help_text="How it was cited, in the Chicago style.")
    removed = serializers.DateField()


# A document's address answers for it after it is gone, as its page does.
DOCUMENT_RESPONSES = {
    **DETAIL_RESPONSES,
    301: OpenApiResponse(description="The document was merged into another: Location is that one's address here."),
    410: OpenApiResponse(RemovedDocumentSerializer, description="The document was removed from the archive: its "
                                                                "title and how it was cited."),
}
SEARCH_RESPONSES = {**LIST_RESPONSES, 429: TOO_MANY_SEARCHES, 503: SEARCH_UNAVAILABLE}
RESEARCH_RESPONSES = {400: INVALID_PARAMETERS, 404: NOT_FOUND, 429: TOO_MANY_SEARCHES, 503: SEARCH_UNAVAILABLE}
# The timeline's 200: one q's timeline as it always was, or for several the comparison of theirs.
TIMELINE_ANSWER = PolymorphicProxySerializer(component_name="TimelineOrComparison", resource_type_field_name=None,
                                             serializers=[TimelineSerializer, TimelineComparisonSerializer])
# CSL-JSON is JSON (a list of CSL items), which clients parse; the other formats are text.
EXPORT_RESPONSES = {
    (200, content_type): OpenApiResponse(
        {"type": "array", "items": {"type": "object"}} if name == "csl-json" else {"type": "string"},
        description=f"The export as {name}.")
    for name, (_, content_type) in EXPORT_FORMATS.items()}


def documented(list_serializer, detail_serializer, list_parameters=(), list_errors=LIST_RESPONSES,
               detail_errors=DETAIL_RESPONSES):
    """Document a read-only view set's answers: its 200s and every error it may give."""
    return extend_schema_view(
        list=extend_schema(parameters=list(list_parameters),
                           responses={200: list_serializer(many=True), **list_errors}),
        retrieve=extend_schema(responses={200: detail_serializer, **detail_errors}),
    )
