"""Searching OpenSearch: the Elasticsearch engine's requests, its scrolls by opensearch-py's helpers;
a rebuild writes a new index beside the serving one (``backend``)."""
from opensearchpy import helpers

from ..elasticsearch.engine import ElasticsearchEngine


class OpenSearchEngine(ElasticsearchEngine):
    scan = staticmethod(helpers.scan)

    def rebuilding(self):
        return self._backend.rebuilt_beside()

    def being_rebuilt(self):
        return self._backend.being_rebuilt()
