"""Fixtures shared by every test: a fresh Whoosh index per test, and the seed documents."""
import os
import threading
import uuid

import pytest
from django.core.management import call_command
from haystack import connections

from archive.settings import search_connection


def fresh_search_connection(tmp_path):
    """A new, empty index for one test: Whoosh in the test's folder, or, when SEARCH_URL names an
    Elasticsearch/OpenSearch cluster (make test-search), a fresh index on that cluster."""
    url = os.environ.get("SEARCH_URL", "")
    if url.startswith(("elasticsearch", "https+elasticsearch")):
        return {**search_connection(url), "INDEX_NAME": f"archive-test-{uuid.uuid4().hex[:12]}"}
    return {"ENGINE": "speeches.search.engines.whoosh.backend.HaystackEngine", "PATH": str(tmp_path / "whoosh"),
            "SILENTLY_FAIL": False}


@pytest.fixture(autouse=True)
def search_index(tmp_path, settings):
    """Point Haystack at a new, empty index for this test.

    Haystack reads HAYSTACK_CONNECTIONS once at import and keeps a backend per thread, so the
    connection info is replaced and every thread's cached backend dropped.
    """
    info = {"default": fresh_search_connection(tmp_path)}
    settings.HAYSTACK_CONNECTIONS = info
    previous_info = connections.connections_info
    connections.connections_info = info
    connections.thread_local = threading.local()
    # As a deployment's is after prepare_index: built by a whole pass (of nothing yet), taking saves.
    connections["default"].get_backend().engine().mark_complete()
    yield tmp_path / "whoosh"
    if "INDEX_NAME" in info["default"]:
        connections["default"].get_backend().clear()
    connections.connections_info = previous_info
    connections.thread_local = threading.local()


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Tests send many requests from one address; the rate-limit tests switch limits back on."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def seed_documents(db):
    """Load the committed seed fixture and index it; return the documents by public id."""
    from speeches.models import Document

    call_command("loaddata", "seed_documents", verbosity=0)
    call_command("update_index", verbosity=0)
    call_command("compare_passages", verbosity=0)
    return {document.public_id: document for document in Document.objects.all()}


@pytest.fixture
def seeded_site(transactional_db, live_server):
    """The live server with the seed documents loaded and indexed; returns its base URL."""
    call_command("loaddata", "seed_documents", verbosity=0)
    call_command("update_index", verbosity=0)
    call_command("compare_passages", verbosity=0)
    return live_server.url
