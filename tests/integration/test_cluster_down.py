"""The whole search cluster down: every search surface answers 503 with a clear message, pages are still
read, editors' saves go through and wait in the index backlog, and reach the cluster when it is back."""
import socket

import pytest
from django.conf import settings
from django.utils import timezone

from archive.settings import search_connection
from speeches.models import IndexBacklog
from speeches.search import catch_up_index
from speeches.search.engines import engine_of
from speeches.search.index.backlog import LEFT_BEHIND

from tests.conftest import empty_cluster_index, fresh_search_connection, search_connection_info
from tests.factories import make_document

pytestmark = [pytest.mark.opensearch, pytest.mark.django_db(transaction=True)]

QUERY = {"q": "amber"}
COMPARED = {"q": ["amber", "umber"]}
SEARCH_SURFACES = [("/search/", QUERY), ("/search/timeline/", QUERY), ("/search/timeline/", COMPARED),
                   ("/search/concordance/", QUERY), ("/search/export/", {**QUERY, "format": "csv"}),
                   ("/feeds/search/", QUERY), ("/api/search/", QUERY), ("/api/search/timeline/", COMPARED),
                   ("/api/documents/", {"kind": "speech"})]


def unused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def found(client, word):
    return client.get("/api/search/", {"q": word}).json()["count"]


def test_a_cluster_down_answers_503_everywhere_keeps_saves_and_replays_them_when_back(client, opensearch_cluster):
    live = {"default": fresh_search_connection(None, opensearch_cluster)}
    with search_connection_info(live, settings) as backend:
        empty_cluster_index(backend)
        engine_of(backend).mark_complete()
        document = make_document(body="The amber caravans.")
        assert found(client, "amber") == 1

    down = {"default": {**search_connection(f"opensearch://127.0.0.1:{unused_port()}/archive"),
                        "INDEX_NAME": live["default"]["INDEX_NAME"]}}
    with search_connection_info(down, settings):
        for surface, params in SEARCH_SURFACES:
            answer = client.get(surface, params)
            assert answer.status_code == 503, surface
            assert "unavailable" in answer.content.decode(), surface
        assert client.get(document.get_absolute_url()).status_code == 200  # reading needs no engine
        document.body = "The saffron caravans."
        document.save()  # indexing fails after the commit; the save stands
        assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [document.pk]

    with search_connection_info(live, settings):
        assert (found(client, "saffron"), found(client, "amber")) == (0, 1)  # the cluster as it was left
        make_document(body="The cobalt caravans.")  # saved within a minute: no replay yet
        assert (found(client, "saffron"), found(client, "cobalt")) == (0, 1)
        IndexBacklog.objects.update(queued_at=timezone.now() - LEFT_BEHIND)
        make_document(body="The umber caravans.")  # the first save after a minute replays the backlog
        assert (found(client, "saffron"), found(client, "amber"), found(client, "umber")) == (1, 0, 1)
        assert not IndexBacklog.objects.exists()


def test_catch_up_index_replays_the_backlog_at_once(client, opensearch_cluster):
    live = {"default": fresh_search_connection(None, opensearch_cluster)}
    with search_connection_info(live, settings) as backend:
        empty_cluster_index(backend)
        engine_of(backend).mark_complete()
        make_document(body="The saffron caravans.")  # an index holding nothing would be a lost one
        document = make_document(body="The amber caravans.")
        backend.remove(f"speeches.document.{document.pk}")  # its write lost, its backlog row kept:
        IndexBacklog.objects.create(document_id=document.pk)
        assert found(client, "amber") == 0
        assert catch_up_index() == 1
        assert found(client, "amber") == 1
        assert not IndexBacklog.objects.exists()
