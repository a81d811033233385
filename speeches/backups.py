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

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from .database import refresh_planner_statistics
from .models import Document
from .search import rebuild_index

EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
FORMAT_VERSION = 1


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
    """Return ``(manifest, data bytes)`` of a backup file, or raise ``BackupError``."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
            data = archive.extractfile("data.json").read()
    except (OSError, tarfile.TarError, KeyError, AttributeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is not an archive backup ({error})") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path} is a backup of format {manifest.get('format')}, not {FORMAT_VERSION}")
    return manifest, data


def restore_backup(path):
    """Replace the archive's contents with a backup's, then rebuild the search index; return the manifest."""
    manifest, data = read_backup(path)
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "data.json"
        data_path.write_bytes(data)
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data_path), verbosity=0)
    refresh_planner_statistics()
    rebuild_index(verbosity=0)
    return manifest
