"""Backups of the whole archive (database rows, revision history, users) and restoring them.

A backup is a .tar.gz holding ``data.json`` (Django's dumpdata with natural keys, so it loads into
any database engine) and ``manifest.json``. It is read in one transaction, so it is consistent while
editors keep saving. The archive keeps no uploaded media: import uploads are transient, and the
search index is rebuilt from the database on restore.
"""
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .database import refresh_planner_statistics
from .models import Document
from .search import rebuild_index

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
FORMAT_VERSION = 1
MANIFEST_KEYS = {"format": int, "created": str, "documents": int, "published": int}
DOCUMENT_MODEL = Document._meta.label_lower


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
        # Owner-only from the first byte: a backup holds the editors' password hashes.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as stream, tarfile.open(fileobj=stream, mode="w:gz") as archive:
            archive.add(data_path, arcname="data.json")
            add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


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
    except (OSError, EOFError, tarfile.TarError, KeyError, AttributeError, UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{path} is not an archive backup ({error})") from None
    check_manifest(path, manifest)
    check_rows(path, manifest, data)
    return manifest, data


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


def restore_backup(manifest, data):
    """Replace the archive's contents with a backup's (as ``read_backup`` returns it, checked), then
    rebuild the search index; return the manifest."""
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "data.json"
        data_path.write_bytes(data)
        try:
            with transaction.atomic():  # a row that will not load rolls the flush back too
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(data_path), verbosity=0)
        except (DeserializationError, DatabaseError) as error:
            raise BackupError(f"the backup's rows could not be loaded, so the archive was left as it was "
                              f"({str(error).splitlines()[0][:300]})") from error
    refresh_planner_statistics()
    rebuild_index(verbosity=0)
    return manifest
