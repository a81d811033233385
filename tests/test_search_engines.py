"""The query module's output on each engine: the same query language, the same normalised fields.

No Elasticsearch or OpenSearch server runs on these machines, so for that engine the tests assert the
exact request Haystack would send; the Whoosh assertions are checked against a real index elsewhere.
"""
import datetime
import threading

import pytest
from haystack import connections
from whoosh import query as whoosh_query

from speeches.search import SearchCriteria, search_documents
from speeches.search.whoosh_phrases import PairedPhrase

ELASTICSEARCH = {
    "ENGINE": "speeches.search.elasticsearch.Elasticsearch7Engine",
    # Nothing listens here: building a request must never contact the server.
    "URL": "http://127.0.0.1:9/",
    "INDEX_NAME": "archive-test",
}


@pytest.fixture
def elasticsearch(settings):
    info = {"default": ELASTICSEARCH}
    settings.HAYSTACK_CONNECTIONS = info
    connections.connections_info = info
    connections.thread_local = threading.local()
    return connections["default"].get_backend()


def query_string(**criteria):
    return search_documents(SearchCriteria(**criteria)).results.query.build_query()


def request_body(backend, **criteria):
    query = search_documents(SearchCriteria(**criteria)).results.query
    return backend.build_search_kwargs(query.build_query(), **query.build_params())


# Query-language feature -> the query string both engines receive (Haystack's common syntax).
QUERY_STRINGS = [
    ({"q": '"a world of friendship is a world of peace"'},
     'exact_text:("a world of friendship is a world of peace")'),
    ({"q": "“People’s Republic—of China”"}, 'exact_text:("peoples republic of china")'),
    ({"q": '"3,300 km of U.S. road"'}, 'exact_text:("3300 km of us road")'),
    ({"q": "Trees blooming"}, "(text:(trees) AND text:(blooming))"),
    ({"q": "shoulder-to-shoulder"}, 'exact_text:("shoulder to shoulder")'),
    ({"q": "amity OR pomegranate"}, "(text:(amity) OR text:(pomegranate))"),
    ({"q": 'amity -"Central Asia"'}, '(text:(amity) AND NOT (exact_text:("central asia")))'),
    ({"q": "-Kazakhstan"}, '(django_ct:("speeches.document") AND NOT (text:(kazakhstan)))'),
    ({"q": '"Café" case:on'}, 'cased_text:("Café")'),
    ({"q": "amity", "speaker": "xi-jinping", "region": "central-asia"},
     '(text:(amity) AND speakers:("xi-jinping") AND regions:("central-asia"))'),
    ({"q": "amity", "kind": "speech", "lang": "en", "venue": "astana", "event": "2nd-summit"},
     '(text:(amity) AND venue:("astana") AND event:("2nd-summit") AND kind:("speech") AND language:("en"))'),
]


@pytest.mark.parametrize("criteria, expected", QUERY_STRINGS, ids=[str(c) for c, _ in QUERY_STRINGS])
def test_whoosh_query_strings(criteria, expected, db):
    assert query_string(**criteria) == expected


@pytest.mark.parametrize("criteria, expected", QUERY_STRINGS, ids=[str(c) for c, _ in QUERY_STRINGS])
def test_elasticsearch_query_strings(elasticsearch, criteria, expected, db):
    assert query_string(**criteria) == expected


def test_whoosh_reads_a_quote_as_one_unstemmed_phrase_with_its_stop_words(db):
    backend = connections["default"].get_backend()
    backend.setup()
    parsed = backend.parser.parse(query_string(q='"a world of friendship is a world of peace"'))
    # Searched through word pairs (speeches.search.whoosh_phrases), matching exactly what Phrase matches.
    assert parsed == PairedPhrase("exact_text", "a world of friendship is a world of peace".split(), "word_pairs")
    assert backend.parser.parse(query_string(q="trees")) == whoosh_query.Term("text", "tree")


def test_elasticsearch_mapping_gives_exact_fields_whitespace_and_filters_keywords(elasticsearch):
    _, mapping = elasticsearch.build_schema(connections["default"].get_unified_index().all_searchfields())
    assert mapping["text"] == {"type": "text", "analyzer": "snowball"}
    assert mapping["exact_text"] == {"type": "text", "analyzer": "whitespace"}
    assert mapping["cased_text"] == {"type": "text", "analyzer": "whitespace"}
    for field in ["kind", "language", "venue", "event", "speakers", "regions"]:
        assert mapping[field] == {"type": "keyword"}, field
    assert mapping["date"]["type"] == "date" and mapping["year"]["type"] == "long"


def test_elasticsearch_request_has_filters_sort_and_facets(elasticsearch, db):
    body = request_body(elasticsearch, q='"a world of peace"', date_from=datetime.date(2025, 1, 1),
                        date_to=datetime.date(2025, 12, 31), sort="newest")
    assert body["query"]["query_string"] == {
        "default_field": "text",
        "default_operator": "AND",
        "query": '(exact_text:("a world of peace") AND date_end:(["2025-01-01T00:00:00" TO *])'
                 ' AND date:([* TO "2025-12-31T00:00:00"]))',
        "analyze_wildcard": True,
        "fuzziness": "AUTO",
    }
    assert body["sort"] == [{"date": {"order": "desc"}}]
    assert {name: aggregation["terms"] for name, aggregation in body["aggs"].items()} == {
        "kind": {"field": "kind", "size": 30},
        "speakers": {"field": "speakers", "size": 30},
        "regions": {"field": "regions", "size": 30},
        "venue": {"field": "venue", "size": 30},
        "event": {"field": "event", "size": 30},
        "language": {"field": "language", "size": 30},
        "year": {"field": "year", "size": 500},
    }
