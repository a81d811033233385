"""Faults: the index deleted or damaged while serving, backup and restore (the server killed mid-import:
tests/system/test_faults.py)."""
import io
import json
import shutil
import threading

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from speeches.importers.document_files import export_record
from speeches.models import Document, IndexBacklog
from speeches.search.engines import engine

from tests.factories import make_document, make_person

def check_index():
    out = io.StringIO()
    call_command("check_index", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_deleted_index_gives_a_clear_503_then_recovers(client, search_index):
    document = make_document(body="The amber caravans.")
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text
    shutil.rmtree(search_index)
    response = client.get("/search/", {"q": "amber"})
    assert response.status_code == 503
    assert "Search is unavailable right now" in response.text
    api = client.get("/api/search/", {"q": "amber"})
    assert api.status_code == 503 and "Search is unavailable" in api.json()["detail"]
    assert client.get(document.get_absolute_url()).status_code == 200  # reading still works
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text
    assert check_index() == "The search index matches the database.\n"


@pytest.mark.django_db(transaction=True)
def test_damaged_index_gives_a_clear_503_then_recovers(client, search_index):
    make_document(body="The amber caravans.")
    client.get("/search/", {"q": "amber"})
    for segment_file in search_index.glob("*.seg"):
        segment_file.write_bytes(b"\x00garbage" * 100)
    for toc in search_index.glob("*.toc"):
        toc.write_bytes(b"not a toc")
    response = client.get("/search/", {"q": "amber"})
    assert response.status_code == 503 and "Search is unavailable right now" in response.text
    feed = client.get("/feeds/search/", {"q": "amber"})
    assert feed.status_code == 503 and "Search is unavailable right now" in feed.text
    shutil.rmtree(search_index)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text
    assert check_index() == "The search index matches the database.\n"


# Transactional: restoring flushes tables, which PostgreSQL refuses inside a test's open transaction.
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_lose_nothing(tmp_path, seed_documents, django_user_model):
    make_document(title="A draft", body="Unfinished.", status="draft", speakers=[make_person("Amina Diallo")])
    edited = Document.objects.get(public_id="stx5jr9c")
    edited.body += "\n\nA corrected closing line."
    edited.save()
    django_user_model.objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    before = {document.public_id: export_record(document) for document in Document.objects.all()}
    history_before = Document.history.count()
    backup = tmp_path / "archive.tar.gz"
    backup.write_bytes(b"")
    backup.chmod(0o644)  # an older file in its place does not keep its wider permissions
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    assert backup.stat().st_mode & 0o777 == 0o600  # it holds password hashes

    Document.objects.all().delete()
    django_user_model.objects.all().delete()
    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)
    assert "Restored 6 documents" in out.getvalue()
    assert {document.public_id: export_record(document) for document in Document.objects.all()} == before
    assert Document.history.count() == history_before
    assert django_user_model.objects.filter(username="editor").exists()
    assert Document.objects.get(public_id="stx5jr9c").corrected_at is not None
    assert check_index() == "The search index matches the database.\n"


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"hello")
    with pytest.raises(CommandError, match="is not an archive backup"):
        call_command("restore", str(not_a_backup), "--yes")


def new_worker():
    """Drop every cached backend, as a freshly started server process has none."""
    connections.thread_local = threading.local()


@pytest.mark.django_db(transaction=True)
def test_a_lost_index_is_unavailable_not_empty(client, search_index):
    make_document(body="The amber caravans.")
    shutil.rmtree(search_index)
    new_worker()  # a new worker finds no index folder: Haystack makes an empty index
    response = client.get("/search/", {"q": "amber"})
    assert response.status_code == 503 and "No documents match" not in response.text
    api = client.get("/api/search/", {"q": "amber"})
    assert api.status_code == 503 and "count" not in api.json()
    assert client.get("/api/documents/", {"kind": "speech"}).status_code == 503
    assert client.get("/feeds/search/", {"q": "amber"}).status_code == 503
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text


