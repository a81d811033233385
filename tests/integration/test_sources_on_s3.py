"""Source files kept in an S3-compatible bucket (SOURCES_S3_BUCKET), against a real S3 API on loopback
(moto's server, tests/s3.py): stored under their content addresses, served inert with only the bytes
asked fetched from the bucket, a draft's to staff only, gone when unused, backed up and restored, and
listed in the dumps as they are from a folder."""
import hashlib
import io
import json
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from speeches.models import Document, SourceFile, SourcePage
from speeches.opendata import dumps
from speeches.sources.attaching import attach_source

from .test_sources import SUMMIT, pdf_of, wav_of


def stored_keys(bucket):
    return sorted(stored.key for stored in bucket.objects.all())


def served(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code in {200, 206}, url
    return response, b"".join(response.streaming_content)


def content_addresses(source):
    """The names a source's file and page images are stored by."""
    return [f"files/{source.sha256[:2]}/{source.sha256}.{source.extension}"] + [
        f"pages/{source.sha256}/{number}.png" for number in range(1, source.page_count + 1)]


@pytest.fixture
def summit(seed_documents):
    return Document.objects.get(public_id=SUMMIT)


@pytest.fixture
def statement(summit):
    texts = [paragraph["text"] for paragraph in summit.paragraphs]
    return pdf_of([texts[:3], texts[3:6]])


def test_a_pdf_and_a_recording_are_stored_in_the_bucket_by_their_content_and_served_inert(
        summit, statement, sources_bucket, client):
    pdf = attach_source(summit, io.BytesIO(statement), "statement.pdf", label="Statement (PDF)")
    recording = attach_source(summit, io.BytesIO(wav_of(2)), "interview.wav")
    assert stored_keys(sources_bucket) == sorted(content_addresses(pdf) + content_addresses(recording))
    assert sources_bucket.Object(pdf.file.name).get()["Body"].read() == statement

    download, body = served(client, pdf.get_absolute_url())
    assert body == statement and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{pdf.sha256[:12]}.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff" and download["Content-Security-Policy"].startswith("sandbox")
    page, image = served(client, f"/sources/{pdf.sha256}/pages/2")
    assert page["Content-Type"] == "image/png" and image == sources_bucket.Object(f"pages/{pdf.sha256}/2.png").get()[
        "Body"].read()
    whole, audio = served(client, recording.get_absolute_url())
    assert (whole.status_code, whole["Content-Type"], audio) == (200, "audio/wav", wav_of(2))
    part, some = served(client, recording.get_absolute_url(), HTTP_RANGE="bytes=100-199")
    assert (part.status_code, part["Content-Range"], some) == (206, f"bytes 100-199/{recording.size}", audio[100:200])
    assert client.get(recording.get_absolute_url(), HTTP_RANGE=f"bytes={recording.size}-").status_code == 416
    assert client.get(f"/sources/{pdf.sha256}/pages/3").status_code == 404


def test_a_range_of_a_recording_fetches_only_those_bytes_from_the_bucket(summit, sources_bucket, s3_server, client):
    long_recording = wav_of(320)  # 5 MB: an upload to the bucket in parts, as a long video is
    recording = attach_source(summit, io.BytesIO(long_recording), "long interview.wav")
    megabyte = 1_000_000

    for asked, expected in ((f"bytes=-{megabyte}", long_recording[-megabyte:]),
                            ("bytes=2000000-2000099", long_recording[2_000_000:2_000_100]),
                            (f"bytes={len(long_recording) - 10}-", long_recording[-10:])):
        s3_server.forget()
        response, body = served(client, recording.get_absolute_url(), HTTP_RANGE=asked)
        assert response.status_code == 206 and body == expected
        [fetched] = s3_server.gets_of(sources_bucket.name, recording.file.name)
        first, last = response["Content-Range"].removeprefix("bytes ").split("/")[0].split("-")
        assert (fetched.range, fetched.body_bytes) == (f"bytes={first}-{last}", len(expected))

    s3_server.forget()
    whole, body = served(client, recording.get_absolute_url())
    assert body == long_recording and [get.body_bytes for get in s3_server.gets_of(
        sources_bucket.name, recording.file.name)] == [len(long_recording)]


def test_a_drafts_sources_in_the_bucket_are_served_to_staff_only_and_kept_from_shared_caches(
        summit, sources_bucket, s3_server, client):
    draft = Document.objects.create(title="A draft", body="Not yet.")
    source = attach_source(draft, io.BytesIO(wav_of(1)), "draft.wav")
    s3_server.forget()
    assert client.get(source.get_absolute_url()).status_code == 404
    assert s3_server.gets_of(sources_bucket.name, source.file.name) == []  # the bucket was not even asked

    staff = User.objects.create_user("editor", is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)
    response, body = served(client, source.get_absolute_url())
    assert body == wav_of(1) and response["Cache-Control"].startswith("private")


def test_a_deleted_documents_objects_leave_the_bucket_unless_another_source_holds_them(
        summit, statement, sources_bucket, django_capture_on_commit_callbacks):
    draft = Document.objects.create(title="A draft", body="Not yet.")
    with django_capture_on_commit_callbacks(execute=True):
        attach_source(draft, io.BytesIO(wav_of(1)), "draft.wav")
        attach_source(draft, io.BytesIO(statement), "statement.pdf")
        kept = attach_source(summit, io.BytesIO(statement), "statement.pdf")
        assert len(stored_keys(sources_bucket)) == 4  # the PDF and its two pages stored once, the recording
        draft.delete()
    assert stored_keys(sources_bucket) == sorted(content_addresses(kept))
    with django_capture_on_commit_callbacks(execute=True):
        kept.delete()
    assert stored_keys(sources_bucket) == []


def named_by_rows():
    return sorted({*SourceFile.objects.values_list("file", flat=True),
                   *SourcePage.objects.values_list("image", flat=True)})


# Transactional: restoring flushes tables, which PostgreSQL refuses inside a test's open transaction.
@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_bucket_restores_its_files_and_the_restore_removes_objects_no_row_names(
        tmp_path, seed_documents, sources_bucket, client):
    summit = Document.objects.get(public_id=SUMMIT)
    texts = [paragraph["text"] for paragraph in summit.paragraphs]
    pdf = attach_source(summit, io.BytesIO(pdf_of([texts[:3], texts[3:6]])), "statement.pdf", label="Statement")
    recording = attach_source(summit, io.BytesIO(wav_of(2)), "interview.wav")
    kept_urls = [pdf.get_absolute_url(), recording.get_absolute_url(), f"/sources/{pdf.sha256}/pages/2"]
    before = {url: served(client, url)[1] for url in kept_urls}
    kept_keys = stored_keys(sources_bucket)

    backup = tmp_path / "archive.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(backup), stdout=out)
    assert "and 4 source files" in out.getvalue()

    later = Document.objects.create(title="Published after the backup", body="Words.", status=Document.Status.PUBLISHED)
    added_later = attach_source(later, io.BytesIO(pdf_of([texts[6:9]])), "annex.pdf")
    sources_bucket.Object(pdf.file.name).delete()  # lost from the bucket: the restore puts it back
    sources_bucket.Object(recording.file.name).put(Body=b"damaged")  # damaged: replaced

    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)

    assert "2 stored files no restored row names were deleted" in out.getvalue()  # the annex and its page
    assert stored_keys(sources_bucket) == kept_keys == named_by_rows()
    assert {url: served(client, url)[1] for url in kept_urls} == before
    assert client.get(added_later.get_absolute_url()).status_code == 404


def test_the_dumps_list_sources_in_the_bucket_as_they_list_them_from_a_folder(
        summit, statement, sources_bucket, s3_server, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    pdf = attach_source(summit, io.BytesIO(statement), "statement.pdf", label="Statement (PDF)")
    attach_source(Document.objects.create(title="A draft", body="Not yet."), io.BytesIO(wav_of(1)), "draft.wav")

    call_command("write_dumps", verbosity=0)

    manifest = dumps.latest_manifest()
    assert manifest["source_files"] == [{
        "sha256": pdf.sha256, "url": f"{settings.ARCHIVE_BASE_URL}/sources/{pdf.sha256}.pdf",
        "label": "Statement (PDF)", "retrieved_from": "", "retrieved_on": None, "bytes": pdf.size,
        "content_type": "application/pdf", "kind": "pdf", "document": summit.public_id,
        "document_url": settings.ARCHIVE_BASE_URL + f"/d/{summit.public_id}/"}]
    assert s3_server.url not in json.dumps(manifest) and sources_bucket.name not in json.dumps(manifest)
    [entry] = manifest["source_files"]
    assert hashlib.sha256(served(client, urlsplit(entry["url"]).path)[1]).hexdigest() == entry["sha256"]
