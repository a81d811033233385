from django.urls import reverse
from rest_framework import serializers

from speeches.models import Country, Document, DocumentText, Office, Person, Region, Speaker, Venue
from speeches.research.timeline import GRANULARITIES

GRANULARITY_NAMES = [granularity.name for granularity in GRANULARITIES]

WIKIDATA_HELP = "Its Wikidata item (Q number), or empty if the archive does not know it."
PARTIAL_DATE_HELP = "As precisely as known: YYYY-MM-DD, YYYY-MM or YYYY."


class OfficeSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name", allow_null=True, default=None,
                                         help_text="The organisation the office is of, if the archive has it.")
    country = serializers.CharField(source="country.name", allow_null=True, default=None,
                                    help_text="The country the office is of, if it is a country's.")
    start = serializers.SerializerMethodField(help_text=PARTIAL_DATE_HELP + " Null when not known.")
    end = serializers.SerializerMethodField(help_text=PARTIAL_DATE_HELP + " Null while the office is held.")

    class Meta:
        model = Office
        fields = ["title", "organisation", "country", "start", "end"]

    def get_start(self, office) -> str | None:
        return office.period.start.iso if office.start else None

    def get_end(self, office) -> str | None:
        return office.period.end.iso if office.end else None


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    offices = OfficeSerializer(many=True, help_text="The offices the person held, latest first.")

    class Meta:
        model = Person
        fields = ["slug", "name", "name_form", "family_name", "given_name", "description", "wikidata", "url", "offices"]
        extra_kwargs = {"wikidata": {"help_text": WIKIDATA_HELP}}

    def get_url(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["slug", "name", "city", "country", "wikidata"]
        extra_kwargs = {"wikidata": {"help_text": WIKIDATA_HELP}}


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name", "wikidata"]
        extra_kwargs = {"wikidata": {"help_text": WIKIDATA_HELP}}


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["slug", "name", "wikidata"]
        extra_kwargs = {"wikidata": {"help_text": WIKIDATA_HELP}}


class SpeakerSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="person.slug")
    name = serializers.CharField(source="person.name")
    wikidata = serializers.CharField(source="person.wikidata", help_text=WIKIDATA_HELP)

    class Meta:
        model = Speaker
        fields = ["slug", "name", "role", "wikidata"]


class DocumentSummarySerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    speakers = SpeakerSerializer(many=True)
    venue = VenueSerializer(allow_null=True)
    date = serializers.SerializerMethodField(help_text=PARTIAL_DATE_HELP)

    class Meta:
        model = Document
        fields = ["id", "url", "api_url", "title", "subtitle", "kind", "date", "date_precision", "speakers",
                  "venue", "event", "language"]

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(document.get_absolute_url())

    def get_api_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:document-detail", args=[document.public_id]))

    def get_date(self, document) -> str | None:
        return document.partial_date.iso if document.date else None


class ParagraphSerializer(serializers.Serializer):
    anchor = serializers.CharField()
    text = serializers.CharField()


class DocumentTextSerializer(serializers.ModelSerializer):
    paragraphs = ParagraphSerializer(many=True)
    alignment = serializers.ListField(child=serializers.ListField(child=serializers.CharField(), min_length=2,
                                                                  max_length=2),
                                      help_text="Pairs of paragraph anchors: [main text's, this text's].")

    class Meta:
        model = DocumentText
        fields = ["language", "role", "title", "translator", "source_publisher", "source_url", "source_retrieved",
                  "paragraphs", "alignment"]


class DocumentSerializer(DocumentSummarySerializer):
    regions = RegionSerializer(many=True)
    countries = CountrySerializer(many=True)
    body_markdown = serializers.CharField(source="body")
    body_html = serializers.CharField()
    paragraphs = ParagraphSerializer(many=True)
    citations = serializers.SerializerMethodField()
    downloads = serializers.SerializerMethodField(
        help_text="The document as files: plain text, Markdown, and TEI with all its texts (tei).")
    texts = DocumentTextSerializer(many=True, help_text="The document's other texts: original, translations, versions.")

    class Meta(DocumentSummarySerializer.Meta):
        fields = DocumentSummarySerializer.Meta.fields + [
            "regions", "countries", "translation_note", "source_publisher", "source_url", "source_retrieved",
            "published_at", "corrected_at", "body_markdown", "body_html", "paragraphs", "citations", "downloads",
            "text_role", "texts",
        ]

    def get_citations(self, document) -> dict:
        request = self.context["request"]
        return {
            fmt: request.build_absolute_uri(reverse("speeches:document-citation", args=[document.public_id, fmt]))
            for fmt in ("bibtex", "ris", "csl-json")
        }

    def get_downloads(self, document) -> dict:
        request = self.context["request"]
        return {
            fmt: request.build_absolute_uri(reverse("speeches:document-download", args=[document.public_id, fmt]))
            for fmt in ("txt", "md", "tei")
        }


class AlignedParagraphSerializer(serializers.Serializer):
    anchor = serializers.CharField(help_text="The main text's paragraph aligned with the snippet's.")
    text = serializers.CharField(help_text="The start of that paragraph.")
    url = serializers.CharField()


