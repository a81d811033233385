"""One- and two-word searches ranked from whole posting lists equal Whoosh's own ranking, to the bit."""
import datetime
import itertools
import random

import pytest
from haystack import connections
from whoosh.query import And, Term

from speeches.search import SearchCriteria, batched_index_updates, search_documents
from speeches.search.whoosh_ranking import search_words

from .factories import make_document

WORDS = "energy corridor cooperation trade peace security water transit grain pipeline".split()


def parsed(q):
    backend = connections["default"].get_backend()
    return backend.parser.parse(search_documents(SearchCriteria(q=q)).results.query.build_query())


def whoosh_ranking(searcher, query, **sort):
    results = searcher.search(query, limit=None, **sort)
    return [(hit.score, hit.docnum) for hit in results], set(results.docs())


SORTS = [{}, {"sortedby": ["date"], "reverse": True}, {"sortedby": ["date"], "reverse": False}]


@pytest.mark.django_db(transaction=True)
def test_scores_order_and_hits_equal_whoosh_over_segments_and_deletions():
    rng = random.Random(11)

    def note(number):
        body = " ".join(rng.choices(WORDS + ["filler"] * 8, k=rng.randint(3, 60)))
        date = rng.choice([None, datetime.date(2020, 1, 1), datetime.date(2021 + number % 5, 6, number % 28 + 1)])
        return make_document(title=f"Note {number}", body=body, date=date, kind=rng.choice(["speech", "article"]))

    with batched_index_updates():  # one large segment, then one small segment per save
        documents = [note(number) for number in range(60)]
    documents += [note(number) for number in range(60, 66)]
    for document in documents[::7]:
        document.delete()
    backend = connections["default"].get_backend()
    with backend.index._index.searcher() as searcher:
        segments = [reader for reader, _ in searcher.reader().leaf_readers()]
        assert len(segments) > 1 and any(segment.has_deletions() for segment in segments)
        queries = [parsed(q) for q in ["energy", "corridor energy", "cooperation trade", "pipeline grain", "water absentword"]]
        queries += [Term("kind", "speech"), And([Term("kind", "article"), parsed("energy")])]
        for query, sort in itertools.product(queries, SORTS):
            expected, expected_docs = whoosh_ranking(searcher, query, **sort)
            assert expected or "absentword" in str(query)
            ranked = search_words(searcher, query, None, **sort)
            assert ranked.top_n == expected, (query, sort)
            assert ranked.docs() == expected_docs and len(ranked) == len(expected_docs)
            page = search_words(searcher, query, 5, **sort)
            assert page.top_n == expected[:5] and len(page) == len(expected_docs)
        assert search_words(searcher, parsed("energy corridor trade"), 10) is None
        assert search_words(searcher, parsed('"energy corridor"'), 10) is None
        assert search_words(searcher, parsed("energy -corridor"), 10) is None


@pytest.mark.django_db(transaction=True)
def test_search_pages_are_those_of_whoosh(client):
    for number in range(30):
        make_document(title=f"Grain note {number}", body="Grain and transit. " * (number % 4 + 1) + "Peace. " * (number % 3))
    faceted = search_documents(SearchCriteria(q="grain transit")).results
    plain = faceted._clone()
    plain.query.facets = {}
    assert [hit.pk for hit in faceted[:20]] == [hit.pk for hit in plain[:20]]
    assert [hit.pk for hit in faceted[20:40]] == [hit.pk for hit in plain[20:40]]
    assert faceted.count() == plain.count() == 30


@pytest.mark.django_db(transaction=True)
def test_a_word_in_no_document_finds_nothing():
    make_document(body="Energy.")
    backend = connections["default"].get_backend()
    with backend.index._index.searcher() as searcher:
        for q in ["absentword", "energy absentword"]:
            ranked = search_words(searcher, parsed(q), 20)
            assert ranked.top_n == [] and len(ranked) == 0 and ranked.docs() == set()
