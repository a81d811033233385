"""Backups of the whole archive (database rows, revision history, users, source files) and restoring them.

A backup is a .tar.gz holding ``data.json`` (Django's dumpdata with natural keys, so it loads into
any database engine), ``manifest.json`` and, under ``sources/``, the source files and their page images
from the 'sources' storage (``speeches.sources``; local or S3), by the names they have there. The rows are
read in one transaction, so they are consistent while editors keep saving; the files are those the rows
name, copied one by one in blocks after (never whole into memory, from a bucket too: ``open_stored``). A
file deleted in between (its last source removed meanwhile) is left out and counted in the manifest's
``sources_missing``.

A restore checks the whole backup first (manifest, rows, and that every ``sources/`` member is a plain
file under ``files/`` or ``pages/``: no absolute path, no ``..``, no link), puts the files back into
the storage (one already there by its name and size is kept: names are SHA-256s, so a file put back
before rows that then fail to load is never a wrong one), loads the rows, deletes every stored file the
rows then in the database do not name (``forget_unnamed_source_files``: a file attached after the backup,
or one of a document deleted since, must not outlive the rows), and rebuilds the search index. Import
uploads are transient and not kept.
"""
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .database import refresh_planner_statistics
from .models import Document, SourceFile, SourcePage
from .models.sources import open_stored, sources_storage
from .search import rebuild_index

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
FORMAT_VERSION = 1
MANIFEST_KEYS = {"format": int, "created": str, "documents": int, "published": int}
DOCUMENT_MODEL = Document._meta.label_lower
SOURCES = "sources/"  # where the 'sources' storage's files are in a backup
SOURCE_FOLDERS = {"files", "pages"}
COPY_BLOCK = 1 << 20


class BackupError(ValueError):
    pass


def write_backup(path):
    """Write a backup of the archive to ``path``; return its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "data.json"
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost and connection.vendor == "postgresql":
                # One snapshot for every table read by dumpdata (READ COMMITTED would take one per query).
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command("dumpdata", natural_foreign=True, natural_primary=True, exclude=EXCLUDED,
                         output=str(data_path), verbosity=0)
            manifest = {
                "format": FORMAT_VERSION,
                "created": timezone.now().isoformat(),
                "documents": Document.objects.count(),
                "published": Document.objects.published().count(),
            }
            source_names = stored_source_names()
        # Owner-only from the first byte: a backup holds the editors' password hashes.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w:gz") as archive:
            archive.add(data_path, arcname="data.json")
            written, missing = add_source_files(archive, source_names)
            manifest.update(source_files=written, sources_missing=missing)
            add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def stored_source_names():
    """Return the names, in the 'sources' storage, of every source file and page image the rows name."""
    names = set(SourceFile.objects.values_list("file", flat=True))
    names.update(SourcePage.objects.values_list("image", flat=True))
    return sorted(name for name in names if name)


def add_source_files(archive, names):
    """Copy each stored file into ``archive`` under ``sources/``, streamed; return (files written, names
    no longer in the storage)."""
    storage = sources_storage()
    written, missing = 0, []
    for name in names:
        try:
            size = storage.size(name)
            stream = open_stored(name)
        except FileNotFoundError:
            missing.append(name)
            continue
        with stream:
            info = tarfile.TarInfo(SOURCES + name)
            info.size, info.mtime, info.mode = size, int(timezone.now().timestamp()), 0o600
            archive.addfile(info, stream)  # tarfile copies info.size bytes, a block at a time
        written += 1
    return written, missing


def add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def read_backup(path):
    """Return ``(manifest, data bytes)`` of a backup file, or raise ``BackupError``.

    The whole backup is checked here, before a restore flushes anything: a backup whose manifest
    lacked ``documents`` emptied the archive and then crashed."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
            data = archive.extractfile("data.json").read()
            for member in archive:  # read through (not into memory) to the end: a damaged tail fails here
                source_member_name(path, member)
    except (OSError, EOFError, tarfile.TarError, KeyError, AttributeError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{path} is not an archive backup ({error})") from None
    check_manifest(path, manifest)
    check_rows(path, manifest, data)
    return manifest, data


def source_member_name(path, member):
    """Return the storage name of a ``sources/`` member of a backup (None for another member), or raise
    ``BackupError`` for one that is not a plain file under ``files/`` or ``pages/``."""
    if member.name in {"data.json", "manifest.json"}:
        return None
    relative = PurePosixPath(member.name[len(SOURCES):]) if member.name.startswith(SOURCES) else None
    if (relative is None or relative.is_absolute() or ".." in relative.parts or "\\" in member.name
            or len(relative.parts) < 2 or relative.parts[0] not in SOURCE_FOLDERS or not member.isfile()):
        raise BackupError(f"{path} holds {member.name[:200]!r}, which is not a source file a backup may hold "
                          "(absolute, “..”, a link, or outside sources/files and sources/pages)")
    return str(relative)


def check_manifest(path, manifest):
    if not isinstance(manifest, dict):
        raise BackupError(f"{path} is not an archive backup (its manifest is not an object)")
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path} is a backup of format {manifest.get('format')}, not {FORMAT_VERSION}")
    wrong = [key for key, kind in MANIFEST_KEYS.items() if type(manifest.get(key)) is not kind]
    if wrong:
        raise BackupError(f"{path} is damaged: its manifest lacks {', '.join(wrong)} (or gives the wrong type)")


