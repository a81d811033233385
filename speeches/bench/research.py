"""Time the research views on distinct drawn queries: timelines (of one query, and of five compared),
concordances, exports, the document pages that list recurring passages, and the pages of the speakers with
the most documents.

No query is timed twice, in one view or across them: each view gets frequent words (and quotes) of
its own, so none finds the postings, documents or pages another view has just read in a cache.
"""
import statistics
import time
from unittest import mock

from django.db.models import Count, Q
from django.test import Client, override_settings

from speeches.models import Document, Person, RecurringPassage
from speeches.search import search

from .drawn import draw_queries
from .queries import WARM_UP, criteria_for, percentiles, seconds

# (view, query type drawn): each view is timed on distinct queries of these types.
PAGES = [("timeline", "single frequent word"), ("timeline", "10-word quote"),
         ("concordance", "single frequent word"), ("concordance", "10-word quote")]
EXPORTED = 1_000
# Each timed comparison draws its five phrases on one timeline: phrases found in the archive, of a
# query type no other research view is timed on.
COMPARED, COMPARED_TYPE = 5, "3-word phrase"


@override_settings(RATELIMIT_ENABLE=False, EXPORT_RATE_LIMIT="100000/h")
def measure_research(count, seed):
    """Return one row per research view: the queries timed, their matching documents and p50 / p95."""
    client = Client()
    drawn = draw_queries_per_view(count + WARM_UP, seed)
    rows = []
    for view, query_type in PAGES:
        queries = drawn.pop((view, query_type))
        for params in queries[:WARM_UP]:
            page(client, f"/search/{view}/", params)
        timed = queries[WARM_UP:]
        runs = percentiles([seconds(lambda: page(client, f"/search/{view}/", params)) for params in timed])
        rows.append({"view": f"{view} page, {query_type}", "queries": timed, "runs": runs})
    frequent = drawn.pop(("export", "single frequent word"))[WARM_UP:]
    rows.append({"view": "export (CSV): first byte, frequent word (up to 10,000 documents)", "queries": frequent,
                 "runs": percentiles([first_byte(client, params) for params in frequent])})
    with mock.patch("speeches.web.downloads.MOST_EXPORTED", EXPORTED):
        rows.append({"view": f"export (CSV) of {EXPORTED:,} documents: whole file", "queries": frequent[:10],
                     "runs": percentiles([whole_export(client, params) for params in frequent[:10]])})
    recurring = recurring_pages(count)  # none where passages were not compared (benchmark --no-passages)
    rows.append({"view": "document page with recurring passages",
                 "runs": percentiles([seconds(lambda: page(client, path, {})) for path in recurring]) if recurring else {}})
    speakers = top_speaker_pages(count)
    rows.append({"view": f"speaker page, the {len(speakers)} speakers with the most documents",
                 "runs": percentiles([seconds(lambda: page(client, path, {})) for path in speakers])})
    rows.append(measure_comparisons(client, count, seed))  # last: its hits are counted apart, below
    for row in rows[:len(PAGES) + 1]:  # counted after the timing, which they would have warmed
        row["hits"] = hits(row["queries"])
    rows[-1]["hits"] = hits([{"q": query} for params in rows[-1]["queries"] for query in params["q"]])
    return rows


def measure_comparisons(client, count, seed):
    """Return the row of timeline pages comparing ``COMPARED`` distinct drawn phrases each."""
    phrases = [params["q"] for params in draw_queries((count + WARM_UP) * COMPARED, seed)[COMPARED_TYPE]]
    comparisons = [{"q": phrases[start:start + COMPARED]} for start in range(0, len(phrases) - COMPARED + 1, COMPARED)]
    for params in comparisons[:WARM_UP]:
        page(client, "/search/timeline/", params)
    timed = comparisons[WARM_UP:]
    return {"view": f"timeline page, {COMPARED} {COMPARED_TYPE}s compared", "queries": timed,
            "runs": percentiles([seconds(lambda: page(client, "/search/timeline/", params)) for params in timed])}


def draw_queries_per_view(count, seed):
    """Return {(view, query type): ``count`` queries}, no query given to two views."""
    views = sorted({view for view, _ in PAGES} | {"export"})
    drawn = draw_queries(count * len(views), seed)
    by_view = {}
    for number, view in enumerate(views):
        for query_type in ("single frequent word", "10-word quote"):
            by_view[view, query_type] = drawn[query_type][number * count:(number + 1) * count]
    return by_view


def hits(queries):
    """Return the min / median / max of the queries' matching documents."""
    totals = [search(criteria_for(params), 1, 1).total for params in queries]
    return {"min": min(totals), "median": statistics.median(totals), "max": max(totals)} if totals else None


def page(client, path, params):
    response = client.get(path, params)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code} for {params}")
    return response


def first_byte(client, params):
    started = time.perf_counter()
    response = client.get("/search/export/", {**params, "format": "csv"})
    next(iter(response.streaming_content))
    return time.perf_counter() - started


def whole_export(client, params):
    started = time.perf_counter()
    response = client.get("/search/export/", {**params, "format": "csv"})
    lines = b"".join(response.streaming_content).count(b"\n")
    if lines < 2:
        raise RuntimeError(f"The export of {params} was empty")
    return time.perf_counter() - started


def recurring_pages(count):
    """Return the paths of up to ``count`` published documents that share a passage with another."""
    ids = RecurringPassage.objects.values_list("document_id", flat=True).distinct()[:count]
    return [document.get_absolute_url() for document in Document.objects.published().filter(pk__in=list(ids))]


def top_speaker_pages(count):
    """Return the page addresses of the ``count`` speakers with the most published documents, most first."""
    published = Q(speaking_roles__document__status=Document.Status.PUBLISHED)
    people = (Person.objects.annotate(documents=Count("speaking_roles", filter=published)).filter(documents__gt=0)
              .order_by("-documents", "pk")[:count])
    return [person.get_absolute_url() for person in people]
