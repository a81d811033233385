"""Whoosh and an OpenSearch cluster give the same answers: many distinct queries of every type the
benchmark draws, on a corpus neither engine's tests were written against (the benchmark's generated
one), compared by the documents they find, how many, the facet counts of each result set, and how often
each document says what was asked, and what a result set adds up to per period and per speaker,
venue, event, country and kind (what timelines and concordances count)."""
import json

import pytest
from django.conf import settings
from django.core.management import call_command

from speeches.bench.corpus import generate_records
from speeches.bench.drawn import QUERY_TYPES, draw_queries
from speeches.bench.queries import criteria_for
from speeches.research.timeline import TALLIED_FIELDS
from speeches.search import prepare, search

from tests.conftest import empty_cluster_index, fresh_search_connection, search_connection_info

pytestmark = pytest.mark.opensearch

DOCUMENTS = 60
PARAGRAPHS = 4  # of each generated document's 10-50: Whoosh indexes ~1,000 words a second in one process
QUERIES_PER_TYPE = 8
SEED = 1871


# Events the records are at.
EVENTS = ["UN General Assembly", "G20 Summit", "Саммит ШОС 2024"]  # a name without Latin letters too


def write_short_corpus(path):
    """Write the benchmark's generated records, each cut to its first ``PARAGRAPHS`` paragraphs, at
    events, and dated as archives are: some to the month or the year only, some before 1970, some not."""
    with open(path, "w", encoding="utf-8") as stream:
        for number, record in enumerate(generate_records(DOCUMENTS, SEED)):
            record["body"] = "\n\n".join(record["body"].split("\n\n")[:PARAGRAPHS])
            record["event"] = EVENTS[number % 4] if number % 4 < len(EVENTS) else ""
            record["date"] = {0: record["date"][:4], 1: record["date"][:7], 2: "", 3: "1962-10-22"}.get(
                number % 7, record["date"])
            stream.write(json.dumps(record) + "\n")


def answers(queries):
    """Return, for each query, the ids it finds (all of them), its total, its facet counts, its
    occurrences in each document and its tallies."""
    found = {}
    for params in queries:
        criteria = criteria_for(params)
        matching = prepare(criteria).ids(DOCUMENTS)
        facets = {facet.name: sorted((option.value, option.count) for option in facet.options)
                  for facet in search(criteria, facets=True).facets}
        occurrences = prepare(criteria).occurrence_counts().by_document
        tallies = prepare(criteria).tallies(TALLIED_FIELDS.values(), most_values=DOCUMENTS)
        found[str(params)] = (sorted(matching.ids), matching.total, facets, occurrences, tallies)
    return found


def test_both_engines_find_the_same_documents_for_every_drawn_query(db, tmp_path, opensearch_cluster):
    corpus = tmp_path / "corpus.jsonl"
    write_short_corpus(corpus)
    call_command("import_documents", str(corpus), verbosity=0)  # indexed on Whoosh, the test's index
    drawn = draw_queries(QUERIES_PER_TYPE, SEED)
    queries = [params for name in QUERY_TYPES for params in drawn[name]]
    on_whoosh = answers(queries)

    with search_connection_info({"default": fresh_search_connection(None, opensearch_cluster)}, settings) as backend:
        empty_cluster_index(backend)
        call_command("update_index", verbosity=0)
        on_opensearch = answers(queries)

    assert len(queries) == len(QUERY_TYPES) * QUERIES_PER_TYPE == len(set(map(str, queries)))
    assert sum(total > 0 for _, total, _, _, _ in on_whoosh.values()) >= len(queries) * 0.9  # queries with hits
    differing = {query: difference(on_whoosh[query], on_opensearch[query]) for query in on_whoosh
                 if on_whoosh[query] != on_opensearch[query]}
    assert not differing, differing


def difference(whoosh_answer, opensearch_answer):
    """Say what two answers differ in: documents only one found, totals, facet counts, occurrences, tallies."""
    (whoosh_ids, whoosh_total, whoosh_facets, whoosh_occurrences, whoosh_tallies), \
        (opensearch_ids, opensearch_total, opensearch_facets, opensearch_occurrences, opensearch_tallies) = \
        whoosh_answer, opensearch_answer
    return {
        "only on Whoosh": sorted(set(whoosh_ids) - set(opensearch_ids)),
        "only on OpenSearch": sorted(set(opensearch_ids) - set(whoosh_ids)),
        "totals": (whoosh_total, opensearch_total),
        "facets": {name: (sorted(set(whoosh_facets.get(name, [])) - set(opensearch_facets.get(name, []))),
                          sorted(set(opensearch_facets.get(name, [])) - set(whoosh_facets.get(name, []))))
                   for name in whoosh_facets.keys() | opensearch_facets.keys()
                   if whoosh_facets.get(name) != opensearch_facets.get(name)},
        "occurrences (Whoosh, OpenSearch)": {
            pk: (whoosh_occurrences.get(pk), opensearch_occurrences.get(pk))
            for pk in whoosh_occurrences.keys() | opensearch_occurrences.keys()
            if whoosh_occurrences.get(pk) != opensearch_occurrences.get(pk)},
        "tallies (Whoosh, OpenSearch)": (whoosh_tallies, opensearch_tallies) if whoosh_tallies != opensearch_tallies else None,
    }
