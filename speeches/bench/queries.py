"""Time what researchers meet: many distinct queries per type, drawn from the archive's own documents.

Each query type gets ``count`` different queries, each taken from a randomly chosen published
document (its words, its phrases, its region and date), so every query and every filter has hits and
none is timed twice. Each is timed three ways: the whole search page through Django's test client,
the search package's ``search()``, and stock Whoosh answering the same query (``StockWhoosh``).
"""
import datetime
import statistics
import time

from django.test import Client, override_settings

from speeches.models import Document
from speeches.search import FACET_NAMES, SearchCriteria, StockWhoosh, prepare, search

from .drawn import QUERY_TYPES, draw_queries

PAGE_SIZE = 20
# Queries run first and not timed: they open the searcher and read each segment's tables once.
WARM_UP = 5


def percentiles(samples):
    ordered = sorted(samples)
    return {"p50": statistics.median(ordered) * 1000,
            "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000,
            "runs": len(ordered)}


def seconds(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def criteria_for(params):
    """Return the ``SearchCriteria`` the search form makes of ``params``."""
    fields = {key: value for key, value in params.items() if key != "sort"}
    for name in ("date_from", "date_to"):
        if name in fields:
            fields[name] = datetime.date.fromisoformat(fields[name])
    return SearchCriteria(**fields, sort=params.get("sort", "relevance"))


@override_settings(RATELIMIT_ENABLE=False)
def measure_queries(count, seed, raw_count=None):
    """Return one row per query type: its queries' hits and page / search / stock Whoosh percentiles
    (stock Whoosh on the first ``raw_count`` queries of each type: at 100,000 documents it takes seconds;
    none when ``raw_count`` is 0, as beside another engine)."""
    client, raw = Client(), (StockWhoosh() if raw_count != 0 else None)
    drawn = draw_queries(count + WARM_UP, seed)
    rows = []
    for name in QUERY_TYPES:
        warm_up, timed = drawn[name][:WARM_UP], drawn[name][WARM_UP:]
        for params in warm_up:
            search_page(client, params)
        hits = [search(criteria_for(params), 1, PAGE_SIZE).total for params in timed]
        row = {"query": name, "queries": len(timed), "examples": timed[:3],
               "hits": {"min": min(hits), "median": statistics.median(hits), "max": max(hits)},
               "page": percentiles([seconds(lambda: search_page(client, params)) for params in timed]),
               "search": percentiles([seconds(lambda: search(criteria_for(params), 1, PAGE_SIZE, facets=True))
                                      for params in timed])}
        row["raw"] = raw and percentiles([seconds(lambda: raw.run(prepare(criteria_for(params)).sliced(0, PAGE_SIZE, facets=True)))
                                          for params in timed[:raw_count]])
        rows.append(row)
    return rows


def measure_country_facet(count, seed):
    """Return the search() percentiles of the most-hit query type with every facet and without the country
    facet, each query timed both ways in turn: what counting the countries mentioned adds to a page."""
    drawn = draw_queries(count + WARM_UP, seed)["single frequent word"]
    without_country = tuple(name for name in FACET_NAMES if name != "country")
    for params in drawn[:WARM_UP]:
        search(criteria_for(params), 1, PAGE_SIZE, facets=True)
    timings = {"with": [], "without": []}
    for params in drawn[WARM_UP:]:
        timings["with"].append(seconds(lambda: search(criteria_for(params), 1, PAGE_SIZE, facets=True)))
        timings["without"].append(seconds(lambda: search(criteria_for(params), 1, PAGE_SIZE, facets=without_country)))
    with_facet, without_facet = percentiles(timings["with"]), percentiles(timings["without"])
    return {"query": "single frequent word", "with": with_facet, "without": without_facet,
            "added_p50_ms": with_facet["p50"] - without_facet["p50"]}


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
    while not search(SearchCriteria(q="zyzzogeton")).total:
        if time.perf_counter() - started > 10:
            break
        time.sleep(0.005)
    elapsed = time.perf_counter() - started
    document.delete()
    return elapsed
