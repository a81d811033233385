"""The open-data dumps: written from published documents only, served at /data/, verifiable."""
import csv
import datetime
import gzip
import hashlib
import io
import json
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from speeches.importers.importing import import_paths
from speeches.models import Document, DocumentText, Person
from speeches.opendata import dumps
from speeches.review import start_correction
from speeches.sources.attaching import attach_source

from .test_sources import pdf_of, wav_of
from .test_tei import tei_schema

TEXTS_IN_SEVERAL_LANGUAGES = Path(__file__).resolve().parents[1] / "fixtures" / "texts-in-several-languages.jsonl"
DRAFT_WORDS = "zyxquorble draftonly"
CORRECTION_WORDS = "correctionquib unreviewed"


@pytest.fixture
def archive(seed_documents, settings, tmp_path):
    """The seeds, a draft and an open correction copy of a published document, dumps in ``tmp_path``."""
    settings.DATA_DIR = tmp_path
    Document.objects.create(title="A draft", body=f"Nobody may read {DRAFT_WORDS} yet.")
    published = Document.objects.published().order_by("pk")
    copy = start_correction(published.first())
    copy.body += f"\n\nA paragraph with {CORRECTION_WORDS} words."
    copy.save()
    return published


def download(client, version, name):
    response = client.get(f"/data/{version}/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_json_lines_hold_every_published_document_and_no_draft(archive, client):
    call_command("write_dumps", verbosity=0)
    manifest = client.get("/data/manifest.json").json()
    jsonl = download(client, manifest["version"], "documents.jsonl.gz")
    frame = pd.read_json(io.BytesIO(gzip.decompress(jsonl)), lines=True)

    assert sorted(frame["public_id"]) == sorted(archive.values_list("public_id", flat=True))
    assert manifest["documents"] == archive.count()
    for row in frame.itertuples():
        document = Document.objects.get(public_id=row.public_id)
        assert [p["anchor"] for p in row.paragraphs] == [p["anchor"] for p in document.paragraphs]
        assert all(p["url"].endswith(f"#{p['anchor']}") for p in row.paragraphs)
    text = gzip.decompress(jsonl).decode()
    assert DRAFT_WORDS.split()[0] not in text
    assert CORRECTION_WORDS.split()[0] not in text


def test_other_texts_carry_their_language_role_and_paragraphs(archive, client):
    import_paths([TEXTS_IN_SEVERAL_LANGUAGES])
    call_command("write_dumps", verbosity=0)
    version = dumps.versions()[-1]
    records = [json.loads(line) for line in gzip.decompress(download(client, version, "documents.jsonl.gz")).splitlines()]
    texts = [text for record in records for text in record.get("texts", [])]
    assert texts
    assert all(text["language"] and text["role"] and text["paragraphs"] for text in texts)
    assert all("lang=" in paragraph["url"] for text in texts for paragraph in text["paragraphs"])


def test_csv_parses_one_row_a_document(archive, client):
    call_command("write_dumps", verbosity=0)
    version = dumps.versions()[-1]
    rows = list(csv.DictReader(io.StringIO(gzip.decompress(download(client, version, "documents.csv.gz")).decode())))
    assert sorted(row["public_id"] for row in rows) == sorted(archive.values_list("public_id", flat=True))
    assert all(row["url"].startswith("http") for row in rows)


def test_no_csv_cell_starts_a_spreadsheet_formula_and_the_json_lines_keep_the_text(archive, client):
    hostile = archive.first()
    hostile.title, hostile.event = '=HYPERLINK("http://evil.example","click")', "Growth was 3%; -2% last year"
    hostile.save()
    for order, name in enumerate(["Anna Kowalska", "=1+1"], start=90):  # "Anna Kowalska; =1+1", split at "; "
        hostile.speakers.create(person=Person.objects.create(name=name), order=order)
    call_command("write_dumps", verbosity=0)
    version = dumps.versions()[-1]
    rows = csv.DictReader(io.StringIO(gzip.decompress(download(client, version, "documents.csv.gz")).decode()))
    row = next(row for row in rows if row["public_id"] == hostile.public_id)
    assert (row["title"], row["event"]) == ("'" + hostile.title, hostile.event)  # a text's "; -2%" as written
    assert row["speakers"].endswith("Anna Kowalska; '=1+1") and not row["speakers"].startswith("'")
    lines = gzip.decompress(download(client, version, "documents.jsonl.gz")).decode().splitlines()
    assert json.loads(next(line for line in lines if hostile.public_id in line))["title"] == hostile.title


def test_manifest_checksums_verify(archive, client):
    call_command("write_dumps", verbosity=0)
    manifest = client.get("/data/manifest.json").json()
    assert manifest["files"]
    for file in manifest["files"]:
        content = download(client, manifest["version"], file["name"])
        assert len(content) == file["bytes"]
        assert hashlib.sha256(content).hexdigest() == file["sha256"]


def test_changes_list_added_corrected_and_withdrawn(archive, client):
    call_command("write_dumps", verbosity=0)
    corrected, deleted = archive[1], archive[2]
    corrected.body += "\n\nA paragraph added in correction."
    corrected.save()
    deleted_id = deleted.public_id
    deleted.delete()
    added = Document.objects.create(title="New", body="A new speech.", status=Document.Status.PUBLISHED)

    call_command("write_dumps", verbosity=0)

    first, second = dumps.versions()
    changes = json.loads(download(client, second, "changes.json"))
    assert changes == {"previous_version": first, "added": [added.public_id],
                       "corrected": [corrected.public_id], "withdrawn": [deleted_id]}
    assert first.endswith(".1") and second.endswith(".2")


def test_a_failed_write_leaves_the_previous_dump_serving(archive, client, settings):
    call_command("write_dumps", verbosity=0)
    before = client.get("/data/manifest.json").json()

    @contextmanager
    def broken(stream):
        stream.write("half a file")

        def write(document):
            raise RuntimeError("killed mid-write")

        yield write

    with pytest.raises(RuntimeError):
        dumps.write_dump(formats=[*dumps.FORMATS, ("broken.txt.gz", "broken", broken)])

    assert client.get("/data/manifest.json").json() == before
    assert [path.name for path in (settings.DATA_DIR / "dumps").iterdir()] == [before["version"]]


def test_a_document_no_format_can_hold_is_left_out_and_named_and_the_others_are_dumped(archive, client, monkeypatch):
    from lxml import etree

    from speeches.opendata import tei

    unwritable = archive.last()
    build = tei.document_element

    def refusing(document):
        if document.pk == unwritable.pk:
            raise ValueError("All strings must be XML compatible")
        return build(document)

    call_command("write_dumps", stdout=io.StringIO())  # a first dump holds it
    monkeypatch.setattr(tei, "document_element", refusing)
    errors = io.StringIO()
    call_command("write_dumps", stdout=io.StringIO(), stderr=errors)

    manifest = client.get("/data/manifest.json").json()
    assert manifest["skipped"] == [{"public_id": unwritable.public_id, "error": "All strings must be XML compatible"}]
    assert manifest["documents"] == archive.count() - 1
    assert f"{unwritable.public_id}: left out of the dump" in errors.getvalue()
    changes = json.loads(download(client, manifest["version"], "changes.json"))
    assert unwritable.public_id not in changes["withdrawn"]  # still published: a mirror must not delete it
    for name in ("documents.jsonl.gz", "documents.csv.gz", "documents.vrt.gz"):  # in no file, not half in one
        content = gzip.decompress(download(client, manifest["version"], name)).decode()
        assert unwritable.public_id not in content and archive.first().public_id in content, name
    corpus = etree.fromstring(gzip.decompress(download(client, manifest["version"], "documents.tei.xml.gz")))
    assert len(corpus.findall("{http://www.tei-c.org/ns/1.0}TEI")) == archive.count() - 1


def test_a_disk_full_while_compressing_fails_the_dump_and_leaves_the_previous_one(archive, client, settings,
                                                                                 monkeypatch):
    """Files are compressed on a thread of their own: what fails there fails the dump all the same."""
    call_command("write_dumps", verbosity=0)
    before = client.get("/data/manifest.json").json()

    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gzip.GzipFile, "write", full)
    with pytest.raises(OSError, match="No space left"):
        dumps.write_dump()

    assert client.get("/data/manifest.json").json() == before
    assert [path.name for path in (settings.DATA_DIR / "dumps").iterdir()] == [before["version"]]