class SnippetSerializer(serializers.Serializer):
    anchor = serializers.CharField()
    url = serializers.CharField()
    html = serializers.CharField()
    language = serializers.CharField(
        help_text="Empty for the main text; for a snippet of another text (original, translation), its language.")
    aligned = AlignedParagraphSerializer(
        allow_null=True,
        help_text="For another text's snippet, the main text's paragraph aligned with it; else null.")
    in_headings = serializers.BooleanField(
        help_text="True for where a word of the query no paragraph shown holds matched: a title, subtitle, "
                  "speaker's name or role, event, or another text's title or translator (anchor empty); listed last.")


class SearchHitSerializer(serializers.Serializer):
    document = DocumentSummarySerializer()
    snippets = SnippetSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    period = serializers.CharField(source="label", help_text="A year (2013) or a month (2013-05).")
    documents = serializers.IntegerField(help_text="Matching documents.")
    occurrences = serializers.IntegerField()
    archive_documents = serializers.IntegerField(help_text="Documents the same filters allow, matching or not.")
    archive_words = serializers.IntegerField(help_text="Words in every text of those documents (a query is counted in every text).")


class AbsoluteUrlField(serializers.CharField):
    """An object's ``url`` (a path on this site) as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, path):
        return self.context["request"].build_absolute_uri(path)


class UseSerializer(serializers.Serializer):
    document = DocumentSummarySerializer()
    paragraph = serializers.CharField(source="anchor", allow_null=True,
                                      help_text="Anchor of the first matching paragraph (null: only a title or credits matched; "
                                                "``url`` is then the page of the text holding them).")
    url = AbsoluteUrlField()


class RankedSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    occurrences = serializers.IntegerField()
    documents = serializers.IntegerField()


class TopSerializer(serializers.Serializer):
    speakers = RankedSerializer(many=True)
    venues = RankedSerializer(many=True)
    events = RankedSerializer(many=True)
    countries = RankedSerializer(many=True)
    kinds = RankedSerializer(many=True)


class TimelineSerializer(serializers.Serializer):
    query = serializers.CharField()
    granularity = serializers.ChoiceField(GRANULARITY_NAMES, help_text="What a period is: a month when the "
                                          "matches span under three years; a decade, or a century, when years "
                                          "would be over 500.")
    documents = serializers.IntegerField(help_text="Matching documents, dated or not.")
    occurrences = serializers.IntegerField()
    undated = serializers.IntegerField(help_text="Matching documents without a date, in no period.")
    year_only = serializers.IntegerField(help_text="Matching documents dated by year only, in no period of a "
                                                   "timeline by month (0 by year, decade or century).")
    periods = PeriodSerializer(many=True)
    first = UseSerializer(allow_null=True)
    latest = UseSerializer(allow_null=True)
    top = TopSerializer()
    notices = serializers.ListField(child=serializers.CharField())


class TimelineComparisonSerializer(serializers.Serializer):
    granularity = serializers.ChoiceField(GRANULARITY_NAMES, help_text="The same for every query: by month only "
                                          "when every query's dated matches fall within three years.")
    timelines = TimelineSerializer(many=True, help_text="A timeline per q, in the order given, each as one query's "
                                   "answer, all over the same periods.")


class ConcordanceLineSerializer(serializers.Serializer):
    left = serializers.CharField(allow_blank=True)
    match = serializers.CharField()
    right = serializers.CharField(allow_blank=True)
    document = DocumentSummarySerializer()
    paragraph = serializers.CharField(source="anchor", allow_blank=True, help_text=(
        "The paragraph's anchor; empty for an occurrence in a heading (a title, a speaker's name or role, "
        "the event, a translator)."))
    url = AbsoluteUrlField(help_text="The paragraph (the page, for a heading), with the query marked.")
    language = serializers.CharField(source="text_language", help_text=(
        "The language tag (BCP 47) of the text the line is from: the document's, or a translation's "
        "(the url's ?lang=), as in the concordance CSV."))


class ConcordanceSerializer(serializers.Serializer):
    query = serializers.CharField()
    order = serializers.CharField()
    total = serializers.IntegerField(help_text="Occurrences in all.")
    complete = serializers.BooleanField(help_text="Whether every occurrence is a line (at most 2,000 are).")
    lines = ConcordanceLineSerializer(many=True)
    notices = serializers.ListField(child=serializers.CharField())


class RecurringPassageSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="The language of this document's other text the paragraph is in "
                                               "(its ?lang=); empty for its main text.")
    paragraph = serializers.CharField(help_text="Anchor of this document's paragraph.")
    document = serializers.CharField(source="other_document.public_id", help_text="The other document's id.")
    title = serializers.CharField(source="other_document.title")
    other_language = serializers.CharField(help_text="The language of the other document's text holding the passage; "
                                                     "empty for its main text.")
    other_paragraph = serializers.CharField(help_text="Anchor of the other document's paragraph.")
    url = serializers.SerializerMethodField()
    similarity = serializers.FloatField(help_text="Shared words over the passage's length in the longer of the two (0.8-1).")
    date = serializers.SerializerMethodField(help_text="The other document's date, as precisely as known.")

    def get_url(self, record) -> str:
        path = record.other_document.paragraph_url(record.other_paragraph, record.other_language)
        return self.context["request"].build_absolute_uri(path)

    def get_date(self, record) -> str | None:
        other = record.other_document
        return other.partial_date.iso if other.date else None
