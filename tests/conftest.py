"""Fixtures of the integration and system layers: a fresh search index per test, and the seed documents.

The unit layer uses none of them (no database, no index). ``search_index`` is switched on for every
test of tests/integration/ and tests/system/ by their own conftest."""
import os
import shutil
import threading
import uuid
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from haystack import connections

from archive.settings import search_connection

ELASTICSEARCH_SCHEMES = ("elasticsearch", "https+elasticsearch")


def fresh_search_connection(path):
    """A new, empty index: Whoosh in ``path``, or, when SEARCH_URL names an Elasticsearch/OpenSearch
    cluster (make test-search), a fresh index on that cluster."""
    url = os.environ.get("SEARCH_URL", "")
    if url.startswith(ELASTICSEARCH_SCHEMES):
        return {**search_connection(url), "INDEX_NAME": f"archive-test-{uuid.uuid4().hex[:12]}"}
    return {"ENGINE": "speeches.search.engines.whoosh.backend.HaystackEngine", "PATH": str(path),
            "SILENTLY_FAIL": False}


def forget_search_backends():
    """Drop every thread's cached backend: Haystack keeps one per thread, holding its open index."""
    connections.thread_local = threading.local()


@contextmanager
def search_connection_info(info, settings):
    """Point Haystack at ``info`` within the block.

    Haystack reads HAYSTACK_CONNECTIONS once at import, so the connection info is replaced (and the
    setting, for code that reads it) and every thread's cached backend dropped, on the way in and out.
    """
    previous_info, previous_setting = connections.connections_info, settings.HAYSTACK_CONNECTIONS
    settings.HAYSTACK_CONNECTIONS = connections.connections_info = info
    forget_search_backends()
    try:
        yield connections["default"].get_backend()
    finally:
        settings.HAYSTACK_CONNECTIONS, connections.connections_info = previous_setting, previous_info
        forget_search_backends()


@pytest.fixture
def search_index(tmp_path, settings):
    """Point Haystack at a new, empty index for this test; return its folder (Whoosh)."""
    info = {"default": fresh_search_connection(tmp_path / "whoosh")}
    with search_connection_info(info, settings) as backend:
        # As a deployment's is after prepare_index: built by a whole pass (of nothing yet), taking saves.
        backend.engine().mark_complete()
        yield tmp_path / "whoosh"
        if "INDEX_NAME" in info["default"]:
            backend.clear()


@pytest.fixture
def elasticsearch(settings):
    """Haystack pointed at an Elasticsearch backend with nothing listening: building a request must
    never contact the server."""
    info = {"default": {"ENGINE": "speeches.search.engines.elasticsearch.backend.HaystackEngine",
                        "URL": "http://127.0.0.1:9/", "INDEX_NAME": "archive-test"}}
    with search_connection_info(info, settings) as backend:
        yield backend


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Tests send many requests from one address; the rate-limit tests switch limits back on."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture(scope="session")
def seed_index(django_db_setup, django_db_blocker, tmp_path_factory):
    """Return the folder of a Whoosh index of the seed fixture, written once per session by
    ``update_index`` (5 s of the seeds' 6), or None on a cluster (make test-search).

    The seeds are loaded in a transaction that is rolled back: the database stays empty, and each
    test that asks for the seeds loads them itself (``loaddata`` keeps the fixture's primary keys,
    which the index holds) and searches its own copy of this index.
    """
    if os.environ.get("SEARCH_URL", "").startswith(ELASTICSEARCH_SCHEMES):
        return None
    path = tmp_path_factory.mktemp("seed-index") / "whoosh"
    with django_db_blocker.unblock(), transaction.atomic():
        with search_connection_info({"default": fresh_search_connection(path)}, django_settings):
            call_command("loaddata", "seed_documents", verbosity=0)
            call_command("update_index", verbosity=0)
        transaction.set_rollback(True)
    return path


def load_seed_documents(search_index, seed_index):
    """Load the committed seed fixture into the database and its index into the test's own index, and
    compare their passages, as `make data` leaves an archive."""
    call_command("loaddata", "seed_documents", verbosity=0)
    if seed_index is None:
        call_command("update_index", verbosity=0)
    else:
        shutil.rmtree(search_index)
        shutil.copytree(seed_index, search_index)
        forget_search_backends()
    call_command("compare_passages", verbosity=0)


@pytest.fixture
def seed_documents(db, search_index, seed_index):
    """Load the committed seed fixture and index it; return the documents by public id."""
    from speeches.models import Document

    load_seed_documents(search_index, seed_index)
    return {document.public_id: document for document in Document.objects.all()}


@pytest.fixture
def seeded_site(transactional_db, search_index, seed_index, live_server):
    """The live server with the seed documents loaded and indexed; returns its base URL."""
    load_seed_documents(search_index, seed_index)
    return live_server.url
