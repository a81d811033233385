"""OpenSearch through its own client, opensearch-py: the mapping, analysis and query DSL of
``engines.elasticsearch`` (OpenSearch speaks Elasticsearch 7's), sent by the client made for it.

Haystack's Elasticsearch backend drives the writes (``setup``, ``update``, ``remove``, ``clear``) with
whatever ``conn`` holds; here that is an ``OpenSearch`` client given every node of the cluster, which
moves to another node when one fails. The bulk writes and scrolls use opensearch-py's helpers.
"""
import copy
import itertools
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import haystack
from django.utils import timezone
from haystack.constants import DJANGO_CT, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_model_ct
from opensearchpy import OpenSearch, helpers

from ..elasticsearch.backend import ArchiveElasticsearchBackend, HaystackEngine as ElasticsearchHaystackEngine
from ..elasticsearch.engine import COMPLETE_META
from .engine import OpenSearchEngine

# A request that fails on one node is tried on the next this many times (three nodes: each once more).
RETRIES = 3
# One bulk request: a speech is sent three times (words, exact, cased: 45 KB for 2,000 words), and a
# request of Haystack's 1,000-document batch (45 MB) outlasted the client's timeout on two cores, so the
# client sent it again and again. Each request may take this long.
BULK_DOCUMENTS, BULK_BYTES, BULK_TIMEOUT = 100, 8 * 1024 * 1024, 120
# Bulk requests in flight at once while this thread prepares the next documents. opensearch-py's
# parallel_bulk would prepare them in a thread of its pool, where Django's database connection (and a
# test's transaction) is not this thread's.
BULK_IN_FLIGHT = 2
# A rebuild's new index is named by the alias the archive reads (INDEX_NAME) and the time it began, and
# is marked meanwhile by a second alias, so other processes know a rebuild owes their changes.
REBUILDING = "{alias}-rebuilding"
# How long (seconds) a rebuild waits for its new index's replicas before switching to it.
REPLICAS_WAIT = 120

# {alias: new index} of the rebuild this thread runs; its backends write there. Haystack's workers
# (update_index --workers) are forked from this thread and inherit it.
_rebuilds = threading.local()


def index_being_built(alias):
    return getattr(_rebuilds, "indexes", {}).get(alias)


def answered(response):
    """Return the indexes a response with ``ignore=404`` names: none when it was a 404."""
    return [] if response.get("status") == 404 else list(response)


def sized_settings(settings, shards, replicas):
    """Return index settings with ``shards`` primary shards of ``replicas`` copies each."""
    settings = copy.deepcopy(settings)
    settings["settings"].update({"number_of_shards": shards, "number_of_replicas": replicas})
    return settings


