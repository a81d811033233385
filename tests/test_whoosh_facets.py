"""Facet counts from the cached per-segment tables equal Whoosh's own facet counts."""
import pytest
from haystack import connections
from whoosh.sorting import Count, FieldFacet

from speeches.search import SearchCriteria, search_documents
from speeches.search.whoosh_facets import FacetTables

from .factories import make_document, make_person, make_region

FACET_FIELDS = ("kind", "speakers", "regions", "venue", "event", "language", "year")
QUERIES = [
    SearchCriteria(q="cooperation"),
    SearchCriteria(q='"shared future"'),
    SearchCriteria(q="friendship", sort="newest"),
    SearchCriteria(kind="speech"),
    SearchCriteria(q="nothingmatchesthis"),
]


def whoosh_own_counts(query_string, sort):
    """Count facets the stock way: Whoosh's overlapping FieldFacet on a fresh searcher."""
    backend = connections["default"].get_backend()
    facets = [FieldFacet(name, allow_overlap=True, maptype=Count) for name in FACET_FIELDS]
    with backend.index._index.searcher() as searcher:
        kwargs = {"sortedby": "date", "reverse": True} if sort else {}
        results = searcher.search(backend.parser.parse(query_string), limit=None, groupedby=facets, **kwargs)
        return {name: {value: count for value, count in results.groups(name).items() if value is not None}
                for name in FACET_FIELDS}


def archive_counts(criteria):
    fields = search_documents(criteria).results.facet_counts().get("fields", {})
    return {name: dict(fields.get(name, [])) for name in FACET_FIELDS}


def assert_counts_match_whoosh():
    for criteria in QUERIES:
        results = search_documents(criteria).results
        query_string = results.query.build_query()
        assert archive_counts(criteria) == whoosh_own_counts(query_string, criteria.sort == "newest"), criteria


def test_facet_counts_equal_whoosh_facets(seed_documents):
    assert archive_counts(SearchCriteria(q="cooperation"))["kind"]
    assert_counts_match_whoosh()


@pytest.mark.django_db(transaction=True)
def test_facet_counts_follow_new_segments_and_deletions(seed_documents):
    """Each save adds a segment; the tables read it and forget segments merged away."""
    assert_counts_match_whoosh()
    speaker, region = make_person("Ada Envoy"), make_region("Arctic")
    added = []
    for number in range(6):
        added.append(make_document(title=f"Cooperation note {number}", body="Cooperation and a shared future.",
                                   speakers=[speaker], regions=[region], kind="speech"))
        assert_counts_match_whoosh()
    assert archive_counts(SearchCriteria(q="cooperation"))["speakers"]["ada-envoy"] == 6
    for document in added[:4]:
        document.delete()
    assert_counts_match_whoosh()
    assert archive_counts(SearchCriteria(q="cooperation"))["speakers"]["ada-envoy"] == 2


@pytest.mark.parametrize("criteria", QUERIES[:2])
def test_results_and_hit_counts_are_unchanged(seed_documents, criteria):
    """The faceted path returns the same hits, in the same order, as a search without facets."""
    faceted = search_documents(criteria).results
    plain = faceted._clone()
    plain.query.facets = {}
    assert [hit.pk for hit in faceted[:20]] == [hit.pk for hit in plain[:20]]
    assert faceted.count() == plain.count()


@pytest.mark.django_db(transaction=True)
def test_counts_over_most_documents_subtract_the_others_from_the_totals(seed_documents, monkeypatch):
    subtracted = []
    totals = FacetTables.totals
    monkeypatch.setattr(FacetTables, "totals", lambda self, *args: subtracted.append(args[1]) or totals(self, *args))
    added = [make_document(title=f"Cooperation {number}", body="Cooperation.", kind="speech") for number in range(8)]
    added[0].delete()
    assert search_documents(SearchCriteria(q="cooperation")).results.count() * 2 > len(added) + len(seed_documents)
    assert_counts_match_whoosh()
    assert set(subtracted) >= set(FACET_FIELDS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("criteria", [SearchCriteria(q="cooperation"), SearchCriteria(q="cooperation", sort="newest")])
def test_one_word_pages_rank_and_count_as_a_search_without_facets(criteria):
    """One word by relevance takes Whoosh's skipping path; its pages must not change."""
    for number in range(45):
        make_document(title=f"Note {number}", body="Cooperation. " * (number % 7 + 1) + "Filler words. " * (number % 5),
                      kind="speech" if number % 3 else "article")
    faceted = search_documents(criteria).results
    plain = faceted._clone()
    plain.query.facets = {}
    for page in (slice(0, 20), slice(20, 40), slice(40, 60)):
        assert [hit.pk for hit in faceted[page]] == [hit.pk for hit in plain[page]]
    assert faceted.count() == plain.count() == 45
    assert archive_counts(criteria)["kind"] == {"speech": 30, "article": 15}
