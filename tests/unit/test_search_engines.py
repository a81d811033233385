"""Each engine's compiler, table-driven: the query tree -> the engine's own query objects. No database.

No Elasticsearch or OpenSearch server runs on these machines, so for that engine the tests assert the
exact request bodies, and parse recorded responses of the real shape (``tests/recorded/``) into a
``SearchPage``; the Whoosh queries are also run against a real index in ``test_whoosh_engine``.
"""
import datetime
import json
from collections import Counter
from pathlib import Path

import pytest
from haystack import connections
from whoosh import query as wq

from speeches.search.engines import EngineQuery

from speeches.search.engines.elasticsearch import compiler as es
from speeches.search.engines.elasticsearch.engine import parse_response
from speeches.search.engines.whoosh import compiler as whoosh
from speeches.search.engines.whoosh.phrases import PairedPhrase
from speeches.search.query.parsing import parse_query

RECORDED = Path(__file__).resolve().parents[1] / "recorded"


def pair(field, text):
    return PairedPhrase(field, text.split(), "word_pairs")


def must(*clauses):
    return {"bool": {"must": list(clauses)}}


def must_not(clause):
    return {"bool": {"must_not": [clause]}}


# (typed, the Whoosh query, the Elasticsearch query)
CASES = [
    ('"a world of friendship is a world of peace"', pair("exact_text", "a world of friendship is a world of peace"),
     {"match_phrase": {"exact_text": "a world of friendship is a world of peace"}}),
    ("“People’s Republic—of China”", pair("exact_text", "peoples republic of china"),
     {"match_phrase": {"exact_text": "peoples republic of china"}}),
    ('"3,300 km of U.S. road"', pair("exact_text", "3300 km of us road"),
     {"match_phrase": {"exact_text": "3300 km of us road"}}),
    ('"Amity"', wq.Term("exact_text", "amity"), {"term": {"exact_text": "amity"}}),
    ("Trees blooming", wq.And([wq.Term("text", "tree"), wq.Term("text", "bloom")]),
     must({"term": {"text": "tree"}}, {"term": {"text": "bloom"}})),
    ("the", wq.NullQuery, {"match_none": {}}),
    ("the treaty", wq.Term("text", "treati"), {"term": {"text": "treati"}}),
    ("shoulder-to-shoulder", pair("exact_text", "shoulder to shoulder"),
     {"match_phrase": {"exact_text": "shoulder to shoulder"}}),
    ("amity OR pomegranate", wq.Or([wq.Term("text", "amiti"), wq.Term("text", "pomegran")]),
     {"bool": {"should": [{"term": {"text": "amiti"}}, {"term": {"text": "pomegran"}}],
               "minimum_should_match": 1}}),
    ('amity -"Central Asia"', wq.And([wq.Term("text", "amiti"), wq.Not(pair("exact_text", "central asia"))]),
     must({"term": {"text": "amiti"}}, must_not({"match_phrase": {"exact_text": "central asia"}}))),
    ("-Kazakhstan", wq.And([wq.Every(), wq.Not(wq.Term("text", "kazakhstan"))]),
     must_not({"term": {"text": "kazakhstan"}})),
    ('"Café Europa" case:on', pair("cased_text", "Café Europa"), {"match_phrase": {"cased_text": "Café Europa"}}),
    ("Café case:on", wq.Term("cased_text", "Café"), {"term": {"cased_text": "Café"}}),
    ("", wq.Every(), {"match_all": {}}),
]


@pytest.mark.parametrize("typed, whoosh_query, es_query", CASES, ids=[case[0][:30] for case in CASES])
def test_each_engine_compiles_the_tree_to_its_own_query(typed, whoosh_query, es_query):
    parsed = parse_query(typed)
    assert whoosh.compile_tree(parsed.tree, parsed.case_sensitive) == whoosh_query
    assert es.compile_tree(parsed.tree, parsed.case_sensitive) == es_query


# (typed, the analyses searched, the Whoosh query, the Elasticsearch query)
LANGUAGE_CASES = [
    ("négociations", ("en", "fr"), wq.Or([wq.Term("text", "negoci"), wq.Term("words_fr", "negoci")]),
     {"bool": {"should": [{"term": {"text": "negoci"}}, {"term": {"words_fr": "negoci"}}],
               "minimum_should_match": 1}}),
    ("переговоры", ("ru",), wq.Term("words_ru", "переговор"), {"term": {"words_ru": "переговор"}}),
    # "la" is a French stop word and an English word: asked for in English, met by any text in French
    ("la paix", ("en", "fr"),
     wq.And([wq.Or([wq.Term("text", "la"), wq.Term("languages", "fr")]),
             wq.Or([wq.Term("text", "paix"), wq.Term("words_fr", "paix")])]),
     must({"bool": {"should": [{"term": {"text": "la"}}, {"terms": {"languages": ["fr"]}}], "minimum_should_match": 1}},
          {"bool": {"should": [{"term": {"text": "paix"}}, {"term": {"words_fr": "paix"}}], "minimum_should_match": 1}})),
    ("la", ("en", "fr"), wq.Term("text", "la"), {"term": {"text": "la"}}),  # alone, it asks for itself
    ("外交基础", ("en", "zh"), wq.And([wq.Term("words_zh", "外交"), wq.Term("words_zh", "基础")]),
     must({"term": {"words_zh": "外交"}}, {"term": {"words_zh": "基础"}})),
    ('「親誠惠容」', ("en", "zh"), pair("exact_text", "亲 诚 惠 容"), {"match_phrase": {"exact_text": "亲 诚 惠 容"}}),
    ("« de la »", ("fr",), pair("exact_text", "de la"), {"match_phrase": {"exact_text": "de la"}}),
    # a Han word is matched among the Han words of every text: kanji, hanja, a name quoted in a French text
    ("周边", ("en", "fr"), wq.Term("words_zh", "周边"), {"term": {"words_zh": "周边"}}),
]


