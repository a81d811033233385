"""Backups hold the source files and page images of the 'sources' storage, and a restore puts them back
where their addresses find them and leaves no other file stored; a backup whose files would land outside
the storage is refused."""
import io
import json
import shutil
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from speeches.models import Document, SourceFile, SourcePage
from speeches.models.sources import sources_storage
from speeches.sources.attaching import attach_source

from .test_sources import SUMMIT, pdf_of, stored_files, wav_of


@pytest.fixture(autouse=True)
def sources_folder(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "sources": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "sources"}}}
    return tmp_path / "sources"


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


# Transactional: restoring flushes tables, which PostgreSQL refuses inside a test's open transaction.
@pytest.mark.django_db(transaction=True)
def test_a_restore_serves_each_source_file_again_with_the_same_bytes(tmp_path, seed_documents, sources_folder,
                                                                      client):
    summit = Document.objects.get(public_id=SUMMIT)
    texts = [paragraph["text"] for paragraph in summit.paragraphs]
    statement = pdf_of([texts[:3], texts[3:6]])
    pdf = attach_source(summit, io.BytesIO(statement), "statement.pdf", label="Statement")
    recording = attach_source(summit, io.BytesIO(wav_of(2)), "interview.wav")
    urls = [pdf.get_absolute_url(), recording.get_absolute_url(), f"/sources/{pdf.sha256}/pages/2"]
    before = {url: served(client, url) for url in urls}
    assert before[urls[0]] == statement and before[urls[1]] == wav_of(2)

    backup = tmp_path / "archive.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(backup), stdout=out)
    assert "and 4 source files" in out.getvalue()  # the PDF, its two pages, the recording
    with tarfile.open(backup, "r:gz") as archive:
        members = sorted(name for name in archive.getnames() if name.startswith("sources/"))
    assert members == ["sources/" + name for name in stored_files(sources_folder)]

    Document.objects.all().delete()
    shutil.rmtree(sources_folder)
    assert client.get(urls[0]).status_code == 404
    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)
    assert "Restored 5 documents and 4 source files" in out.getvalue()
    assert {url: served(client, url) for url in urls} == before
    assert SourceFile.objects.get(sha256=pdf.sha256).label == "Statement"


def named_by_rows():
    return sorted({*SourceFile.objects.values_list("file", flat=True),
                   *SourcePage.objects.values_list("image", flat=True)})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", ["django.core.files.storage.FileSystemStorage",
                                     # Not a folder on disk, as S3 is not: the restore lists it through the storage.
                                     "django.core.files.storage.InMemoryStorage"])
def test_a_restore_leaves_stored_exactly_the_files_the_restored_rows_name(tmp_path, seed_documents, settings, client,
                                                                          sources_folder, backend):
    settings.STORAGES = {**settings.STORAGES, "sources": {
        "BACKEND": backend, "OPTIONS": {"location": sources_folder} if backend.endswith("FileSystemStorage") else {}}}
    summit = Document.objects.get(public_id=SUMMIT)
    texts = [paragraph["text"] for paragraph in summit.paragraphs]
    kept = attach_source(summit, io.BytesIO(pdf_of([texts[:3], texts[3:6]])), "statement.pdf")
    kept_names = named_by_rows()
    kept_urls = [kept.get_absolute_url(), f"/sources/{kept.sha256}/pages/1", f"/sources/{kept.sha256}/pages/2"]
    before = {url: served(client, url) for url in kept_urls}
    backup = tmp_path / "archive.tar.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())

    added_later = attach_source(summit, io.BytesIO(pdf_of([texts[6:9]])), "annex.pdf")
    later_document = Document.objects.create(title="Published after the backup", body="Words.",
                                             status=Document.Status.PUBLISHED)
    recording = attach_source(later_document, io.BytesIO(wav_of(1)), "interview.wav")
    later_names = sorted(set(named_by_rows()) - set(kept_names))
    assert len(later_names) == 3 and all(sources_storage().exists(name) for name in later_names)

    out = io.StringIO()
    call_command("restore", str(backup), "--yes", stdout=out)

    assert "3 stored files no restored row names were deleted" in out.getvalue()
    assert named_by_rows() == kept_names
    assert not any(sources_storage().exists(name) for name in later_names)
    if backend.endswith("FileSystemStorage"):
        assert stored_files(sources_folder) == kept_names
    assert {url: served(client, url) for url in kept_urls} == before
    for gone in (added_later, recording):
        assert client.get(gone.get_absolute_url()).status_code == 404


def test_a_restore_whose_rows_do_not_load_keeps_none_of_the_backup_files_it_put_back(tmp_path, seed_documents,
                                                                                   sources_folder):
    summit = Document.objects.get(public_id=SUMMIT)
    attach_source(summit, io.BytesIO(wav_of(1)), "interview.wav")
    backup = tmp_path / "archive.tar.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    SourceFile.objects.all().delete()  # its file goes once the deletion commits: here, by hand
    shutil.rmtree(sources_folder)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(backup, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "data.json":  # a field this archive's regions do not have: loaddata fails
                rows = [{**row, "fields": {**row["fields"], "shape": "round"}} if row["model"] == "speeches.region"
                        else row for row in json.loads(content)]
                content = json.dumps(rows).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    with pytest.raises(CommandError, match="the backup's rows could not be loaded"):
        call_command("restore", str(damaged), "--yes", stdout=io.StringIO())
    assert stored_files(sources_folder) == [] and not SourceFile.objects.exists()


def with_member(backup, path, name, content=b"x", link=None):
    """Write at ``path`` a copy of ``backup`` with one more member: a file, or a symbolic link to ``link``."""
    with tarfile.open(backup, "r:gz") as source, tarfile.open(path, "w:gz") as target:
        for member in source:
            target.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo(name)
        if link:
            info.type, info.linkname = tarfile.SYMTYPE, link
            target.addfile(info)
        else:
            info.size = len(content)
            target.addfile(info, io.BytesIO(content))
    return path


@pytest.mark.parametrize("name, link", [
    ("sources/../../escape.txt", None),
    ("sources/files/../../../escape.txt", None),
    ("/sources/files/ab/escape.pdf", None),
    ("sources//etc/escape.txt", None),
    ("sources/files/ab/link.pdf", "/etc/passwd"),
    ("sources/settings.py", None),
    ("notes.txt", None),
])
def test_a_backup_member_that_would_land_outside_the_sources_storage_is_refused_before_anything_changes(
        tmp_path, seed_documents, sources_folder, name, link):
    backup = tmp_path / "archive.tar.gz"
    call_command("backup", "-o", str(backup), stdout=io.StringIO())
    Document.objects.filter(public_id=SUMMIT).update(title="Changed after the backup")
    hostile = with_member(backup, tmp_path / "hostile.tar.gz", name, link=link)
    with pytest.raises(CommandError, match="which is not a source file a backup may hold"):
        call_command("restore", str(hostile), "--yes", stdout=io.StringIO())
    assert Document.objects.get(public_id=SUMMIT).title == "Changed after the backup"
    assert stored_files(sources_folder) == [] and not (tmp_path / "escape.txt").exists()
