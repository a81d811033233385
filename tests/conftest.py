"""Fixtures of the integration and system layers: a fresh search index per test, and the seed documents.

The unit layer uses none of them (no database, no index). ``search_index`` is switched on for every
test of tests/integration/ and tests/system/ by their own conftest. A test module that lists
``ENGINES = ["whoosh", "opensearch"]`` runs each of its tests on both engines (tests/integration/conftest.py);
the OpenSearch cluster they share is started by the first worker that needs it and stopped when the
whole run ends."""
import fcntl
import os
import shutil
import subprocess
import sys
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings
from haystack import connections

from archive.settings import search_connection
from speeches.search.engines import engine_of

ELASTICSEARCH_SCHEMES = ("elasticsearch", "https+elasticsearch", "opensearch", "https+opensearch")
WHOOSH_ENGINE = "speeches.search.engines.whoosh.backend.HaystackEngine"

# The suite's own OpenSearch cluster: other ports and folder than `make opensearch`'s, so a developer's
# cluster and its indexes are never touched. TEST_OPENSEARCH_PORTS moves it.
LAUNCHER = Path(django_settings.BASE_DIR) / "speeches" / "search" / "engines" / "opensearch" / "cluster"
TEST_CLUSTER_DIR = Path(django_settings.BASE_DIR) / "var" / "test-opensearch"
TEST_CLUSTER_PORTS = os.environ.get("TEST_OPENSEARCH_PORTS", "9211,9212,9213")
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
DROPPED_THIS_SESSION = set()  # the cluster indexes this process has dropped once (``empty_cluster_index``)
TEST_CLUSTER_ENVIRON = {"ARCHIVE_DATA_DIR": str(TEST_CLUSTER_DIR), "OPENSEARCH_HTTP_PORTS": TEST_CLUSTER_PORTS,
                        "OPENSEARCH_CLUSTER_NAME": "archive-test"}


class SeedArchive(NamedTuple):
    """The seeds as `make data` leaves an archive: every row of the app, and their Whoosh index."""
    rows: dict  # {model: [{field: value}]}
    index: Path | None

    def load(self):
        """Insert the rows as ``loaddata`` does: raw, keeping their primary keys and dates (no ``auto_now``)
        and sending no signals; then reset the sequences after them (PostgreSQL's; SQLite's follow)."""
        with transaction.atomic():  # foreign keys are checked at the end, whatever the models' order
            for model, rows in self.rows.items():
                fields = [field for field in model._meta.local_concrete_fields if not field.generated]
                objects = [model(**row) for row in rows]
                size = connection.ops.bulk_batch_size(fields, objects)
                for start in range(0, len(objects), size):
                    model._base_manager._insert(objects[start:start + size], fields=fields, raw=True)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                    cursor.execute(statement)


def fresh_search_connection(path, cluster_url=None):
    """A new, empty index: Whoosh in ``path``, or a fresh index on the cluster ``cluster_url`` (else the
    one SEARCH_URL names, make test-search)."""
    url = cluster_url or os.environ.get("SEARCH_URL", "")
    if url.startswith(ELASTICSEARCH_SCHEMES):
        # One index a worker, emptied for each test (``empty_cluster_index``), with no replica: making and
        # dropping an index for each test took a second on three nodes (a test of failover asks for a replica).
        return {**search_connection(url), "INDEX_NAME": f"archive-test-{WORKER}", "REPLICAS": 0}
    return {"ENGINE": WHOOSH_ENGINE, "PATH": str(path), "SILENTLY_FAIL": False}


def empty_cluster_index(backend):
    """Empty the worker's index on a cluster; drop it the first time in a session, as the code's mapping
    may have changed since the index was made."""
    from speeches.models import Document

    if backend.index_name not in DROPPED_THIS_SESSION:
        backend.clear()
        DROPPED_THIS_SESSION.add(backend.index_name)
    elif backend.conn.indices.exists(index=backend.index_name):
        backend.clear(models=[Document])


