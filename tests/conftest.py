"""Fixtures shared by every test: a fresh Whoosh index per test, and the seed documents."""
import threading

import pytest
from django.core.management import call_command
from haystack import connections


@pytest.fixture(autouse=True)
def search_index(tmp_path, settings):
    """Point Haystack at a new, empty Whoosh index in this test's temporary folder.

    Haystack reads HAYSTACK_CONNECTIONS once at import and keeps a backend per thread, so the
    connection info is replaced and every thread's cached backend dropped.
    """
    info = {
        "default": {
            "ENGINE": "speeches.search.backends.WhooshEngine",
            "PATH": str(tmp_path / "whoosh"),
        }
    }
    settings.HAYSTACK_CONNECTIONS = info
    previous_info = connections.connections_info
    connections.connections_info = info
    connections.thread_local = threading.local()
    yield tmp_path / "whoosh"
    connections.connections_info = previous_info
    connections.thread_local = threading.local()


@pytest.fixture
def seed_documents(db):
    """Load the committed seed fixture and index it; return the documents by public id."""
    from speeches.models import Document

    call_command("loaddata", "seed_documents", verbosity=0)
    call_command("update_index", verbosity=0)
    return {document.public_id: document for document in Document.objects.all()}
