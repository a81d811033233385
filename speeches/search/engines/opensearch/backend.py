"""OpenSearch through its own client, opensearch-py: the mapping, analysis and query DSL of
``engines.elasticsearch`` (OpenSearch speaks Elasticsearch 7's), sent by the client made for it.

Haystack's Elasticsearch backend drives the writes (``setup``, ``update``, ``remove``, ``clear``) with
whatever ``conn`` holds; here that is an ``OpenSearch`` client given every node of the cluster, which
moves to another node when one fails. The bulk writes and scrolls use opensearch-py's helpers.
"""
import copy

import haystack
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_model_ct
from opensearchpy import OpenSearch, helpers

from ..elasticsearch.backend import ArchiveElasticsearchBackend, HaystackEngine as ElasticsearchHaystackEngine
from ..elasticsearch.engine import COMPLETE_META
from .engine import OpenSearchEngine

# A request that fails on one node is tried on the next this many times (three nodes: each once more).
RETRIES = 3


def sized_settings(settings, shards, replicas):
    """Return index settings with ``shards`` primary shards of ``replicas`` copies each."""
    settings = copy.deepcopy(settings)
    settings["settings"].update({"number_of_shards": shards, "number_of_replicas": replicas})
    return settings


class ArchiveOpenSearchBackend(ArchiveElasticsearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.conn = OpenSearch(
            hosts=options["HOSTS"], http_auth=options.get("HTTP_AUTH"), ca_certs=options.get("CA_CERTS"),
            verify_certs=True, timeout=self.timeout, max_retries=RETRIES, retry_on_timeout=True,
        )
        self.DEFAULT_SETTINGS = sized_settings(self.DEFAULT_SETTINGS, options.get("SHARDS", 1),
                                               options.get("REPLICAS", 1))

    def engine(self):
        """Return the engine that searches this backend's index (``engine``)."""
        if self._engine is None:
            self._engine = OpenSearchEngine(self)
        return self._engine

    def setup(self):
        """Create the index with the archive's settings and mapping, or add new fields to its mapping
        (a field whose type changed is refused: the index must be rebuilt)."""
        fields = haystack.connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, field_mapping = self.build_schema(fields)
        mapping = {"properties": field_mapping}
        if self.conn.indices.exists(index=self.index_name):
            self.conn.indices.put_mapping(index=self.index_name, body=mapping)
        else:
            self.conn.indices.create(index=self.index_name, body={**self.DEFAULT_SETTINGS, "mappings": mapping})
        self.existing_mapping, self.setup_complete = mapping, True

    def update(self, index, iterable, commit=True):
        """Index objects in bulk requests; with ``commit``, searchable when this returns (a refresh)."""
        if not self.setup_complete:
            self.setup()
        documents = [document for document in (self.prepared(index, obj) for obj in iterable) if document]
        helpers.bulk(self.conn, documents, index=self.index_name)
        if commit:
            self.conn.indices.refresh(index=self.index_name)

    def prepared(self, index, obj):
        """Return one object's fields as the index takes them, or None when its index skips it."""
        try:
            fields = index.full_prepare(obj)
        except SkipDocument:
            return None
        document = {key: self._from_python(value) for key, value in fields.items()}
        return {**document, "_id": document[ID]}

    def clear(self, models=None, commit=True):
        if models is None:
            self.conn.indices.delete(index=self.index_name, ignore=404)
            self.setup_complete, self.existing_mapping, self.content_field_name = False, {}, None
            return
        if self.setup_complete:  # emptied, it no longer holds every document
            self.conn.indices.put_mapping(index=self.index_name, body={"_meta": {COMPLETE_META: False}})
        kinds = " OR ".join(f"{DJANGO_CT}:{get_model_ct(model)}" for model in models)
        self.conn.delete_by_query(index=self.index_name, body={"query": {"query_string": {"query": kinds}}},
                                  refresh=True, conflicts="proceed")


class HaystackEngine(ElasticsearchHaystackEngine):
    backend = ArchiveOpenSearchBackend