def test_only_the_last_dumps_are_kept(archive, settings):
    settings.OPEN_DATA_DUMPS_KEPT = 2
    for _ in range(3):
        call_command("write_dumps", verbosity=0)
    assert [version.split(".")[1] for version in dumps.versions()] == ["2", "3"]


def test_data_page_says_what_each_file_holds_and_how_to_cite_it(archive, client):
    assert client.get("/data/").status_code == 200  # before any dump
    call_command("write_dumps", verbosity=0)
    version = dumps.versions()[-1]
    page = client.get("/data/").content.decode()
    assert version in page
    assert "documents.jsonl.gz" in page and "read_json" in page
    assert dumps.latest_manifest()["files"][0]["sha256"] in page
    assert "source_files" in page and "sha256sum" in page


def test_latest_redirects_to_the_current_version(archive, client):
    call_command("write_dumps", verbosity=0)
    response = client.get("/data/latest/documents.csv.gz")
    assert response.status_code == 302
    assert response["Location"] == f"/data/{dumps.versions()[-1]}/documents.csv.gz"


def test_a_download_is_an_attachment_of_its_type(archive, client):
    call_command("write_dumps", verbosity=0)
    response = client.get(f"/data/{dumps.versions()[-1]}/documents.jsonl.gz")
    assert response["Content-Type"] == "application/gzip"
    assert response["Content-Disposition"] == 'attachment; filename="documents.jsonl.gz"'
    assert response["ETag"] and response["Last-Modified"]


def test_an_interrupted_download_resumes_and_an_unchanged_file_is_not_sent_again(archive, client):
    call_command("write_dumps", verbosity=0)
    url = f"/data/{dumps.versions()[-1]}/documents.jsonl.gz"
    whole = client.get(url)
    body = b"".join(whole.streaming_content)
    assert whole["Accept-Ranges"] == "bytes" and int(whole["Content-Length"]) == len(body)
    rest = client.get(url, HTTP_RANGE="bytes=100-")
    assert rest.status_code == 206 and rest["Content-Range"] == f"bytes 100-{len(body) - 1}/{len(body)}"
    assert body[:100] + b"".join(rest.streaming_content) == body
    assert gzip.decompress(body)  # what was put together is the file
    assert client.get(url, HTTP_RANGE=f"bytes={len(body)}-").status_code == 416
    assert client.get(url, HTTP_RANGE="bytes=5-3").status_code == 200  # not a range: the whole file
    for hostile in ("bytes=" + "9" * 5000 + "-", "bytes=-" + "9" * 5000, "bytes=0-" + "9" * 5000, "bytes=١٠-"):
        assert client.get(url, HTTP_RANGE=hostile).status_code == 200  # no range to read: the whole file
    assert client.get(url, HTTP_RANGE="bytes=0-" + "9" * 18).status_code == 206  # to the end, however far
    assert client.get(url, HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=whole["Last-Modified"]).status_code == 304
    assert client.head(url).status_code == 200


def test_a_download_resumes_with_if_range_only_while_it_names_the_file_as_it_is(archive, client):
    call_command("write_dumps", verbosity=0)
    url = f"/data/{dumps.versions()[-1]}/documents.jsonl.gz"
    whole = client.get(url)
    etag, written = whole["ETag"], whole["Last-Modified"]
    for same in (etag, written):
        assert client.get(url, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=same).status_code == 206
    earlier = http_date(parse_http_date(written) - 60)
    for changed in ('"another-file"', f"W/{etag}", earlier, "not a validator"):
        response = client.get(url, HTTP_RANGE="bytes=100-", HTTP_IF_RANGE=changed)
        assert (response.status_code, response["Content-Length"]) == (200, whole["Content-Length"]), changed
        assert not response.has_header("Content-Range")


