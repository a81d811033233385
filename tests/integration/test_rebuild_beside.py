"""A rebuild on OpenSearch writes a new index beside the serving one and moves the alias to it when done:
readers get whole answers throughout, a save made meanwhile reaches the new index, and a rebuild that
fails leaves the old index serving."""
import io
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from speeches.models import IndexBacklog
from speeches.search import rebuild_index
from speeches.search.engines import engine_of
from speeches.search.engines.opensearch.backend import REBUILDING, ArchiveOpenSearchBackend

from tests.conftest import empty_cluster_index, fresh_search_connection, search_connection_info
from tests.factories import make_document

pytestmark = [pytest.mark.opensearch, pytest.mark.django_db(transaction=True)]


def found(word):
    answer = Client().get("/api/search/", {"q": word})
    assert answer.status_code == 200, answer.content
    return answer.json()["count"]


def indexes_behind(backend):
    """The indexes the archive's index name reaches (itself, when it is an index and not an alias)."""
    return sorted(backend.conn.indices.get_alias(index=backend.alias))


@pytest.fixture
def cluster_archive(opensearch_cluster):
    live = {"default": fresh_search_connection(None, opensearch_cluster)}
    with search_connection_info(live, settings) as backend:
        empty_cluster_index(backend)
        engine_of(backend).mark_complete()
        yield backend


def in_another_thread(work):
    """Run ``work`` as another request would: its own thread, backend and database connection."""
    def run():
        try:
            work()
        finally:
            connection.close()
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_readers_are_answered_from_the_old_index_until_the_new_one_takes_over(cluster_archive):
    make_document(body="The amber caravans.")
    before = indexes_behind(cluster_archive)
    during = {}

    def read_and_save_meanwhile():
        during["amber"], during["backlog"] = found("amber"), None
        make_document(body="The saffron caravans.")  # written to the serving index, and owed to the new one
        during["saffron"], during["backlog"] = found("saffron"), IndexBacklog.objects.count()

    real_update = ArchiveOpenSearchBackend.update

    def update_then_serve_a_reader(backend, index, iterable, commit=True):
        real_update(backend, index, iterable, commit)
        if backend.index_name != backend.alias and not during:  # the rebuild's first batch
            in_another_thread(read_and_save_meanwhile)

    with mock.patch.object(ArchiveOpenSearchBackend, "update", update_then_serve_a_reader):
        rebuild_index(verbosity=0)

    assert during == {"amber": 1, "saffron": 1, "backlog": 1}
    after = indexes_behind(cluster_archive)
    assert len(after) == 1 and after != before  # a new index; the old one is gone
    assert before[0] not in cluster_archive.conn.indices.get_alias()  # every index the cluster holds
    assert (found("amber"), found("saffron")) == (1, 1)
    assert not IndexBacklog.objects.exists()
    assert not cluster_archive.conn.indices.exists_alias(name=REBUILDING.format(alias=cluster_archive.alias))

    rebuild_index(verbosity=0)  # from an alias to the next index
    assert indexes_behind(cluster_archive) not in (before, after)
    assert (found("amber"), found("saffron")) == (1, 1)


def test_a_rebuild_that_fails_leaves_the_old_index_serving(cluster_archive):
    make_document(body="The amber caravans.")
    before = indexes_behind(cluster_archive)

    with mock.patch.object(ArchiveOpenSearchBackend, "update", side_effect=RuntimeError("disk full")), \
            pytest.raises(RuntimeError):
        rebuild_index(verbosity=0, max_retries=1)  # update_index's retries wait 2 + 4 + 8 + 16 s between tries

    assert indexes_behind(cluster_archive) == before
    assert found("amber") == 1
    marker = REBUILDING.format(alias=cluster_archive.alias)
    assert not cluster_archive.conn.indices.exists_alias(name=marker)  # the half-written index is dropped
    make_document(body="The saffron caravans.")  # saves are written, not held for a rebuild that failed
    assert found("saffron") == 1 and not IndexBacklog.objects.exists()


def test_an_index_written_without_the_counted_fields_is_rebuilt_before_it_serves(cluster_archive):
    make_document(body="The amber caravans.")
    engine = engine_of(cluster_archive)
    assert engine.schema_matches()
    older = cluster_archive.conn.indices.get_alias(index=cluster_archive.alias)
    cluster_archive.conn.indices.delete(index=",".join(older))
    cluster_archive.conn.indices.create(index=cluster_archive.alias, body={"mappings": {
        "_meta": {"archive_complete": True}, "properties": {"exact_text": {"type": "text", "analyzer": "whitespace"}}}})
    assert not engine.schema_matches()
    prepared = io.StringIO()
    call_command("prepare_index", stdout=prepared)
    assert "written by another version" in prepared.getvalue()
    assert engine.schema_matches() and found("amber") == 1
