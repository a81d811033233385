"""One- and two-word searches ranked from whole posting lists equal Whoosh's own ranking, to the bit."""
import datetime
import random

import pytest
from haystack import connections
from whoosh.query import And, Term
from whoosh.scoring import BM25F

from speeches.search import batched_index_updates
from speeches.search.engines.whoosh.compiler import compile_tree
from speeches.search.engines.whoosh.ranking import rank_words, word_hits
from speeches.search.query.parsing import parse_query

from tests.factories import make_document

WORDS = "energy corridor cooperation trade peace security water transit grain pipeline".split()


def compiled(q):
    return compile_tree(parse_query(q).tree)


def whoosh_ranking(searcher, query, allowed=None):
    results = searcher.search(query, limit=None, filter=allowed)
    return [hit.docnum for hit in results], set(results.docs())


@pytest.mark.django_db(transaction=True)
def test_order_and_hits_equal_whoosh_over_segments_deletions_and_filters():
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
    index = connections["default"].get_backend().index
    with index.searcher(weighting=BM25F()) as searcher:
        segments = [reader for reader, _ in searcher.reader().leaf_readers()]
        assert len(segments) > 1 and any(segment.has_deletions() for segment in segments)
        queries = [compiled(q) for q in ["energy", "corridor energy", "cooperation trade", "pipeline grain",
                                         "water absentword"]]
        queries += [Term("kind", "speech"), And([Term("kind", "article"), compiled("energy")])]
        allowed = set(rng.sample(range(searcher.doc_count_all()), 30))
        for query in queries:
            for subset in (None, allowed):
                expected, expected_docs = whoosh_ranking(searcher, query, subset)
                assert expected or "absentword" in str(query) or subset
                top, hits = rank_words(searcher, BM25F(), query, len(expected) + 5, subset)
                assert top == expected and hits == expected_docs, (query, subset)
                assert rank_words(searcher, BM25F(), query, 5, subset)[0] == expected[:5]
            assert word_hits(searcher, query) == set(searcher.docs_for_query(query)), query
        for other in ["energy corridor trade", '"energy corridor"', "energy -corridor"]:
            assert rank_words(searcher, BM25F(), compiled(other), 10) is None
            assert word_hits(searcher, compiled(other)) is None


@pytest.mark.django_db(transaction=True)
def test_a_word_in_no_document_finds_nothing():
    make_document(body="Energy.")
    index = connections["default"].get_backend().index
    with index.searcher() as searcher:
        for q in ["absentword", "energy absentword"]:
            assert rank_words(searcher, BM25F(), compiled(q), 20) == ([], set())