@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_searcher_broke_serves_again_by_itself(client, search_index):
    make_document(body="The amber caravans.")
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text  # its searcher is kept
    # What the outside test saw after deleting, corrupting and restoring the index: the worker's kept
    # searcher closed while the index looked unchanged, and every search answered ReaderClosed.
    engine().searcher().close()
    assert client.get("/search/", {"q": "amber"}).status_code == 503
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text


def rewritten_backup(backup, path, manifest=None, data=None):
    """Write at ``path`` a copy of ``backup`` with its manifest or data changed by the given functions."""
    import tarfile

    from speeches.backups import add_bytes

    with tarfile.open(backup, "r:gz") as archive:
        old_manifest = json.load(archive.extractfile("manifest.json"))
        old_data = archive.extractfile("data.json").read()
    with tarfile.open(path, "w:gz") as archive:
        add_bytes(archive, "data.json", data(old_data) if data else old_data)
        add_bytes(archive, "manifest.json", json.dumps(manifest(old_manifest) if manifest else old_manifest).encode())
    return path


@pytest.mark.parametrize(("damage", "message"), [
    ({"manifest": lambda m: {key: value for key, value in m.items() if key != "documents"}},
     "its manifest lacks documents"),
    ({"manifest": lambda m: {**m, "published": "5"}}, "its manifest lacks published"),
    ({"manifest": lambda m: [m]}, "its manifest is not an object"),
    ({"data": lambda d: d[: len(d) // 2]}, "its data.json is not JSON"),
    ({"data": lambda d: b'{"model": "speeches.document"}'}, "its data.json is not a list of rows"),
    ({"data": lambda d: d.replace(b'"speeches.region"', b'"speeches.province"')},
     "holds rows of models this archive does not have: speeches.province"),
    ({"manifest": lambda m: {**m, "documents": m["documents"] + 1}}, "its manifest counts 6 documents"),
    ({"data": lambda d: json.dumps([{**row, "fields": {**row["fields"], "shape": "round"}}
                                    if row["model"] == "speeches.region" else row for row in json.loads(d)]).encode()},
     "the backup's rows could not be loaded, so the archive was left as it was"),
])
def test_restore_checks_the_whole_backup_before_emptying_the_archive(tmp_path, seed_documents, damage, message):
    backup = tmp_path / "archive.tar.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    make_document(title="Written after the backup")
    damaged = rewritten_backup(backup, tmp_path / "damaged.tar.gz", **damage)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(damaged), "--yes", stdout=io.StringIO())
    assert Document.objects.count() == 6 and Document.objects.filter(title="Written after the backup").exists()


@pytest.mark.django_db(transaction=True)
def test_a_save_into_a_lost_index_leaves_search_unavailable_until_a_rebuild_completes(client, search_index):
    for number in range(3):
        make_document(title=f"Speech {number}", body="The amber caravans.", kind="speech")
    shutil.rmtree(search_index)
    new_worker()
    edited = make_document(title="A new speech", body="More amber caravans.", kind="speech")
    for url in ("/search/?q=amber", "/api/search/?q=amber", "/api/documents/?kind=speech", "/feeds/search/?q=amber",
                "/search/timeline/?q=amber", "/search/concordance/?q=amber"):
        assert client.get(url).status_code == 503, url
    assert IndexBacklog.objects.filter(document_id=edited.pk).exists()  # the save waits for the rebuild
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert client.get("/api/documents/", {"kind": "speech"}).json()["count"] == 4
    assert "4 documents found" in client.get("/search/", {"q": "amber"}).text


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_that_stops_half_way_leaves_search_unavailable(client, search_index, monkeypatch):
    make_document(body="The amber caravans.")
    call_command("clear_index", interactive=False, verbosity=0)
    connections["default"].get_backend().update(
        connections["default"].get_unified_index().get_index(Document), list(Document.objects.all()))
    assert client.get("/search/", {"q": "amber"}).status_code == 503
    out = io.StringIO()
    call_command("prepare_index", stdout=out)
    assert "its last rebuild did not finish" in out.getvalue()
    assert "1 document found" in client.get("/search/", {"q": "amber"}).text
