"""Elasticsearch 7 / OpenSearch as the archive uses it, through Haystack's elasticsearch7 backend.

The same fields as on Whoosh (see ``backends``): text arrives normalised by ``speeches.search.text``,
so exact fields only split on white space, and filter fields hold whole values (keywords).
"""
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)

EXACT_TEXT_MAPPING = {"type": "text", "analyzer": "whitespace"}
KEYWORD_MAPPING = {"type": "keyword"}


class ArchiveElasticsearchBackend(Elasticsearch7SearchBackend):
    def document_count(self):
        """Return how many documents the index holds (none when it does not exist)."""
        if not self.conn.indices.exists(index=self.index_name):
            return 0
        return self.conn.count(index=self.index_name)["count"]

    def build_schema(self, fields):
        content_field_name, mapping = super().build_schema(fields)
        for field in fields.values():
            if field.document:
                continue
            if field.field_type == "exact_text":
                mapping[field.index_fieldname] = dict(EXACT_TEXT_MAPPING)
            elif field.field_type == "string":
                mapping[field.index_fieldname] = dict(KEYWORD_MAPPING)
        return content_field_name, mapping


class Elasticsearch7Engine(Elasticsearch7SearchEngine):
    backend = ArchiveElasticsearchBackend