def run_test_cluster(command):
    """Run the cluster launcher (start, stop) on the suite's own cluster; fail the run with its output."""
    result = subprocess.run([sys.executable, str(LAUNCHER), command], env={**os.environ, **TEST_CLUSTER_ENVIRON},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def opensearch_cluster():
    """Return the SEARCH_URL of the suite's OpenSearch cluster, started by the first worker that asks
    (the others wait on the lock; a cluster left running is reused). ``pytest_sessionfinish`` stops it."""
    TEST_CLUSTER_DIR.mkdir(parents=True, exist_ok=True)
    with open(TEST_CLUSTER_DIR / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run_test_cluster("start")
    hosts = ",".join(f"127.0.0.1:{port}" for port in TEST_CLUSTER_PORTS.split(","))
    return f"opensearch://{hosts}/archive-test"


def pytest_sessionfinish(session):
    """The run is over (in the controller under pytest-xdist, after every worker): stop the suite's cluster."""
    if not hasattr(session.config, "workerinput") and any(TEST_CLUSTER_DIR.glob("opensearch/node-*.pid")):
        run_test_cluster("stop")


@pytest.fixture
def search_engine(request):
    """The engine a test searches: "whoosh", or "opensearch" where its module asks for both."""
    return getattr(request, "param", "whoosh")


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
def search_index(tmp_path, settings, search_engine, request):
    """Point Haystack at a new, empty index for this test; return its folder (Whoosh)."""
    cluster_url = request.getfixturevalue("opensearch_cluster") if search_engine == "opensearch" else None
    info = {"default": fresh_search_connection(tmp_path / "whoosh", cluster_url)}
    with search_connection_info(info, settings) as backend:
        if "INDEX_NAME" in info["default"]:
            empty_cluster_index(backend)
        # As a deployment's is after prepare_index: built by a whole pass (of nothing yet), taking saves.
        engine_of(backend).mark_complete()
        yield tmp_path / "whoosh"


@pytest.fixture
def elasticsearch(settings):
    """Haystack pointed at an Elasticsearch backend with nothing listening: building a request must
    never contact the server."""
    info = {"default": {"ENGINE": "speeches.search.engines.elasticsearch.backend.HaystackEngine",
                        "URL": "http://127.0.0.1:9/", "INDEX_NAME": "archive-test"}}
    with search_connection_info(info, settings) as backend:
        yield backend


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Hash the tests' passwords with MD5: the default hasher's million rounds took half a second for
    each user a test makes (https://docs.djangoproject.com/en/5.2/topics/testing/overview/#password-hashing)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def import_uploads(tmp_path_factory):
    """Keep the admin's import uploads in the session's temporary folder (each worker's own under
    pytest-xdist), out of the data folder the developer's archive uses."""
    from speeches.admin import uploads

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uploads, "IMPORT_UPLOADS", tmp_path_factory.mktemp("imports"))
        yield uploads.IMPORT_UPLOADS


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Tests send many requests from one address; the rate-limit tests switch limits back on, and each
    starts with no count of its own: the cache (which holds them) is emptied after every test."""
    settings.RATELIMIT_ENABLE = False
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Forget the content types this process cached: flushing a transactional test's database makes
    them again under new ids, and an admin log entry written with a cached old one pointed at nothing
    (django_admin_log.content_type_id 21, seen under pytest-xdist after the live-server schema test)."""
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def sources_folder(settings, tmp_path):
    """Keep each test's source files (speeches/sources) in a folder of its own; return the folder."""
    settings.STORAGES = {**settings.STORAGES, "sources": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "sources"}}}
    return tmp_path / "sources"


@pytest.fixture(scope="session")
def seed_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """Return the seeds as ``make data`` leaves an archive, made once per session (once per worker
    under pytest-xdist, in its own temporary folder): the seed fixture loaded, its passages compared,
    its speakers' keywords found, and its Whoosh index written by ``update_index`` (5 s of the seeds' 6; None on a cluster, make
    test-search).

    They are made in a transaction that is rolled back, keeping a copy of every row: the database stays
    empty, and each test that asks for the seeds inserts the rows itself (with their primary keys, which
    the index holds) and searches its own copy of this index. Inserting the rows takes each such test a
    few hundredths of a second; loading the fixture and comparing its passages took it a fifth.
    """
    index = tmp_path_factory.mktemp("seed-index") / "whoosh"
    if os.environ.get("SEARCH_URL", "").startswith(ELASTICSEARCH_SCHEMES):
        index = None
    models = apps.get_app_config("speeches").get_models(include_auto_created=True)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "seed_documents", verbosity=0)
        call_command("compare_passages", verbosity=0)
        call_command("find_keywords", verbosity=0)
        # The rows as loading leaves them, before indexing empties the backlog of documents to index.
        rows = {model: list(model._base_manager.order_by("pk").values()) for model in models}
        if index is not None:
            with search_connection_info({"default": fresh_search_connection(index)}, django_settings):
                call_command("update_index", verbosity=0)
        transaction.set_rollback(True)
    return SeedArchive({model: model_rows for model, model_rows in rows.items() if model_rows}, index)


def load_seed_documents(search_index, seed_archive):
    """Insert the seeds' rows (their passages compared) into the database and copy their index into the
    test's own, as `make data` leaves an archive."""
    seed_archive.load()
    if seed_archive.index is None or django_settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] != WHOOSH_ENGINE:
        call_command("update_index", verbosity=0)
    else:
        shutil.rmtree(search_index)
        shutil.copytree(seed_archive.index, search_index)
        forget_search_backends()


@pytest.fixture
def seed_documents(db, search_index, seed_archive):
    """Load the committed seed fixture and index it; return the documents by public id."""
    from speeches.models import Document

    load_seed_documents(search_index, seed_archive)
    return {document.public_id: document for document in Document.objects.all()}


@pytest.fixture
def seeded_site(transactional_db, search_index, seed_archive, live_server):
    """The live server with the seed documents loaded and indexed; returns its base URL."""
    load_seed_documents(search_index, seed_archive)
    return live_server.url


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback that the archive's mail goes to; yields its ``Mailbox``."""
    from tests.smtp import run_smtp_server

    controller, mailbox, port = run_smtp_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


@pytest.fixture(scope="session")
def s3_server():
    """A real S3 API on loopback (moto's server mode), one a session (a worker's, under pytest-xdist);
    yields its ``S3Server``."""
    from tests.s3 import run_s3_server

    server = run_s3_server()
    yield server
    server.moto.stop()


@pytest.fixture
def sources_bucket(s3_server, settings, monkeypatch):
    """Keep this test's source files in a new bucket on ``s3_server``, set as a deployment sets it (the
    SOURCES_S3_* settings, the credentials in the environment); return the bucket's boto3 ``Bucket``."""
    import boto3

    from archive.settings import sources_storage_settings

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "archive-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "archive-test-secret")
    name = f"archive-sources-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {**settings.STORAGES, "sources": sources_storage_settings({
        "SOURCES_S3_BUCKET": name, "SOURCES_S3_ENDPOINT_URL": s3_server.url, "SOURCES_S3_REGION": "us-east-1"})}
    bucket = boto3.resource("s3", endpoint_url=s3_server.url, region_name="us-east-1").Bucket(name)
    bucket.create()
    s3_server.forget()
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()
