from django.urls import reverse
from rest_framework import serializers

from speeches.models import Document, Person, Region, Speaker, Venue


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["slug", "name", "name_form", "family_name", "given_name", "description", "url"]

    def get_url(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["slug", "name", "city", "country"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "name"]


class SpeakerSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="person.slug")
    name = serializers.CharField(source="person.name")

    class Meta:
        model = Speaker
        fields = ["slug", "name", "role"]


class DocumentSummarySerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    speakers = SpeakerSerializer(many=True)
    venue = VenueSerializer(allow_null=True)
    date = serializers.SerializerMethodField(help_text="As precisely as known: YYYY-MM-DD, YYYY-MM or YYYY.")

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


class DocumentSerializer(DocumentSummarySerializer):
    regions = RegionSerializer(many=True)
    countries = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    body_markdown = serializers.CharField(source="body")
    body_html = serializers.CharField()
    paragraphs = ParagraphSerializer(many=True)
    citations = serializers.SerializerMethodField()

    class Meta(DocumentSummarySerializer.Meta):
        fields = DocumentSummarySerializer.Meta.fields + [
            "regions", "countries", "translation_note", "source_publisher", "source_url", "source_retrieved",
            "published_at", "corrected_at", "body_markdown", "body_html", "paragraphs", "citations",
        ]

    def get_citations(self, document) -> dict:
        request = self.context["request"]
        return {
            fmt: request.build_absolute_uri(reverse("speeches:document-citation", args=[document.public_id, fmt]))
            for fmt in ("bibtex", "ris", "csl-json")
        }


class SnippetSerializer(serializers.Serializer):
    anchor = serializers.CharField()
    url = serializers.CharField()
    html = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    document = DocumentSummarySerializer()
    snippets = SnippetSerializer(many=True)
