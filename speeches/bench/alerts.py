"""Alerts matched against new documents (issue 29: 10,000 alerts against 100 new documents in under
5 minutes on Whoosh): the percolation ``send_alerts`` does, timed on this archive.

The newest ``documents`` published documents stand for the new ones; the alerts' searches are the
benchmark's drawn queries (``drawn``: every query type, drawn from the archive's documents and from
the new ones, so some match and most do not, as with real alerts), repeated to make up ``alerts``.
Nothing is written to the database: what is timed is reading each alert's query string with the
search form and running it against a throwaway index of the new documents, as a run does.
"""
import itertools
import random
import time
from urllib.parse import urlencode

from django.http import QueryDict

from speeches.models import Document
from speeches.search import DocumentSearchForm, percolator

from .drawn import draw_queries

DISTINCT_QUERIES_PER_TYPE = 100


def alert_query_strings(count, seed):
    """Return ``count`` query strings as alerts keep them, drawn from the archive (cycled when it gives fewer)."""
    drawn = draw_queries(DISTINCT_QUERIES_PER_TYPE, seed)
    rng = random.Random(seed)
    queries = [urlencode(params) for type_queries in drawn.values() for params in type_queries]
    rng.shuffle(queries)
    return list(itertools.islice(itertools.cycle(queries), count))


def measure_alerts(alerts, documents, seed=2026):
    """Return the figures of matching ``alerts`` drawn searches against the ``documents`` newest documents."""
    new = list(Document.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True)[:documents])
    query_strings = alert_query_strings(alerts, seed)
    started = time.perf_counter()
    matched = 0
    with percolator(Document.objects.filter(pk__in=new)) as new_documents:
        indexed = time.perf_counter()
        for query_string in query_strings:
            form = DocumentSearchForm(QueryDict(query_string))
            if form.is_valid():
                matched += len(new_documents.matches(form.criteria()))
    finished = time.perf_counter()
    return {"alerts": alerts, "documents": len(new), "distinct_queries": len(set(query_strings)),
            "matches": matched, "index_s": indexed - started, "matching_s": finished - indexed,
            "total_s": finished - started, "per_alert_ms": (finished - indexed) * 1000 / max(alerts, 1)}