class ArchiveOpenSearchBackend(ArchiveElasticsearchBackend):
    engine_class = OpenSearchEngine

    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.conn = OpenSearch(
            hosts=options["HOSTS"], http_auth=options.get("HTTP_AUTH"), ca_certs=options.get("CA_CERTS"),
            verify_certs=True, timeout=self.timeout, max_retries=RETRIES, retry_on_timeout=True,
        )
        self.shards, self.replicas = options.get("SHARDS", 1), options.get("REPLICAS", 1)
        self.DEFAULT_SETTINGS = sized_settings(self.DEFAULT_SETTINGS, self.shards, self.replicas)
        # Searches read the alias (or an index of that name, as before aliases); a rebuild writes its new index.
        self.alias = self.index_name
        self.index_name = index_being_built(self.alias) or self.alias

    def mapping(self):
        fields = haystack.connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, field_mapping = self.build_schema(fields)
        return {"properties": field_mapping}

    def setup(self):
        """Create the index with the archive's settings and mapping, or add new fields to its mapping
        (a field whose type changed is refused: the index must be rebuilt)."""
        mapping = self.mapping()
        if self.conn.indices.exists(index=self.index_name):
            self.conn.indices.put_mapping(index=self.index_name, body=mapping)
        else:
            self.conn.indices.create(index=self.index_name, body={**self.DEFAULT_SETTINGS, "mappings": mapping})
        self.existing_mapping, self.setup_complete = mapping, True

    def update(self, index, iterable, commit=True):
        """Index objects in bulk requests; with ``commit``, searchable when this returns (a refresh)."""
        if not self.setup_complete:
            self.setup()
        documents = (document for document in (self.prepared(index, obj) for obj in iterable) if document)
        with ThreadPoolExecutor(BULK_IN_FLIGHT) as senders:
            in_flight = deque()
            while chunk := list(itertools.islice(documents, BULK_DOCUMENTS)):
                in_flight.append(senders.submit(self.send, chunk))
                if len(in_flight) > BULK_IN_FLIGHT:
                    in_flight.popleft().result()
            for sent in in_flight:
                sent.result()
        if commit and self.index_name == self.alias:  # a new index is refreshed once, when it is switched to
            self.conn.indices.refresh(index=self.index_name)

    def send(self, documents):
        helpers.bulk(self.conn, documents, index=self.index_name, max_chunk_bytes=BULK_BYTES, request_timeout=BULK_TIMEOUT)

    def prepared(self, index, obj):
        """Return one object's fields as the index takes them, or None when its index skips it."""
        try:
            fields = self._prepare_object(index, obj)
        except SkipDocument:
            return None
        document = {key: self._from_python(value) for key, value in fields.items()}
        return {**document, "_id": document[ID]}

    def clear(self, models=None, commit=True):
        if models is None:  # the indexes behind the name (an alias cannot be deleted, only they can)
            self.drop_interrupted_rebuilds()
            for index in answered(self.conn.indices.get_alias(index=self.index_name, ignore=404)):
                self.conn.indices.delete(index=index, ignore=404)
            self.setup_complete, self.existing_mapping, self.content_field_name = False, {}, None
            return
        if self.setup_complete:  # emptied, it no longer holds every document
            self.conn.indices.put_mapping(index=self.index_name, body={"_meta": {COMPLETE_META: False}})
        kinds = " OR ".join(f"{DJANGO_CT}:{get_model_ct(model)}" for model in models)
        self.conn.delete_by_query(index=self.index_name, body={"query": {"query_string": {"query": kinds}}},
                                  refresh=True, conflicts="proceed")

    @property
    def rebuilding_marker(self):
        return REBUILDING.format(alias=self.alias)

    @contextmanager
    def rebuilt_beside(self):
        """Within the block this thread's backends write a new index, which replaces the serving one
        at the end; if the block fails the new index is dropped and the old one serves on."""
        new_index = self.start_new_index()
        _rebuilds.indexes = {self.alias: new_index}
        haystack.connections.reload(self.connection_alias)
        try:
            yield
            self.make_ready_to_serve(new_index)
        except BaseException:
            self.conn.indices.delete(index=new_index, ignore=404)
            raise
        finally:
            _rebuilds.indexes = {}
            haystack.connections.reload(self.connection_alias)
        self.switch_to(new_index)

    def start_new_index(self):
        """Create an empty index for a rebuild (no replica and no refresh while it is written), marked as
        being rebuilt; drop what an interrupted rebuild left."""
        self.drop_interrupted_rebuilds()
        new_index = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        settings = sized_settings(self.DEFAULT_SETTINGS, self.shards, 0)
        settings["settings"]["refresh_interval"] = "-1"
        self.conn.indices.create(index=new_index, body={**settings, "mappings": self.mapping(),
                                                         "aliases": {self.rebuilding_marker: {}}})
        return new_index

    def drop_interrupted_rebuilds(self):
        """Delete the half-written index a killed rebuild left (marked as being rebuilt)."""
        for stale in answered(self.conn.indices.get_alias(name=self.rebuilding_marker, ignore=404)):
            self.conn.indices.delete(index=stale, ignore=404)

    def make_ready_to_serve(self, new_index):
        """Give the new index its replicas and refreshes, and wait for the replicas (up to ``REPLICAS_WAIT``
        seconds; it serves without them). Flushed first: a replica then copies the segment files, where it
        would otherwise replay every write from the translog (as slow as the rebuild again)."""
        self.conn.indices.flush(index=new_index)
        self.conn.indices.put_settings(index=new_index, body={"index": {
            "number_of_replicas": self.replicas, "refresh_interval": None}})
        self.conn.indices.refresh(index=new_index)
        self.conn.cluster.health(index=new_index, params={"wait_for_status": "green", "timeout": f"{REPLICAS_WAIT}s"},
                                 request_timeout=REPLICAS_WAIT + 30, ignore=408)

    def switch_to(self, new_index):
        """Move the alias to the new index in one step, then drop the indexes it replaces."""
        replaced = answered(self.conn.indices.get_alias(name=self.alias, ignore=404))
        actions = [{"add": {"index": new_index, "alias": self.alias}},
                   {"remove": {"index": new_index, "alias": self.rebuilding_marker}}]
        if not replaced and self.conn.indices.exists(index=self.alias):  # an index of that name, from before aliases
            actions.insert(0, {"remove_index": {"index": self.alias}})
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in replaced]
        self.conn.indices.update_aliases(body={"actions": actions})
        for index in replaced:
            self.conn.indices.delete(index=index, ignore=404)
        self.setup_complete = False

    def being_rebuilt(self):
        """Return whether another process is writing a new index to replace this one."""
        return self.index_name == self.alias and self.conn.indices.exists_alias(name=self.rebuilding_marker)


class HaystackEngine(ElasticsearchHaystackEngine):
    backend = ArchiveOpenSearchBackend
