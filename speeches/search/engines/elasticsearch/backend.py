"""Haystack's Elasticsearch 7 / OpenSearch backend as the archive writes with it (searching is ``engine``'s).

The same fields as on Whoosh: text arrives normalised by ``speeches.search.text``, so exact fields
only split on white space, the words fields drop stop words and stem (``analysis`` for English,
``languages`` for the others: their Snowball stemmers and stop lists; Chinese segmented by the
archive), and
filter fields hold whole values (keywords).
"""
import copy
import re

from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

from ...languages import CHINESE, SNOWBALL, stop_words
from ...text import COMBINING_MARKS, TATWEEL
from .analysis import STOP_WORDS
from .compiler import COUNTED
from .engine import COMPLETE_META, MAX_RESULT_WINDOW, ElasticsearchEngine

# Each text field has a ``counted`` sub-field (``compiler.COUNTED``) of the same analysis, scored by
# how often a word or phrase occurs in it: what a timeline and a concordance count, asked of the
# engine instead of read in every matching document's text. Its words need no positions, and no
# field needs its length.
OCCURRENCES_SIMILARITY = {"type": "scripted", "script": {"source": "return query.boost * doc.freq;"}}
WORDS_MAPPING = {"type": "text", "analyzer": "archive_words"}
# Chinese words arrive segmented by the archive (``languages.indexed_words``, jieba), as Whoosh indexes
# them: the engine only splits on spaces, needs no segmentation plugin, and matches what snippets mark.
CHINESE_WORDS_MAPPING = {"type": "text", "analyzer": "whitespace"}
# Lucene's Snowball filter has no Arabic: its light Arabic stemmer stands in.
STEMMER_FILTERS = {**{analysis: {"type": "snowball", "language": name.capitalize()} for analysis, name in SNOWBALL.items()},
                   "ar": {"type": "stemmer", "language": "arabic"}}
EXACT_TEXT_MAPPING = {"type": "text", "analyzer": "whitespace"}
KEYWORD_MAPPING = {"type": "keyword"}


def index_settings():
    """Haystack's index settings plus the ``archive_words`` analyzers.

    Text arrives normalised (``speeches.search.text``: accents and Arabic tashkeel folded away), and
    the words analyzers drop any combining mark or tatweel left all the same, as ``text`` does, so a
    vocalised word can never be indexed apart from its bare form.
    """
    settings = copy.deepcopy(Elasticsearch7SearchBackend.DEFAULT_SETTINGS)
    settings["settings"]["max_result_window"] = MAX_RESULT_WINDOW
    settings["settings"]["similarity"] = {"archive_occurrences": OCCURRENCES_SIMILARITY}
    analysis = settings["settings"]["analysis"]
    analysis.setdefault("char_filter", {})["archive_marks"] = {"type": "mapping", "mappings": mark_deletions()}
    analysis["analyzer"]["archive_words"] = {
        "type": "custom", "char_filter": ["archive_marks"], "tokenizer": "whitespace",
        "filter": ["archive_stop", "archive_stem"]}
    analysis["filter"]["archive_stop"] = {"type": "stop", "stopwords": sorted(STOP_WORDS)}
    analysis["filter"]["archive_stem"] = {"type": "snowball", "language": "English"}
    for language, stemmer in STEMMER_FILTERS.items():
        analysis["analyzer"][f"archive_words_{language}"] = {
            "type": "custom", "char_filter": ["archive_marks"], "tokenizer": "whitespace",
            "filter": [f"archive_stop_{language}", f"archive_stem_{language}"]}
        analysis["filter"][f"archive_stop_{language}"] = {"type": "stop", "stopwords": sorted(stop_words(language))}
        analysis["filter"][f"archive_stem_{language}"] = stemmer
    return settings


def mark_deletions():
    """Return the mapping char filter's rules deleting each combining mark and tatweel (``\\u0300=>``).

    A mapping is looked up in a finite-state map; a ``pattern_replace`` of the same character class
    (a union of 16 ranges in Java's regex) made the words analyzer the rebuild's slowest step.
    """
    marks = re.findall(r"(.)-(.)|(.)", COMBINING_MARKS + TATWEEL)
    characters = [chr(code) for first, last, single in marks
                  for code in (range(ord(first), ord(last) + 1) if first else [ord(single)])]
    return [f"\\u{ord(character):04x}=>" for character in characters]


def language_words_mapping(analysis):
    if analysis == CHINESE:
        return dict(CHINESE_WORDS_MAPPING)
    return {"type": "text", "analyzer": f"archive_words_{analysis}"}


def with_counted(mapping, positions=False):
    """Return a text field's mapping with its ``counted`` sub-field (positions kept for phrases)."""
    counted = {**mapping, "similarity": "archive_occurrences", "norms": False}
    if not positions:
        counted["index_options"] = "freqs"
    return {**mapping, "fields": {COUNTED: counted}}


class ArchiveElasticsearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = index_settings()

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._engine = None

    def engine(self):
        """Return the engine that searches this backend's index (``engine``)."""
        if self._engine is None:
            self._engine = ElasticsearchEngine(self)
        return self._engine

    def clear(self, models=None, commit=True):
        if models is not None and self.setup_complete:  # emptied, it no longer holds every document
            self.conn.indices.put_mapping(index=self.index_name, body={"_meta": {COMPLETE_META: False}})
        return super().clear(models, commit)

    def build_schema(self, fields):
        content_field_name, mapping = super().build_schema(fields)
        for field in fields.values():
            if field.document:
                mapping[field.index_fieldname] = with_counted(WORDS_MAPPING)
            elif field.field_type == "language_words":
                mapping[field.index_fieldname] = with_counted(language_words_mapping(field.analysis))
            elif field.field_type == "exact_text":
                mapping[field.index_fieldname] = with_counted(EXACT_TEXT_MAPPING, positions=True)
            elif field.field_type == "string":
                mapping[field.index_fieldname] = dict(KEYWORD_MAPPING)
        return content_field_name, mapping


class HaystackEngine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearchBackend
