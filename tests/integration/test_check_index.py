import io
import shutil
import sys
import threading
import types

import pytest
from django.core.management import CommandError, call_command
from haystack import connections
from whoosh import fields, index
from whoosh.codec.whoosh3 import W3Codec

from speeches.models import Document
from speeches.search.engines import engine
from speeches.search.index.sync import document_index

from tests.factories import make_document


def check_index(*args):
    out = io.StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_check_index_reports_every_kind_of_difference_and_fix_repairs_them():
    kept = make_document(body="Kept in step.")
    dropped = make_document(body="Dropped from the index behind our back.")
    draft = make_document(body="A draft that leaked.", status="draft")
    edited = make_document(body="Original words.")
    assert check_index() == "The search index matches the database.\n"

    backend = connections["default"].get_backend()
    backend.remove(f"speeches.document.{dropped.pk}")
    backend.update(document_index(), [draft])  # behind the index queryset's back
    Document.objects.filter(pk=edited.pk).update(body="Changed words.", paragraphs=[{"anchor": "p-1", "text": "Changed words."}])

    with pytest.raises(CommandError, match="differs from the database"):
        check_index()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", stdout=out)
    report = out.getvalue()
    assert f"1 document(s) published but not in the index: ids {dropped.pk}" in report
    assert f"1 document(s) in the index but not published: ids {draft.pk}" in report
    assert f"1 document(s) indexed text differs from the database: ids {edited.pk}" in report

    assert "Repaired: the search index now matches the database." in check_index("--fix")
    assert check_index() == "The search index matches the database.\n"
    assert kept.pk not in {dropped.pk, draft.pk, edited.pk}


def prepare_index():
    out = io.StringIO()
    call_command("prepare_index", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_prepare_index_rebuilds_only_what_needs_it(search_index):
    make_document(body="The amber caravans.")
    make_document(body="The amber harbour.")
    backend = connections["default"].get_backend()
    version = engine().version()
    assert prepare_index() == "The search index is ready.\n"
    assert engine().version() == version  # nothing written: a start serves at once

    backend.remove(f"speeches.document.{Document.objects.first().pk}")  # a document lost behind its back
    assert prepare_index() == "Repaired 1 document(s) in the search index.\n"
    assert check_index() == "The search index matches the database.\n"

    backend.clear()
    assert prepare_index().startswith("Rebuilding the search index: it is missing, or its last rebuild did not finish.")
    assert check_index() == "The search index matches the database.\n"


@pytest.mark.django_db(transaction=True)
def test_prepare_index_rebuilds_an_index_written_with_other_fields(search_index):
    make_document(body="The amber caravans.")
    shutil.rmtree(search_index)
    search_index.mkdir()
    old = index.create_in(str(search_index), fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT()))
    with old.writer() as writer:
        writer.add_document(id="speeches.document.1", text="amber")
    connections.thread_local = threading.local()  # a new process opens the index an older version wrote
    assert "it was written by another version, with other fields or format" in prepare_index()
    assert check_index() == "The search index matches the database.\n"


@pytest.mark.django_db(transaction=True)
def test_prepare_index_rebuilds_an_index_whose_codec_no_longer_exists(search_index, monkeypatch):
    """Segments name the codec class that wrote them; an index written before it moved is unreadable."""
    make_document(body="The amber caravans.")
    moved = types.ModuleType("speeches.search.whoosh_codec")  # where the codec lived before
    moved.ArchiveCodec = type("ArchiveCodec", (W3Codec,), {"__module__": moved.__name__})
    monkeypatch.setitem(sys.modules, moved.__name__, moved)
    shutil.rmtree(search_index)
    search_index.mkdir()
    old = index.create_in(str(search_index), connections["default"].get_backend().schema)
    with old.writer(codec=moved.ArchiveCodec()) as writer:
        writer.add_document(id="speeches.document.1", django_id="1", text="amber")
    monkeypatch.delitem(sys.modules, moved.__name__)
    connections.thread_local = threading.local()
    assert "it was written by another version, with other fields or format" in prepare_index()
    assert check_index() == "The search index matches the database.\n"


@pytest.mark.django_db(transaction=True)
def test_a_whole_pass_says_how_far_it_is_batch_by_batch(monkeypatch):
    from speeches.management.progress import LineProgress

    monkeypatch.setattr(LineProgress, "EVERY", 2)
    for number in range(5):
        make_document(body=f"Document number {number}.")
    out = io.StringIO()
    call_command("update_index", batchsize=2, stdout=out)
    assert [line for line in out.getvalue().splitlines() if line.startswith("Indexed")] == [
        "Indexed 2/5 documents", "Indexed 4/5 documents", "Indexed 5/5 documents"]
    assert check_index() == "The search index matches the database.\n"
