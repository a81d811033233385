"""Attaching a source file to a document: checked, its pages rendered in a child process held to
limits, stored under its SHA-256, and recorded; or, if any step fails, nothing stored at all.

Files live in the ``sources`` storage (settings.STORAGES): ``files/<ab>/<sha256>.<ext>`` and
``pages/<sha256>/<n>.<png|jpg>``. The same bytes are stored once, however many documents hold them;
a stored file goes when the last source holding it does (``forget_unused_files``).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from speeches.models import SourceFile, SourcePage
from speeches.models.sources import sources_storage

from .checking import BadSource, check_file
from .ties import propose_page_ties

COPY_BLOCK = 1 << 20


def attach_source(document, upload, name, added_by=None, label="", retrieved_from="", retrieved_on=None):
    """Attach ``upload`` (a binary file object, read once) called ``name`` to ``document``; return
    the ``SourceFile``, or raise ``BadSource`` having stored nothing. Pages of a PDF are proposed as
    places of the paragraphs whose text they hold."""
    check_allowance(added_by)
    with tempfile.TemporaryDirectory(prefix="source-") as work:
        path = Path(work) / "upload"
        copy_bounded(upload, path, name)
        checked = check_file(path, name)
        check_allowance(added_by, checked.size)
        if document.sources.filter(sha256=checked.sha256).exists():
            raise BadSource(f"“{name}” is already one of this document's sources.")
        pages = render_pages(checked.kind, path, Path(work) / "pages", name) if checked.kind in {"pdf", "scan"} else []
        stored = []
        try:
            source = record_source(document, checked, path, pages, stored, original_name=Path(name).name[:255],
                                   added_by=added_by, label=label, retrieved_from=retrieved_from,
                                   retrieved_on=retrieved_on)
        except BaseException:
            for stored_name in stored:
                sources_storage().delete(stored_name)
            raise
    propose_page_ties(document, source)
    return source


def record_source(document, checked, path, pages, stored, **fields):
    """Store the file and its page images (noting in ``stored`` each name stored anew) and record them."""
    file_name = store(f"files/{checked.sha256[:2]}/{checked.sha256}.{checked.extension}", path, stored)
    page_names = [store(f"pages/{checked.sha256}/{page['file']}", page["path"], stored) for page in pages]
    with transaction.atomic():
        source = SourceFile.objects.create(
            document=document, kind=checked.kind, file=file_name, content_type=checked.content_type,
            extension=checked.extension, size=checked.size, sha256=checked.sha256, duration=checked.duration,
            page_count=len(pages), order=document.sources.count(), **fields)
        SourcePage.objects.bulk_create([
            SourcePage(source=source, number=page["number"], image=image, width=page["width"],
                       height=page["height"], text=page["text"], lines=page["lines"])
            for page, image in zip(pages, page_names, strict=True)])
    return source


def store(name, path, stored):
    """Store the file at ``path`` as ``name`` unless the same bytes are there already; return the name."""
    storage = sources_storage()
    if storage.exists(name):
        return name
    with open(path, "rb") as stream:
        saved = storage.save(name, File(stream))
    stored.append(saved)
    return saved


def copy_bounded(upload, path, name):
    """Copy ``upload`` to ``path``, refusing it as soon as it is larger than any source may be."""
    most = max(settings.SOURCE_MOST_MB.values()) * 1_000_000
    copied = 0
    with open(path, "wb") as target:
        for block in iter(lambda: upload.read(COPY_BLOCK), b""):
            copied += len(block)
            if copied > most:
                raise BadSource(f"“{name}” is larger than {most // 1_000_000:,} MB, more than any source may be.")
            target.write(block)


def added_in_a_day(user):
    """Return how many source files ``user`` added in the last 24 hours, and how many bytes they hold."""
    today = SourceFile.objects.filter(added_by=user, added_at__gte=timezone.now() - timedelta(days=1))
    totals = today.aggregate(files=Count("pk"), size=Sum("size"))
    return totals["files"], totals["size"] or 0


def check_allowance(user, adding=0):
    """Raise ``BadSource`` if ``user`` has added as many sources (or bytes, with ``adding`` more) as one
    editor may in a day."""
    if user is None:
        return
    files, size = added_in_a_day(user)
    if adding == 0 and files >= settings.SOURCE_FILES_PER_EDITOR_PER_DAY:
        raise BadSource(f"You have added {settings.SOURCE_FILES_PER_EDITOR_PER_DAY} source files today, as many as an "
                        "editor may in a day; ask an administrator if you need more.")
    if size + adding > settings.SOURCE_MB_PER_EDITOR_PER_DAY * 1_000_000:
        raise BadSource(f"This file would take you past the {settings.SOURCE_MB_PER_EDITOR_PER_DAY:,} MB of sources an "
                        "editor may add in a day; ask an administrator if you need more.")


def render_pages(kind, path, folder, name):
    """Return the pages the render worker made of the file at ``path`` (each with its image's ``path``),
    or raise ``BadSource``: a file the worker refuses, or one that breaks its limits."""
    folder.mkdir()
    command = [sys.executable, "-m", "speeches.sources.render_worker", kind, str(path), str(folder),
               str(settings.SOURCE_MOST_PAGES)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=settings.SOURCE_RENDER_SECONDS,
                             preexec_fn=worker_limits, cwd=settings.BASE_DIR, env={"PATH": os.environ.get("PATH", "")})
    except subprocess.TimeoutExpired as error:
        raise BadSource(f"“{name}” took longer than {settings.SOURCE_RENDER_SECONDS} s to render: it may be "
                        "damaged, or built to exhaust a reader.") from error
    if run.returncode == 2:
        raise BadSource(f"“{name}” cannot be shown: {run.stderr.strip().splitlines()[-1]}.")
    if run.returncode != 0:
        raise BadSource(f"“{name}” could not be rendered within the archive's limits of memory and time: it may be "
                        "damaged, or built to exhaust a reader.")
    pages = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    return [{**page, "path": folder / page["file"]} for page in pages]


def worker_limits():
    """Hold the render worker (a child process) to the memory, CPU time and output settings allow."""
    memory = settings.SOURCE_RENDER_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (settings.SOURCE_RENDER_SECONDS, settings.SOURCE_RENDER_SECONDS))
    most_output = settings.SOURCE_MOST_PAGES * 20 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (most_output, most_output))


def forget_unused_files(sha256):
    """Delete the stored file and page images of ``sha256`` once no source holds them (run on commit)."""
    if SourceFile.objects.filter(sha256=sha256).exists():
        return
    storage = sources_storage()
    for folder in ("files", "pages"):
        delete_stored(storage, f"{folder}/{sha256[:2]}" if folder == "files" else f"{folder}/{sha256}", sha256)


def delete_stored(storage, folder, sha256):
    try:
        _, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        if folder.startswith("pages/") or name.startswith(sha256):
            storage.delete(f"{folder}/{name}")


def forget_files_of_deleted_source(sender, instance, **kwargs):
    """A ``post_delete`` receiver: a deleted source's files go once the deletion commits, if no other source holds them."""
    transaction.on_commit(lambda: forget_unused_files(instance.sha256))
