"""Phrases searched through word pairs match exactly what Whoosh's own phrase search matches."""
import random

import pytest
from haystack import connections
from whoosh import query

from speeches.models import Document
from speeches.search import SearchCriteria, batched_index_updates, index_documents, prepare, search
from speeches.search.engines.whoosh import codec
from speeches.search.engines.whoosh.compiler import compile_tree
from speeches.search.engines.whoosh.phrases import PairedPhrase, pair_term
from speeches.search.query.parsing import parse_query

from tests.factories import make_document

# Texts built to trip a pair filter: every pair of a phrase present, but never in the phrase's order.
TRICKY_BODIES = [
    "a world of peace",
    "world of a peace of a world",
    "of peace a world of friendship",
    "peace world of a world of a peace",
    "a world a world of of peace",
    "the the the the",
    "the the the",
    "a world of peace a world of peace",
]
PHRASES = ["a world of peace", "world of a", "of a world", "the the the the", "the the the",
           "a world", "peace a world", "world of peace a world", "of of"]


def whoosh_phrase_hits(words):
    """Documents Whoosh's own Phrase finds, by primary key."""
    backend = connections["default"].get_backend()
    with backend.index.searcher() as searcher:
        hits = searcher.search(query.Phrase("exact_text", words), limit=None)
        return {int(hit["django_id"]) for hit in hits}


def archive_hits(phrase, case_sensitive=False):
    criteria = SearchCriteria(q=f'"{phrase}"', case_sensitive=case_sensitive)
    return {document.pk for document in search(criteria, size=100).documents}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("positions_read", ["in part", "whole"])
def test_paired_phrases_match_what_whoosh_phrases_match(positions_read, monkeypatch):
    # A word in most documents has its positions read whole and kept; any other, only where asked.
    monkeypatch.setattr(codec, "is_common", lambda *args: positions_read == "whole")
    documents = [make_document(title=f"Tricky {number}", body=body) for number, body in enumerate(TRICKY_BODIES)]
    rng = random.Random(7)
    words = "a world of peace the".split()
    documents += [make_document(title=f"Random {number}", body=" ".join(rng.choices(words, k=12)))
                  for number in range(30)]
    assert archive_hits("a world of peace") >= {documents[0].pk, documents[7].pk}
    assert documents[1].pk not in archive_hits("a world of peace")
    checked = PHRASES + [" ".join(rng.choices(words, k=rng.randint(2, 5))) for _ in range(40)]
    for phrase in checked:
        assert archive_hits(phrase) == whoosh_phrase_hits(phrase.split()), phrase
    for document in documents[::5]:
        document.delete()
    for phrase in checked:
        assert archive_hits(phrase) == whoosh_phrase_hits(phrase.split()), phrase
    assert documents[0].pk not in archive_hits("a world of peace")


def times_said(words, body):
    """How often ``words`` follow one another in ``body``, overlapping runs each counted."""
    said = body.split()
    return sum(said[start:start + len(words)] == words for start in range(len(said)))


@pytest.mark.django_db(transaction=True)
def test_a_phrase_is_counted_as_often_as_its_words_follow_one_another():
    documents = [make_document(title=f"Tricky {number}", body=body) for number, body in enumerate(TRICKY_BODIES)]
    for phrase in PHRASES:
        counted = prepare(SearchCriteria(q=f'"{phrase}"')).occurrence_counts().by_document
        said = {document.pk: times_said(phrase.split(), body) for document, body in zip(documents, TRICKY_BODIES)}
        assert counted == {pk: times for pk, times in said.items() if times}, phrase
    article = documents[7]  # "a world of peace a world of peace", the only article: a filter's documents only
    type(article).objects.filter(pk=article.pk).update(kind="article")
    index_documents([article.pk])
    counted = prepare(SearchCriteria(q='"a world of peace"', kind="article")).occurrence_counts().by_document
    assert counted == {article.pk: 2}


@pytest.mark.django_db(transaction=True)
def test_more_occurrences_rank_higher():
    once = make_document(title="Once", body="We seek a world of peace. Other words follow here.")
    thrice = make_document(title="Thrice", body="A world of peace; a world of peace; a world of peace.")
    ranked = [document.pk for document in search(SearchCriteria(q='"a world of peace"')).documents]
    assert ranked == [thrice.pk, once.pk]


@pytest.mark.django_db(transaction=True)
def test_a_phrase_asked_again_is_not_verified_again(monkeypatch):
    """A timeline asks for a phrase three times (its matches and how often, its first use, its latest):
    the positions are read once, and a filtered ask takes its documents from what was read then."""
    with batched_index_updates():  # one segment, so a deletion leaves it with a deleted document
        documents = [make_document(title=f"Tricky {number}", body=body, kind="article" if number == 7 else "speech")
                     for number, body in enumerate(TRICKY_BODIES)]
    verified = []
    verify = PairedPhrase.verified
    monkeypatch.setattr(PairedPhrase, "verified", lambda phrase, *args: verified.append(args) or verify(phrase, *args))
    found = prepare(SearchCriteria(q='"a world of peace"')).occurrence_counts().by_document
    assert found == {documents[0].pk: 1, documents[7].pk: 2}
    first_reads = len(verified)
    assert prepare(SearchCriteria(q='"a world of peace"')).ids(10, sort="oldest").ids
    counted = prepare(SearchCriteria(q='"a world of peace"', kind="article")).occurrence_counts().by_document
    assert counted == {documents[7].pk: 2}
    assert len(verified) == first_reads

    documents[0].delete()  # a document deleted since is not found from what was read before
    assert prepare(SearchCriteria(q='"a world of peace"')).occurrence_counts().by_document == {documents[7].pk: 2}
    assert search(SearchCriteria(q='"a world of peace"')).total == 1


def test_hash_collisions_cost_time_not_correctness(monkeypatch, db):
    """With every pair in one bucket, the filter lets everything through; positions still decide."""
    monkeypatch.setattr("speeches.search.engines.whoosh.phrases.PAIR_BUCKETS", 1)
    assert pair_term("a", "world") == pair_term("peace", "the") == "0"
    good = make_document(title="Good", body="a world of peace")
    make_document(title="Bad", body="peace of world a")
    index_documents(Document.objects.values_list("pk", flat=True))  # no commit in this test's transaction
    assert archive_hits("a world of peace") == {good.pk}


def test_case_sensitive_phrases_use_the_same_pairs(seed_documents):
    compiled = compile_tree(parse_query('"Dar es Salaam"').tree, case_sensitive=True)
    assert compiled == PairedPhrase("cased_text", ["Dar", "es", "Salaam"], "word_pairs")
    assert archive_hits("Dar es Salaam", case_sensitive=True) == {seed_documents["wqvet5df"].pk}
    assert archive_hits("dar es salaam", case_sensitive=True) == set()


@pytest.mark.django_db(transaction=True)
def test_segments_written_before_pairs_existed_still_find_phrases():
    """An index written by an older version has no pairs: phrases fall back to Whoosh's own search."""
    backend = connections["default"].get_backend()
    backend.setup()
    source, backend.pairs_source = backend.pairs_source, None  # index without pairs, as before
    try:
        document = make_document(title="Old", body="Shoulder to shoulder we stand.")
    finally:
        backend.pairs_source = source
    with backend.index.searcher() as searcher:
        assert "word_pairs" not in searcher.reader().indexed_field_names()
    assert archive_hits("shoulder to shoulder") == {document.pk}
