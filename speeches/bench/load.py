"""Searches a second under load: concurrent clients asking distinct search pages of a served archive.

Each client is a thread asking one search page after another over HTTP; all clients take their
queries from one shared list of drawn queries, so no query is asked twice in a run. A run lasts a
fixed time (or until the queries run out); it counts the answers, their latencies and any that were
not 200.
"""
import itertools
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from .drawn import QUERY_TYPES, draw_queries
from .queries import percentiles

WARM_UP = 10


def load_queries(count, seed):
    """Return ``count`` distinct search-page parameter dicts, the query types taken in turn."""
    per_type = count // len(QUERY_TYPES) + 1
    drawn = draw_queries(per_type, seed)
    in_turn = itertools.chain.from_iterable(itertools.zip_longest(*(drawn[name] for name in QUERY_TYPES)))
    return [params for params in in_turn if params is not None][:count]


def measure_load(base_url, clients, seconds, queries):
    """Return searches/s, latency percentiles and errors of ``clients`` threads asking ``queries`` for ``seconds``."""
    pending = iter(queries)
    lock = threading.Lock()
    latencies, failures = [], []
    deadline = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < deadline:
            with lock:
                params = next(pending, None)
            if params is None:
                return
            status, elapsed = ask(base_url, params)
            with lock:
                (latencies if status == 200 else failures).append(elapsed if status == 200 else (status, params))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"clients": clients, "seconds": elapsed, "searches": len(latencies),
            "searches_per_s": len(latencies) / elapsed, "latency": percentiles(latencies) if latencies else None,
            "failures": len(failures), "failed_examples": failures[:3]}


def ask(base_url, params):
    """Get one search page; return (HTTP status, seconds)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"{base_url}/search/?{urllib.parse.urlencode(params)}", timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def warm_up(base_url, queries):
    """Ask each query once, untimed: every worker opens its searcher (or connection) and reads its tables."""
    for params in queries:
        ask(base_url, params)
