"""The Whoosh engine's answers equal stock Whoosh's: hits, order, totals and facet counts.

The engine filters from per-segment tables, sorts by date from them and counts facets from them;
the reference here is Whoosh's own ``filter=`` queries (Term, NumericRange, DateRange, as the
benchmark's raw Whoosh column uses them) and ``FieldFacet`` counts on a plain searcher, over several
segments with deletions.
"""
import datetime
import itertools
import random

import pytest
from haystack import connections
from whoosh.scoring import BM25F
from whoosh.sorting import Count, FieldFacet

from speeches.search import batched_index_updates
from speeches.search.engines import EngineQuery, engine
from speeches.search.engines.whoosh.compiler import compile_tree
from speeches.search.engines.whoosh.stock import whoosh_filter
from speeches.search.facets import FACET_FIELDS
from speeches.search.query.parsing import parse_query

from tests.factories import make_document, make_person, make_region

WORDS = "energy corridor cooperation trade peace security water transit grain pipeline".split()
QUERIES = ["", "energy", "corridor energy", '"energy corridor"', "peace OR grain", "trade -water", "-pipeline",
           "energy corridor transit", "absentword"]
FILTERS = [
    {},
    {"values": {"kind": "speech"}},
    {"values": {"speakers": "ada-envoy", "regions": "arctic"}},
    {"values": {"year": 2022}},
    {"date_from": datetime.date(2021, 3, 1), "date_to": datetime.date(2023, 6, 30)},
    {"date_from": datetime.date(2022, 1, 1), "values": {"kind": "article"}},
    {"date_to": datetime.date(2021, 12, 31)},
]


def reference(searcher, query):
    """Return (ids, total, facets) as stock Whoosh computes them."""
    facets = [FieldFacet(name, allow_overlap=True, maptype=Count) for name in FACET_FIELDS]
    results = searcher.search(compile_tree(query.tree), limit=None, filter=whoosh_filter(query), groupedby=facets)
    hits = [(hit.docnum, hit["django_id"], hit.get("date")) for hit in results]
    if query.newest_first is not None:
        sign = -1 if query.newest_first else 1
        hits.sort(key=lambda hit: (0, sign * hit[2].toordinal(), hit[0]) if hit[2] else (1, 0, hit[0]))
    ids = [int(django_id) for _, django_id, _ in hits][query.offset:query.offset + query.limit]
    counts = {name: {value: count for value, count in results.groups(name).items() if value is not None}
              for name in FACET_FIELDS}
    return ids, len(results), counts


@pytest.mark.django_db(transaction=True)
def test_the_engine_answers_as_stock_whoosh_does():
    rng = random.Random(5)
    people, regions = [make_person("Ada Envoy"), make_person("Bo Legate")], [make_region("Arctic"), make_region("Sahel")]

    def note(number):
        body = " ".join(rng.choices(WORDS + ["filler"] * 6, k=rng.randint(3, 40)))
        date = rng.choice([None, datetime.date(2021 + number % 4, 1 + number % 12, 1 + number % 28)])
        return make_document(title=f"Note {number}", body=body, date=date, kind=rng.choice(["speech", "article"]),
                             speakers=rng.sample(people, rng.randint(0, 2)), regions=rng.sample(regions, 1))

    with batched_index_updates():
        documents = [note(number) for number in range(50)]
    documents += [note(number) for number in range(50, 56)]  # one small segment per save
    for document in documents[::9]:
        document.delete()
    searcher = connections["default"].get_backend().index.searcher(weighting=BM25F())
    checked = 0
    for q, filters, newest_first, offset in itertools.product(QUERIES, FILTERS, [None, True, False], [0, 5]):
        query = EngineQuery(tree=parse_query(q).tree, newest_first=newest_first, offset=offset, limit=7,
                            facets=FACET_FIELDS, **filters)
        result = engine().search(query)
        ids, total, counts = reference(searcher, query)
        assert (result.ids, result.total) == (ids, total), query
        assert {name: dict(values) for name, values in result.facets.items()} == counts, query
        checked += bool(total)
    assert checked > 200  # most combinations have hits
    searcher.close()


@pytest.mark.django_db(transaction=True)
def test_saves_and_deletions_reach_the_tables_at_once():
    region = make_region("Arctic")
    kept = make_document(title="Kept", body="Grain.", kind="speech", regions=[region], date=datetime.date(2022, 5, 1))
    gone = make_document(title="Gone", body="Grain.", kind="speech", regions=[region], date=datetime.date(2022, 5, 2))
    query = EngineQuery(values={"regions": "arctic"}, date_from=datetime.date(2022, 1, 1), facets={"kind": 5})
    assert engine().search(query).total == 2
    gone.delete()
    result = engine().search(query)
    assert (result.ids, result.total, result.facets) == ([kept.pk], 1, {"kind": [("speech", 1)]})


@pytest.mark.django_db(transaction=True)
def test_threads_share_the_tables_a_segment_needs_read_once(monkeypatch):
    """runserver serves each request on a new thread: it must not read every segment's tables again."""
    import threading

    from speeches.search.engines.whoosh import tables

    make_document(title="Kept", body="Grain.", kind="speech", date=datetime.date(2022, 5, 1))
    read = []
    original = tables.FieldTable.__init__
    monkeypatch.setattr(tables.FieldTable, "__init__", lambda self, *args: read.append(args[1]) or original(self, *args))
    query = EngineQuery(values={"kind": "speech"}, facets={"kind": 5})
    results = []
    for _ in range(3):
        thread = threading.Thread(target=lambda: results.append(engine().search(query).total))
        thread.start()
        thread.join()
    assert results == [1, 1, 1]
    assert read.count("kind") == 1
