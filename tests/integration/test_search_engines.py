"""A recorded Elasticsearch response, read back into the archive's own search page from the database."""
import json
from pathlib import Path

from speeches.search import SearchCriteria, search

from tests.factories import make_document, make_person

RECORDED = Path(__file__).resolve().parents[1] / "recorded"


class RecordedConnection:
    """Answers every search with a recorded response and keeps the bodies it was sent."""

    def __init__(self, response):
        self.response, self.bodies = response, []

    def search(self, index, body):
        self.bodies.append(body)
        return self.response


def test_a_recorded_response_becomes_a_search_page(elasticsearch, db, monkeypatch):
    speaker = make_person("Xi Jinping")
    documents = [make_document(title=f"Speech {number}", body="A world of peace and amity.", speakers=[speaker])
                 for number in range(3)]
    response = json.loads((RECORDED / "elasticsearch-7.17-search.json").read_text())
    for hit, document in zip(response["hits"]["hits"], [documents[2], documents[0]]):
        hit["fields"]["django_id"] = [str(document.pk)]
    connection = RecordedConnection(response)
    monkeypatch.setattr(elasticsearch, "conn", connection)
    monkeypatch.setattr(elasticsearch.engine_class, "document_count", lambda self: 3)
    monkeypatch.setattr(elasticsearch.engine_class, "is_complete", lambda self: True)
    page = search(SearchCriteria(q="amity", speaker="xi-jinping"), facets=True)
    assert page.documents == [documents[2], documents[0]] and page.total == 2
    assert "amity" in str(page.hits[0].snippets[0].html)
    assert {facet.name: [(option.value, option.count) for option in facet.options] for facet in page.facets}["kind"] \
        == [("speech", 1), ("remarks", 1)]
    assert page.years == {2022: 1, 2025: 1}
    assert connection.bodies[0]["query"]["bool"]["filter"] == [{"term": {"speakers": "xi-jinping"}}]