@pytest.mark.parametrize("path", ["/data/2026-01-01.1/documents.jsonl.gz", "/data/latest/nothing.gz",
                                  "/data/..%2F..%2Fsettings.py/manifest.json", "/data/latest/..%2Farchive.sqlite3",
                                  "/data/{version}/..%2F..%2Farchive.sqlite3", "/data/{version}/.writing-x"])
def test_bad_names_are_not_found(archive, client, path):
    call_command("write_dumps", verbosity=0)
    assert client.get(path.format(version=dumps.versions()[-1])).status_code == 404


def test_no_manifest_before_the_first_dump(db, client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert client.get("/data/manifest.json").status_code == 404
    assert client.get("/data/latest/documents.jsonl.gz").status_code == 404


def test_a_corrected_translation_counts_as_corrected(archive, client):
    import_paths([TEXTS_IN_SEVERAL_LANGUAGES])
    call_command("write_dumps", verbosity=0)
    text = DocumentText.objects.filter(document__status=Document.Status.PUBLISHED).first()
    text.body += "\n\nA paragraph added to the translation."
    text.save()

    call_command("write_dumps", verbosity=0)

    changes = json.loads(download(client, dumps.versions()[-1], "changes.json"))
    assert changes["corrected"] == [text.document.public_id]


def test_the_tei_corpus_is_valid_tei_and_the_vertical_file_has_every_paragraph_and_no_draft(archive, client):
    from lxml import etree

    call_command("write_dumps", verbosity=0)
    version = client.get("/data/manifest.json").json()["version"]
    tei = gzip.decompress(download(client, version, "documents.tei.xml.gz"))
    vertical = gzip.decompress(download(client, version, "documents.vrt.gz")).decode()
    corpus = etree.fromstring(tei)
    assert tei_schema().validate(corpus), tei_schema().error_log
    ids = set(corpus.xpath("//@xml:id"))
    for document in archive:
        assert f"doc-{document.public_id}" in ids
        for paragraph in document.paragraphs:
            assert f'<p id="{paragraph["anchor"]}"' in vertical
    for words in (DRAFT_WORDS, CORRECTION_WORDS):
        assert words.split()[0] not in tei.decode() and words.split()[0] not in vertical


def served_bytes(client, url):
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return response, b"".join(response.streaming_content)


def test_the_manifest_lists_every_source_file_of_a_published_document_by_checksum_and_no_other(archive, client,
                                                                                               settings):
    first, second, withdrawn = archive[0], archive[1], archive[2]
    statement = attach_source(first, io.BytesIO(pdf_of([["The statement as printed."]])), "statement.pdf",
                              label="Statement (PDF)", retrieved_from="https://example.org/statement.pdf",
                              retrieved_on=datetime.date(2025, 6, 17))
    interview = attach_source(first, io.BytesIO(wav_of(1)), "interview.wav", label="Interview")
    attach_source(second, io.BytesIO(wav_of(1)), "the same interview.wav")  # stored once, listed for each
    draft_only = attach_source(Document.objects.get(title="A draft"), io.BytesIO(pdf_of([["Not yet."]])), "d.pdf")
    unpublished = attach_source(withdrawn, io.BytesIO(wav_of(2)), "withdrawn.wav")
    withdrawn.status = Document.Status.DRAFT
    withdrawn.save()

    call_command("write_dumps", verbosity=0)

    manifest = client.get("/data/manifest.json").json()
    listed = manifest["source_files"]
    assert [(entry["sha256"], entry["document"]) for entry in listed] == sorted(
        [(statement.sha256, first.public_id), (interview.sha256, first.public_id),
         (interview.sha256, second.public_id)])
    entry = next(entry for entry in listed if entry["sha256"] == statement.sha256)
    assert entry == {
        "sha256": statement.sha256, "url": f"{settings.ARCHIVE_BASE_URL}/sources/{statement.sha256}.pdf",
        "label": "Statement (PDF)", "retrieved_from": "https://example.org/statement.pdf",
        "retrieved_on": "2025-06-17", "bytes": statement.size, "content_type": "application/pdf", "kind": "pdf",
        "document": first.public_id, "document_url": settings.ARCHIVE_BASE_URL + f"/d/{first.public_id}/"}
    for entry in listed:  # what a user does: fetch each file from its address and check it
        response, content = served_bytes(client, entry["url"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"] and len(content) == entry["bytes"]
        assert response["Content-Type"] == entry["content_type"]
        assert client.get(urlsplit(entry["document_url"]).path, follow=True).status_code == 200  # via its page
    text = json.dumps(manifest) + gzip.decompress(download(client, manifest["version"], "documents.jsonl.gz")).decode()
    assert draft_only.sha256 not in text and unpublished.sha256 not in text


def test_the_json_lines_give_each_source_as_the_manifest_lists_it(archive, client):
    document = archive[0]
    attach_source(document, io.BytesIO(pdf_of([["The statement as printed."]])), "statement.pdf", label="Statement",
                  retrieved_from="https://example.org/s.pdf", retrieved_on=datetime.date(2025, 6, 17))
    attach_source(document, io.BytesIO(wav_of(1)), "interview.wav")
    call_command("write_dumps", verbosity=0)
    manifest = dumps.latest_manifest()
    lines = gzip.decompress(download(client, manifest["version"], "documents.jsonl.gz")).splitlines()
    in_lines = {(record["public_id"], record["url"], source["sha256"]): source
                for record in map(json.loads, lines) for source in record.get("sources", [])}
    in_manifest = {(entry["document"], entry["document_url"], entry["sha256"]): entry
                   for entry in manifest["source_files"]}
    assert in_lines.keys() == in_manifest.keys() and len(in_lines) == 2
    for key, source in in_lines.items():
        assert source == {name: in_manifest[key][name] for name in source}


def test_a_withdrawn_document_leaves_the_next_manifest_and_its_files_are_no_longer_served(archive, client):
    document = archive[0]
    recording = attach_source(document, io.BytesIO(wav_of(1)), "interview.wav")
    call_command("write_dumps", verbosity=0)
    [entry] = dumps.latest_manifest()["source_files"]
    assert served_bytes(client, entry["url"])[1] == wav_of(1)

    document.status = Document.Status.DRAFT
    document.save()
    call_command("write_dumps", verbosity=0)

    assert dumps.latest_manifest()["source_files"] == []
    assert entry["sha256"] == recording.sha256 and client.get(urlsplit(entry["url"]).path).status_code == 404


def test_a_dump_reads_the_documents_in_as_many_queries_whatever_their_number(archive, settings):
    """The documents are read a chunk at a time with what every format writes of them; a query per
    document (their sources, which the JSON lines list) was 100,000 queries at 100,000 documents."""
    settings.OPEN_DATA_DUMPS_KEPT = 1
    with CaptureQueriesContext(connection) as queries_for_the_seeds:
        dumps.write_dump()
    for number in range(10):
        Document.objects.create(title=f"Another {number}", body="A paragraph.", status=Document.Status.PUBLISHED)
    with CaptureQueriesContext(connection) as queries_for_more:
        manifest = dumps.write_dump()
    assert manifest["documents"] == archive.count() == 15
    assert len(queries_for_more) == len(queries_for_the_seeds)


def test_no_public_file_holds_a_removed_paragraphs_words(client, db, tmp_path, settings):
    from speeches.importers.document_files import export_record, markdown_file_text
    from tests.factories import make_document
    from speeches.models import DocumentText

    document = make_document(body="Kept.\n\nA draft's secret words.")
    document.body = "Kept."
    document.save()
    DocumentText.objects.create(document=document, language="fr", role="official-translation",
                                body="Gardé.\n\nMots secrets.")
    text = document.texts.get()
    text.body = "Gardé."
    text.save()
    assert document.retired_paragraphs and Document.objects.get(pk=document.pk).texts.get().retired_paragraphs
    document = Document.objects.get(pk=document.pk)
    assert "secret" not in str(export_record(document)) and "secret" not in markdown_file_text(document)
    for path in (f"/d/{document.public_id}/download/md/", f"/d/{document.public_id}/download/md/?lang=fr"):
        assert "secret" not in client.get(path).content.decode().casefold()
    assert "secret" in str(export_record(document, anchored=True)).casefold()  # the editors' export keeps them
