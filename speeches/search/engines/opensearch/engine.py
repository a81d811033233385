"""Searching OpenSearch: the Elasticsearch engine's requests, its scrolls by opensearch-py's helpers."""
from opensearchpy import helpers

from ..elasticsearch.engine import ElasticsearchEngine


class OpenSearchEngine(ElasticsearchEngine):
    scan = staticmethod(helpers.scan)