def check_rows(path, manifest, data):
    """Raise ``BackupError`` unless ``data`` is a list of rows of known models holding the documents
    the manifest counts (what ``loaddata`` will read, checked before the archive is emptied)."""
    try:
        rows = json.loads(data)
    except (ValueError, RecursionError):
        raise BackupError(f"{path} is damaged: its data.json is not JSON") from None
    if not isinstance(rows, list) or not all(
            isinstance(row, dict) and isinstance(row.get("model"), str) and isinstance(row.get("fields"), dict)
            for row in rows):
        raise BackupError(f"{path} is damaged: its data.json is not a list of rows")
    unknown = sorted({row["model"] for row in rows} - known_models())
    if unknown:
        raise BackupError(f"{path} holds rows of models this archive does not have: {', '.join(unknown[:5])}")
    documents = [row for row in rows if row["model"] == DOCUMENT_MODEL]
    published = sum(1 for row in documents if row["fields"].get("status") == Document.Status.PUBLISHED)
    if (len(documents), published) != (manifest["documents"], manifest["published"]):
        raise BackupError(f"{path} is damaged: its manifest counts {manifest['documents']} documents "
                          f"({manifest['published']} published), its data holds {len(documents)} ({published})")


def known_models():
    return {model._meta.label_lower for model in apps.get_models()}


def restore_backup(manifest, data, path=None):
    """Replace the archive's contents with a backup's (as ``read_backup`` returns it, checked), put the
    source files of the backup at ``path`` back into the 'sources' storage and delete those no restored
    row names, then rebuild the search index; return how many stored files were deleted."""
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "data.json"
        data_path.write_bytes(data)
        if path is not None:
            # Before the rows: names are SHA-256s, so a file put back is never a wrong one, and a restore that
            # fails here leaves the rows as they were.
            restore_source_files(path)
        try:
            with transaction.atomic():  # a row that will not load rolls the flush back too
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_path), verbosity=0)
        except (DeserializationError, DatabaseError) as error:
            forget_unnamed_source_files()  # the backup's files put back for rows that did not load
            raise BackupError(f"the backup's rows could not be loaded, so the archive was left as it was "
                              f"({str(error).splitlines()[0][:300]})") from error
    forgotten = forget_unnamed_source_files()
    refresh_planner_statistics()
    rebuild_index(verbosity=0)
    return forgotten


def forget_unnamed_source_files():
    """Delete every file under ``files/`` and ``pages/`` of the 'sources' storage that no row names; return
    how many were deleted. Read through the storage's ``listdir`` (an S3 bucket has no folders to walk)."""
    storage = sources_storage()
    named = set(stored_source_names())
    unnamed = [name for folder in sorted(SOURCE_FOLDERS) for name in stored_names(storage, folder)
               if name not in named]
    for name in unnamed:
        storage.delete(name)
    return len(unnamed)


def stored_names(storage, folder):
    """Yield the name of every file under ``folder`` of ``storage``, at any depth."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage with no such folder yet; S3 lists nothing instead
        return
    for file in files:
        yield f"{folder}/{file}"
    for inner in folders:
        yield from stored_names(storage, f"{folder}/{inner}")


def restore_source_files(path):
    """Put each ``sources/`` file of the backup at ``path`` into the 'sources' storage, streamed; a file
    already there by its name (a SHA-256) and size is kept. Return how many were written."""
    storage = sources_storage()
    written = 0
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                name = source_member_name(path, member)  # checked by read_backup; checked again as it is read
                if name is None or (storage.exists(name) and storage.size(name) == member.size):
                    continue
                if storage.exists(name):
                    storage.delete(name)  # a damaged copy
                content = File(archive.extractfile(member), name=PurePosixPath(name).name)
                content.size = member.size
                if (saved := storage.save(name, content)) != name:
                    raise BackupError(f"the source file {name} was stored as {saved}, so the archive was left "
                                      "as it was")
                written += 1
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"the backup's source files could not be put back, so the rows were left as they were "
                          f"({error})") from error
    return written
