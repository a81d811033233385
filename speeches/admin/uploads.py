"""Import files uploaded in the admin, kept under the data folder between the dry run and the confirmation."""
import os
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

IMPORT_UPLOADS = Path(settings.DATA_DIR) / "imports"
# An upload waits this long for the editor to confirm its dry-run report, then it is deleted.
UPLOAD_LIFETIME_SECONDS = 24 * 60 * 60
EXPIRED_UPLOAD = "That upload has expired or was imported already; please upload the file again."


def store_upload(uploaded, owner):
    """Keep an uploaded import file under the data folder until its dry-run report is confirmed: under
    a name of our own (never the user's) that only ``owner`` may confirm, readable by no other account."""
    IMPORT_UPLOADS.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = IMPORT_UPLOADS / f"{owner.pk}-{uuid.uuid4().hex}{Path(uploaded.name).suffix.lower()[:8]}"
    with os.fdopen(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stream:
        for chunk in uploaded.chunks():
            stream.write(chunk)
    return target


def discard_stale_uploads():
    """Delete uploads whose dry-run report was never confirmed (the editor went elsewhere)."""
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for upload in IMPORT_UPLOADS.glob("*"):
        if upload.is_file() and upload.stat().st_mtime < cutoff:
            upload.unlink(missing_ok=True)


def show_file_name(report, upload, filename):
    """Report locations with the name the editor uploaded, not the stored file's, wherever a message or
    a note names it ("already given to the record at ...", a text file's guesses)."""
    shown = Path(filename).name or "upload"

    def as_uploaded(text):
        return text.replace(str(upload), shown).replace(Path(upload).name, shown)

    for outcome in report.outcomes:
        outcome.location, outcome.detail = as_uploaded(outcome.location), as_uploaded(outcome.detail)
        outcome.notes = [as_uploaded(note) for note in outcome.notes]


def uploaded_path(name, owner):
    """Return the stored upload called ``name`` that ``owner`` uploaded, or None: names come back from
    the browser, so only a bare file name of our own making, given to this user, is accepted."""
    candidate = IMPORT_UPLOADS / Path(name).name
    if not name.startswith(f"{owner.pk}-") or Path(name).name != name or not candidate.is_file():
        return None
    return candidate


@contextmanager
def claimed_upload(name, owner):
    """Yield the stored upload called ``name`` that ``owner`` uploaded, taken for this confirmation
    alone, and delete it after; or yield None. Taking it is a rename, so of two confirmations sent at
    once (a double click) one imports the file and the other finds it gone, never half-read."""
    stored, claimed = uploaded_path(name, owner), None
    if stored is not None:
        claimed = stored.with_name(f"claimed-{uuid.uuid4().hex}-{stored.name}")
        try:
            stored.rename(claimed)
        except FileNotFoundError:
            claimed = None
    try:
        yield claimed
    finally:
        if claimed is not None:
            claimed.unlink(missing_ok=True)
