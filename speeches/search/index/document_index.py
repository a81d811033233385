"""What the search engine stores for each published document."""
import hashlib

from haystack import indexes

from speeches.models import Document

from ..languages import ANALYSES, CHINESE, analysis_of, han_words, indexed_codes, indexed_words, words_field
from ..text import normalise_both

# Put between the parts of a document in the exact fields (its texts, their paragraphs, its title, credits
# and event): no token is one, so no phrase runs from one part into the next.
BETWEEN_PARTS = "¶"


class ExactTextField(indexes.CharField):
    """Normalised text matched token for token: no stemming, no stop words.

    Each engine backend in ``backends`` maps this field type to an analyzer that only splits on
    spaces, since ``text.normalise`` has already done the rest.
    """

    field_type = "exact_text"

    def __init__(self, case_sensitive=False, **kwargs):
        super().__init__(**kwargs)
        self.case_sensitive = case_sensitive


class LanguageWordsField(indexes.CharField):
    """The words of a document's texts in one language (``languages``), stemmed as that language's."""

    field_type = "language_words"

    def __init__(self, analysis, **kwargs):
        super().__init__(**kwargs)
        self.analysis = analysis


class DocumentIndex(indexes.SearchIndex, indexes.Indexable):
    # Words of English texts, and of texts in languages without a words field below.
    text = indexes.CharField(document=True)  # written by ``prepare``
    words_fr = LanguageWordsField("fr")
    words_ru = LanguageWordsField("ru")
    words_es = LanguageWordsField("es")
    words_de = LanguageWordsField("de")
    words_ar = LanguageWordsField("ar")
    words_zh = LanguageWordsField("zh")
    exact_text = ExactTextField()
    cased_text = ExactTextField(case_sensitive=True)
    # What check_index compares with the database, so the (large) text itself need not be stored.
    text_signature = indexes.CharField(indexed=False)
    title = indexes.CharField(model_attr="title", indexed=False)
    kind = indexes.CharField(model_attr="kind")
    language = indexes.CharField(model_attr="language")
    # Every text's language tag, and each broader one too ("zh-hans", "zh"), lowercase, for ``lang:``.
    languages = indexes.MultiValueField()
    roles = indexes.MultiValueField()  # every text's role (original, translation...) where given
    date = indexes.DateField(model_attr="date", null=True)
    date_end = indexes.DateField(null=True)
    year = indexes.IntegerField(null=True)
    speakers = indexes.MultiValueField()
    regions = indexes.MultiValueField()
    countries = indexes.MultiValueField()  # the slugs of the countries it mentions (``Document.countries``)
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
        """Index the main text with its title and credits, and the other texts, each part normalised
        three ways: words by their language, exact tokens, exact case."""
        data = super().prepare(document)
        texts = [(document.language, main_parts(document)),
                 *((text.language, text_parts(text)) for text in document.texts.all())]
        exact, cased = [], []
        words = {analysis: [] for analysis in ANALYSES}
        for language, parts in texts:
            for part_exact, part_cased in filter(all, map(normalise_both, parts)):
                exact.append(part_exact)
                cased.append(part_cased)
                words[analysis_of(language)].append(part_exact)
        data["exact_text"] = f" {BETWEEN_PARTS} ".join(exact)
        data["cased_text"] = f" {BETWEEN_PARTS} ".join(cased)
        for analysis, normalised_parts in words.items():
            data[words_field(analysis)] = indexed_words(analysis, " ".join(normalised_parts))
        # The Han words of texts in other languages are Chinese words too: an unquoted 外交 finds a Japanese text.
        data[words_field(CHINESE)] = " ".join(filter(None, [data[words_field(CHINESE)], *(
            han_words(normalised) for analysis, parts in words.items() if analysis != CHINESE for normalised in parts)]))
        data["text_signature"] = hashlib.sha1(data["exact_text"].encode()).hexdigest()
        return data

    def prepare_language(self, document):
        return document.language.lower()  # as the index has held it since before tags were canonical

    def prepare_languages(self, document):
        return indexed_codes([document.language, *(text.language for text in document.texts.all())])

    def prepare_roles(self, document):
        return sorted({role for role in [document.text_role, *(text.role for text in document.texts.all())] if role})

    def prepare_date_end(self, document):
        return document.partial_date.end if document.date else None

    def prepare_year(self, document):
        return document.date.year if document.date else None

    def prepare_speakers(self, document):
        return [speaker.person.slug for speaker in document.speakers.all()]

    def prepare_regions(self, document):
        return [region.slug for region in document.regions.all()]

    def prepare_countries(self, document):
        return [country.slug for country in document.countries.all()]

    def prepare_venue(self, document):
        return document.venue.slug if document.venue else None

    def prepare_event(self, document):
        return document.event_slug or None


def main_parts(document):
    """Return what is searched of a document besides its other texts, part by part: its headings
    (``heading_parts``) and the paragraphs of its main text."""
    return [*heading_parts(document), *(paragraph["text"] for paragraph in document.paragraphs)]


def heading_parts(document):
    """Return the parts of a document searched besides its paragraphs: its title, subtitle, each
    speaker's name and role, and its event."""
    credits = [part for speaker in document.speakers.all() for part in (speaker.person.name, speaker.role)]
    return [document.title, document.subtitle, *credits, document.event]


def text_parts(text):
    """Return what is searched of one of a document's other texts, part by part: its headings
    (``text_heading_parts``) and its paragraphs."""
    return [*text_heading_parts(text), *(paragraph["text"] for paragraph in text.paragraphs)]


def text_heading_parts(text):
    """Return the parts of another text searched besides its paragraphs: its own title (which its
    citations give) and its translator."""
    return [text.title, text.translator]
