"""Haystack's Elasticsearch 7 / OpenSearch backend as the archive writes with it (searching is ``engine``'s).

The same fields as on Whoosh: text arrives normalised by ``speeches.search.text``, so exact fields
only split on white space, the words field drops stop words and stems (``analysis``), and filter
fields hold whole values (keywords).
"""
import copy

from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

from .analysis import STOP_WORDS
from .engine import ElasticsearchEngine

WORDS_MAPPING = {"type": "text", "analyzer": "archive_words"}
EXACT_TEXT_MAPPING = {"type": "text", "analyzer": "whitespace"}
KEYWORD_MAPPING = {"type": "keyword"}


def index_settings():
    """Haystack's index settings plus the ``archive_words`` analyzer."""
    settings = copy.deepcopy(Elasticsearch7SearchBackend.DEFAULT_SETTINGS)
    analysis = settings["settings"]["analysis"]
    analysis["analyzer"]["archive_words"] = {
        "type": "custom", "tokenizer": "whitespace", "filter": ["archive_stop", "archive_stem"]}
    analysis["filter"]["archive_stop"] = {"type": "stop", "stopwords": sorted(STOP_WORDS)}
    analysis["filter"]["archive_stem"] = {"type": "snowball", "language": "English"}
    return settings


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

    def build_schema(self, fields):
        content_field_name, mapping = super().build_schema(fields)
        for field in fields.values():
            if field.document:
                mapping[field.index_fieldname] = dict(WORDS_MAPPING)
            elif field.field_type == "exact_text":
                mapping[field.index_fieldname] = dict(EXACT_TEXT_MAPPING)
            elif field.field_type == "string":
                mapping[field.index_fieldname] = dict(KEYWORD_MAPPING)
        return content_field_name, mapping


class HaystackEngine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearchBackend
