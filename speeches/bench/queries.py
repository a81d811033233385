"""Time the search page, the Haystack search path and raw Whoosh on the same queries.

Runs inside a Django process whose settings point at the benchmark's database and index.
"""
import statistics
import time

from django.test import Client, override_settings
from haystack import connections
from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser
from whoosh.sorting import Count, FieldFacet

from speeches.models import Document
from speeches.search import SearchCriteria, search_documents

from .corpus import QUOTES, rare_words

PAGE_SIZE = 20


def query_types(seed):
    """Return (name, search parameters) for each query type the targets name."""
    rare = rare_words(seed)[0]
    return [
        ("single word", {"q": "cooperation"}),
        ("rare word", {"q": rare}),
        ("two-word AND", {"q": "energy corridor"}),
        ("3-word phrase", {"q": '"pomegranate trees we"'}),
        ("10-word quote", {"q": '"' + " ".join(QUOTES[0].split()[:10]) + '"'}),
        ("phrase + filters", {"q": '"shoulder to shoulder"', "kind": "speech", "region": "central-asia"}),
        ("sorted by date", {"q": "security", "sort": "newest"}),
        ("facets only (filter, no query)", {"kind": "speech"}),
    ]


# Timed runs stop early (after at least MIN_RUNS) once a figure has taken this long: at 100,000
# documents raw Whoosh needs seconds per phrase query, and 30 runs of each would add an hour.
SECONDS_PER_FIGURE = 30
MIN_RUNS = 5


def percentiles(samples):
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered) * 1000,
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000,
            "runs": len(ordered)}


def timed(function, runs):
    """Time ``runs`` calls of ``function`` after one untimed call that fills caches."""
    function()
    samples = []
    while len(samples) < runs and (len(samples) < MIN_RUNS or sum(samples) < SECONDS_PER_FIGURE):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return percentiles(samples)


def criteria_for(params):
    return SearchCriteria(**{key: value for key, value in params.items() if key != "sort"},
                          sort=params.get("sort", "relevance"))


class RawWhoosh:
    """The same query, facets, sort and page size, straight on Whoosh with one reused searcher."""

    def __init__(self):
        backend = connections["default"].get_backend()
        backend.setup()
        self.index = whoosh_index.open_dir(backend.path)
        self.searcher = self.index.searcher()
        self.parser = QueryParser(backend.content_field_name, schema=self.index.schema)
        self.facets = [FieldFacet(name, allow_overlap=True, maptype=Count)
                       for name in ("kind", "speakers", "regions", "venue", "event", "language", "year")]

    def run(self, query_string, sort, facets=True):
        parsed = self.parser.parse(query_string)
        kwargs = {"pagelen": PAGE_SIZE, "groupedby": self.facets if facets else None}
        if sort:
            kwargs.update(sortedby="date", reverse=sort.startswith("-"))
        page = self.searcher.search_page(parsed, 1, **kwargs)
        hits = [dict(hit) for hit in page]
        groups = {name: page.results.groups(name) for name in page.results.facet_names()}
        return len(page), hits, groups


@override_settings(RATELIMIT_ENABLE=False)
def measure_queries(runs, seed):
    """Return one row per query type: hits, page / Haystack / raw Whoosh percentiles and the ratio."""
    client, raw = Client(), RawWhoosh()
    rows = []
    for name, params in query_types(seed):
        document_search = search_documents(criteria_for(params))
        query_string = document_search.results.query.build_query()
        sort = {"newest": "-date", "oldest": "date"}.get(params.get("sort"))

        def haystack_path():
            results = search_documents(criteria_for(params)).results
            list(results[:PAGE_SIZE])
            return results.facet_counts()

        page = timed(lambda: search_page(client, params), runs)
        haystack = timed(haystack_path, runs)
        whoosh = timed(lambda: raw.run(query_string, sort), runs)
        query_only = timed(lambda: raw.run(query_string, sort, facets=False), runs)
        rows.append({
            "query": name, "params": params, "hits": document_search.results.count(),
            "page": page, "haystack": haystack, "raw": whoosh, "raw_query_only": query_only,
            "ratio_p50": haystack["p50"] / whoosh["p50"], "ratio_p95": haystack["p95"] / whoosh["p95"],
        })
    return rows


def search_page(client, params):
    """Get the search page, which must answer in full (the benchmark turns rate limits off)."""
    response = client.get("/search/", params)
    if response.status_code != 200:
        raise RuntimeError(f"The search page answered {response.status_code} for {params}")
    return response


def measure_save_to_searchable():
    """Return seconds from saving a published document to finding it in search."""
    started = time.perf_counter()
    document = Document.objects.create(title="Benchmark probe", body="The zyzzogeton probe paragraph.",
                                       status=Document.Status.PUBLISHED)
    while not search_documents(SearchCriteria(q="zyzzogeton")).results.count():
        if time.perf_counter() - started > 10:
            break
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    document.delete()
    return elapsed
