"""What the search engine stores for each published document."""
import hashlib

from haystack import indexes

from speeches.models import Document

from .text import normalise_both


class ExactTextField(indexes.CharField):
    """Normalised text matched token for token: no stemming, no stop words.

    Each engine backend in ``backends`` maps this field type to an analyzer that only splits on
    spaces, since ``text.normalise`` has already done the rest.
    """

    field_type = "exact_text"

    def __init__(self, case_sensitive=False, **kwargs):
        super().__init__(**kwargs)
        self.case_sensitive = case_sensitive


class DocumentIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, use_template=True)
    exact_text = ExactTextField()
    cased_text = ExactTextField(case_sensitive=True)
    # What check_index compares with the database, so the (large) text itself need not be stored.
    text_signature = indexes.CharField(indexed=False)
    title = indexes.CharField(model_attr="title", indexed=False)
    kind = indexes.CharField(model_attr="kind")
    language = indexes.CharField(model_attr="language")
    date = indexes.DateField(model_attr="date", null=True)
    date_end = indexes.DateField(null=True)
    year = indexes.IntegerField(null=True)
    speakers = indexes.MultiValueField()
    regions = indexes.MultiValueField()
    venue = indexes.CharField(null=True)
    event = indexes.CharField(null=True)

    def get_model(self):
        return Document

    def index_queryset(self, using=None):
        return self.get_model().objects.published().with_index_data()

    def read_queryset(self, using=None):
        return self.get_model().objects.published().with_listing_data()

    def get_updated_field(self):
        return "updated"

    def prepare(self, document):
        """Index the template's text normalised three ways: stemmed words, exact tokens, exact case."""
        data = super().prepare(document)
        data["text"], data["cased_text"] = normalise_both(data["text"])
        data["exact_text"] = data["text"]
        data["text_signature"] = hashlib.sha1(data["text"].encode()).hexdigest()
        return data

    def prepare_date_end(self, document):
        return document.partial_date.end if document.date else None

    def prepare_year(self, document):
        return document.date.year if document.date else None

    def prepare_speakers(self, document):
        return [speaker.person.slug for speaker in document.speakers.all()]

    def prepare_regions(self, document):
        return [region.slug for region in document.regions.all()]

    def prepare_venue(self, document):
        return document.venue.slug if document.venue else None

    def prepare_event(self, document):
        return document.event_slug or None
