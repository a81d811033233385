"""Searching Elasticsearch 7 / OpenSearch: one request body per ``EngineQuery``, one response parsed;
occurrences counted by the engine, as the scores of a scroll over every match, or added up by
aggregations of those scores (per month, per speaker...) without a hit leaving the cluster."""
import datetime
from dataclasses import replace

from elasticsearch.helpers import scan

from ...results import Tallies, Tally
from .. import Engine, EngineResult, period_of
from .analysis import WORD_ANALYSIS
from .compiler import ENDS, OCCURRENCES, PERIODS, counting_body, hit_id, request_body, tallying_body

# The deepest hit a search may reach (the index's max_result_window, ``backend``): the engine keeps a
# queue of offset + limit hits on every shard. Whoosh pages to any depth; past this, 503.
MAX_RESULT_WINDOW = 100_000

# Hits a scroll fetches at a time when counting occurrences: the most a timeline usually needs.
SCROLL_SIZE = 10_000
SCROLL_TIMEOUT = 60

# Set in the index mapping's _meta when a whole pass over the published documents finished;
# deleting the index deletes it too.
COMPLETE_META = "archive_complete"


class ElasticsearchEngine(Engine):
    analysis = WORD_ANALYSIS
    scan = staticmethod(scan)  # the client library's scroll over every hit (OpenSearch has its own)

    def __init__(self, backend):
        self._backend = backend  # Haystack's: the connection (``conn``) and the index name

    def search(self, query):
        if query.offset + query.limit > MAX_RESULT_WINDOW:  # a page past the end (page=999999): count only
            counted = self.request(replace(query, offset=0, limit=0))
            if query.offset >= counted.total:
                return counted
        return self.request(query)

    def request(self, query):
        response = self._backend.conn.search(index=self._backend.index_name, body=request_body(query))
        return parse_response(response)

    def occurrences(self, query):
        """Scroll over every match (by index order, the cheapest) with its score: how often the query's
        words and phrases occur in it, as the ``counted`` sub-fields score them."""
        hits = self.scan(self._backend.conn, index=self._backend.index_name, query=counting_body(query),
                         size=SCROLL_SIZE, scroll="1m", request_timeout=SCROLL_TIMEOUT)
        return {hit_id(hit): round(hit["_score"]) for hit in hits}

    def tallies(self, query, fields, most_values, by_period):
        """One request of aggregations over the counting query: scores summed are occurrences."""
        response = self._backend.conn.search(index=self._backend.index_name,
                                             body=tallying_body(query, fields, most_values, by_period))
        aggregations = response.get("aggregations", {})
        return Tallies(response["hits"]["total"]["value"], round(aggregations.get(OCCURRENCES, {}).get("value", 0)),
                       parse_periods(aggregations), parse_values(aggregations, fields), [])

    # One request each, ``ignore=404`` for a missing index: asked before a search until they find the
    # index whole, then again once it has changed (``index.health.index_is_whole``).
    def document_count(self):
        answer = self._backend.conn.count(index=self._backend.index_name, ignore=404)
        return answer.get("count", 0)

    def is_complete(self):
        mappings = self._backend.conn.indices.get_mapping(index=self._backend.index_name, ignore=404)
        if mappings.get("status") == 404:
            return False
        # Keyed by physical index: an alias names the one it points to.
        return all(mapping["mappings"].get("_meta", {}).get(COMPLETE_META) for mapping in mappings.values())

    def schema_matches(self):
        return self._backend.schema_matches()

    def mark_complete(self):
        if not self._backend.setup_complete:
            self._backend.setup()
        self._backend.conn.indices.put_mapping(index=self._backend.index_name, body={"_meta": {COMPLETE_META: True}})

    def version(self):
        """Return each physical index's id and the highest sequence number of each of its primary
        shards: every write, delete and rebuild (a new index behind the alias) changes it, and unlike
        the indexing counters it survives a node's restart. None while there is no index."""
        stats = self._backend.conn.indices.stats(
            index=self._backend.index_name, metric="docs", level="shards", ignore=404,
            filter_path="indices.*.uuid,indices.*.shards.*.routing.primary,indices.*.shards.*.seq_no.max_seq_no")
        if "indices" not in stats:
            return None
        return ";".join(f"{index['uuid']}:{shard_sequence_numbers(index['shards'])}"
                        for _, index in sorted(stats["indices"].items()))

    def signatures(self):
        hits = self.scan(self._backend.conn, index=self._backend.index_name,
                    query={"query": {"match_all": {}}, "_source": ["django_id", "text_signature"]})
        return {int(hit["_source"]["django_id"]): hit["_source"].get("text_signature") for hit in hits}


def parse_response(response):
    """Return the ``EngineResult`` of a search response (Elasticsearch 7 and OpenSearch shapes)."""
    hits = response["hits"]
    total = hits["total"]["value"] if isinstance(hits["total"], dict) else hits["total"]
    ids = [hit_id(hit) for hit in hits["hits"]]
    facets = {fieldname: [(bucket["key"], bucket["doc_count"]) for bucket in aggregation["buckets"]]
              for fieldname, aggregation in response.get("aggregations", {}).items()}
    return EngineResult(ids, total, facets)


def parse_periods(aggregations):
    """Return {(year, month or None): Tally} from the months a document starts in,
    each divided by the month it ends in: the same month for a date known to the month or the day."""
    periods = {}
    for month in aggregations.get(PERIODS, {}).get("buckets", []):
        start = datetime.datetime.fromtimestamp(month["key"] / 1000, datetime.UTC)
        for end_month in month[ENDS]["buckets"]:
            end = datetime.datetime.fromtimestamp(end_month["key"] / 1000, datetime.UTC)
            period = period_of(start, end)
            documents, occurrences = periods.get(period, Tally(0, 0))
            periods[period] = Tally(documents + end_month["doc_count"], occurrences + round(end_month[OCCURRENCES]["value"]))
    return periods


def parse_values(aggregations, fields):
    return {fieldname: {bucket["key"]: Tally(bucket["doc_count"], round(bucket[OCCURRENCES]["value"]))
                        for bucket in aggregations.get(fieldname, {}).get("buckets", [])}
            for fieldname in fields}


def shard_sequence_numbers(shards):
    """Return "shard=max_seq_no,..." of each shard's primary copy (a replica may lag behind it)."""
    return ",".join(f"{number}={copy['seq_no']['max_seq_no']}" for number, copies in sorted(shards.items())
                    for copy in copies if copy["routing"]["primary"])