@pytest.mark.parametrize("typed, analyses, whoosh_query, es_query", LANGUAGE_CASES,
                         ids=[case[0] for case in LANGUAGE_CASES])
def test_words_are_matched_in_each_language_searched(typed, analyses, whoosh_query, es_query):
    parsed = parse_query(typed)
    assert whoosh.compile_tree(parsed.tree, analyses=analyses) == whoosh_query
    assert es.compile_tree(parsed.tree, analyses=analyses) == es_query


def test_elasticsearch_request_has_filters_sort_slice_and_facets():
    query = EngineQuery(tree=parse_query('"a world of peace"').tree, values={"speakers": "xi-jinping", "year": 2025},
                        date_from=datetime.date(2025, 1, 1), date_to=datetime.date(2025, 12, 31),
                        newest_first=True, offset=40, limit=20, facets={"kind": 30, "year": 500})
    assert es.request_body(query) == {
        "query": {"bool": {
            "must": [{"match_phrase": {"exact_text": "a world of peace"}}],
            "filter": [{"term": {"speakers": "xi-jinping"}}, {"term": {"year": 2025}},
                       {"range": {"date_end": {"gte": "2025-01-01"}}}, {"range": {"date": {"lte": "2025-12-31"}}}],
        }},
        "from": 40, "size": 20, "track_total_hits": True,
        "stored_fields": "_none_", "docvalue_fields": ["django_id"],
        "sort": [{"date": {"order": "desc", "missing": "_last"}}, {"django_id": {"order": "asc"}}],
        "aggs": {"kind": {"terms": {"field": "kind", "size": 30}}, "year": {"terms": {"field": "year", "size": 500}}},
    }
    assert "sort" not in es.request_body(EngineQuery(tree=None))
    assert "aggs" not in es.request_body(EngineQuery(tree=None))


def test_counting_filters_by_the_query_and_scores_each_distinct_word_and_phrase_once():
    tree = parse_query('"shared future" OR ("shared future" benefit benefits) -war').tree
    body = es.counting_body(EngineQuery(tree=tree, values={"kind": "speech"}, offset=40, limit=20))
    matching = {"bool": {"must": [es.compile_tree(tree)], "filter": [{"term": {"kind": "speech"}}]}}
    assert body == {
        "query": {"bool": {"filter": [matching], "should": [
            {"match_phrase": {"exact_text.counted": {"query": "shared future", "boost": 0.5}}},
            {"term": {"text.counted": "benefit"}},  # "benefits" has the same stem; "war" is excluded
        ]}},
        "track_scores": True, "stored_fields": "_none_", "docvalue_fields": ["django_id"],
    }
    assert es.counting_body(EngineQuery(tree=None))["query"]["bool"]["should"] == []


def test_elasticsearch_mapping_splits_the_terms_it_is_sent(elasticsearch):
    _, mapping = elasticsearch.build_schema(connections["default"].get_unified_index().all_searchfields())
    counted = {"type": "text", "analyzer": "whitespace", "similarity": "archive_occurrences", "norms": False}
    for field in ["text", "words_fr", "words_ru", "words_es", "words_de", "words_ar", "words_zh"]:
        assert mapping.pop(field) == {"type": "text", "analyzer": "whitespace", "fields": {"counted": {
            **counted, "index_options": "freqs"}}}, field
    for field in ["exact_text", "cased_text"]:  # phrases are counted: positions kept
        assert mapping.pop(field) == {"type": "text", "analyzer": "whitespace", "fields": {"counted": counted}}
    for field in ["kind", "language", "venue", "event", "speakers", "regions", "languages", "roles"]:
        assert mapping[field] == {"type": "keyword"}, field
    assert mapping["date"]["type"] == "date" and mapping["year"]["type"] == "long"
    assert elasticsearch.DEFAULT_SETTINGS["settings"]["similarity"]["archive_occurrences"]["type"] == "scripted"


def test_the_cluster_is_sent_the_terms_whoosh_indexes():
    from speeches.search.engines.elasticsearch.analysis import with_terms
    from speeches.search.engines.whoosh.fields import StemmedWords

    text = "we committed to the treaties and the treaty of amity a b committed"
    fields = with_terms({"text": text, "words_fr": "les negociations de paix", "exact_text": text})
    assert fields["text"] == "committ treati treati amiti committ"  # "we", "a", "b" dropped, as Whoosh drops them
    assert fields["exact_text"] == text  # phrases are matched on every token, unstemmed
    whoosh_terms = {term.decode(): count for term, count, _, _ in StemmedWords().index(text)}
    assert Counter(fields["text"].split()) == whoosh_terms
    assert fields["words_fr"] == "le negoci paix"  # as Whoosh indexes it ("de" a stop word)


@pytest.mark.parametrize("recording", ["elasticsearch-7.17", "opensearch-2.11"])
def test_recorded_responses_parse_into_an_engine_result(recording):
    response = json.loads((RECORDED / f"{recording}-search.json").read_text())
    result = parse_response(response)
    assert result.ids == [3, 1]
    assert result.total == 2
    assert result.facets["kind"] == [("speech", 1), ("remarks", 1)]
    assert result.facets["year"] == [(2022, 1), (2025, 1)]


