"""Haystack's Elasticsearch 7 / OpenSearch backend as the archive writes with it (searching is ``engine``'s).

The same fields as on Whoosh: text arrives normalised by ``speeches.search.text``, so exact fields
only split on white space; the words fields arrive as the terms Whoosh indexes (``analysis``), so
they only split on white space too; filter fields hold whole values (keywords).
"""
import copy

from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

from .analysis import with_terms
from .compiler import COUNTED
from .engine import COMPLETE_META, MAX_RESULT_WINDOW, ElasticsearchEngine

# Each text field has a ``counted`` sub-field (``compiler.COUNTED``) of the same analysis, scored by
# how often a word or phrase occurs in it: what a timeline and a concordance count, asked of the
# engine instead of read in every matching document's text. Its words need no positions, and no
# field needs its length.
OCCURRENCES_SIMILARITY = {"type": "scripted", "script": {"source": "return query.boost * doc.freq;"}}
WORDS_MAPPING = EXACT_TEXT_MAPPING = {"type": "text", "analyzer": "whitespace"}
KEYWORD_MAPPING = {"type": "keyword"}


def index_settings():
    """Haystack's index settings, the deepest page, and the similarity that counts occurrences. The
    words fields need no analyzer of their own: they arrive as terms (``analysis.with_terms``)."""
    settings = copy.deepcopy(Elasticsearch7SearchBackend.DEFAULT_SETTINGS)
    settings["settings"]["max_result_window"] = MAX_RESULT_WINDOW
    settings["settings"]["similarity"] = {"archive_occurrences": OCCURRENCES_SIMILARITY}
    return settings


def with_counted(mapping, positions=False):
    """Return a text field's mapping with its ``counted`` sub-field (positions kept for phrases)."""
    counted = {**mapping, "similarity": "archive_occurrences", "norms": False}
    if not positions:
        counted["index_options"] = "freqs"
    return {**mapping, "fields": {COUNTED: counted}}


class ArchiveElasticsearchBackend(Elasticsearch7SearchBackend):
    DEFAULT_SETTINGS = index_settings()
    engine_class = ElasticsearchEngine  # what searches the index this backend writes

    def schema_matches(self):
        """Return whether the index's text fields are mapped as this code maps them (an index written
        before the words arrived as terms, or before the counted sub-fields, needs rebuilding); a
        missing index is ``is_complete``'s to report."""
        mappings = self.conn.indices.get_mapping(index=self.index_name, ignore=404)
        if mappings.get("status") == 404:
            return True
        expected = {"text": with_counted(WORDS_MAPPING), "exact_text": with_counted(EXACT_TEXT_MAPPING, positions=True)}
        return all(mapping["mappings"].get("properties", {}).get(name) == wanted
                   for mapping in mappings.values() for name, wanted in expected.items())

    def _prepare_object(self, index, obj):
        """One document's fields, its words as the terms the archive analyses them into."""
        return with_terms(index.full_prepare(obj))

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
                mapping[field.index_fieldname] = with_counted(WORDS_MAPPING)
            elif field.field_type == "exact_text":
                mapping[field.index_fieldname] = with_counted(EXACT_TEXT_MAPPING, positions=True)
            elif field.field_type == "string":
                mapping[field.index_fieldname] = dict(KEYWORD_MAPPING)
        return content_field_name, mapping


class HaystackEngine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearchBackend
