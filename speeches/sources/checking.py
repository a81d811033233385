"""What a source file may be. Its type is found from its bytes (``filetype``), never from its name or
what the upload claims, and it must open as that type: a PDF in PDFium (``render_worker``), a
recording in mutagen. Anything else (HTML, SVG, archives, programs) is refused, and so is a file
that looks like markup in its first kilobyte, where a browser sniffing for HTML would look.
"""
import hashlib
from dataclasses import dataclass

import filetype
import mutagen
from django.conf import settings

# The type found -> (kind, extension the archive gives the file, content type it is served with).
ACCEPTED = {
    "application/pdf": ("pdf", "pdf", "application/pdf"),
    "image/jpeg": ("scan", "jpg", "image/jpeg"),
    "image/png": ("scan", "png", "image/png"),
    "image/tiff": ("scan", "tif", "image/tiff"),
    "image/webp": ("scan", "webp", "image/webp"),
    "audio/mpeg": ("audio", "mp3", "audio/mpeg"),
    "audio/mp4": ("audio", "m4a", "audio/mp4"),
    "audio/ogg": ("audio", "ogg", "audio/ogg"),
    "audio/x-flac": ("audio", "flac", "audio/flac"),
    "audio/x-wav": ("audio", "wav", "audio/wav"),
    "video/mp4": ("video", "mp4", "video/mp4"),
}
KIND_NAMES = {"pdf": "a PDF", "scan": "a page scan", "audio": "an audio recording", "video": "a video recording"}
SERVED_TYPES = {extension: served for _, extension, served in ACCEPTED.values()}
ACCEPTED_NAMES = "PDF; page scans as JPEG, PNG, TIFF or WebP; recordings as MP3, M4A, Ogg, FLAC, WAV or MP4"
HEAD_BYTES = 8192
# Where browsers sniff for HTML (512 bytes) and where a PDF reader looks for the PDF header (1024).
MARKUP_BYTES = 1024
MARKUP = (b"<html", b"<!doctype", b"<script", b"<body", b"<svg", b"<?xml", b"<iframe", b"<object", b"<meta", b"<head")


class BadSource(ValueError):
    """A file refused as a source; the message says why, in words an editor can act on."""


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str
    duration: float | None = None  # seconds, for a recording


def check_file(path, name):
    """Return what the file at ``path`` (uploaded as ``name``) is, or raise ``BadSource``."""
    with open(path, "rb") as stream:
        head = stream.read(HEAD_BYTES)
    if not head:
        raise BadSource(f"“{name}” is empty.")
    if any(marker in head[:MARKUP_BYTES].lower() for marker in MARKUP):
        raise BadSource(f"“{name}” holds web markup (HTML, SVG or XML), which a browser could run: give the "
                        "source as a plain PDF, image or recording.")
    found = filetype.guess(head)
    if found is None or found.mime not in ACCEPTED:
        what = f"a {found.extension.upper()} file" if found else "not a file type the archive keeps"
        raise BadSource(f"“{name}” is {what}. Sources may be: {ACCEPTED_NAMES}.")
    kind, extension, content_type = ACCEPTED[found.mime]
    size = path.stat().st_size
    most = settings.SOURCE_MOST_MB[kind] * 1_000_000
    if size > most:
        raise BadSource(f"“{name}” is {size / 1_000_000:,.1f} MB; {KIND_NAMES[kind]} may be {most // 1_000_000:,} MB at most.")
    duration = recording_duration(path, name) if kind in {"audio", "video"} else None
    return CheckedFile(kind, extension, content_type, size, file_sha256(path), duration)


def recording_duration(path, name):
    """Return a recording's length in seconds, or raise ``BadSource`` if it does not open as one."""
    try:
        recording = mutagen.File(path)
    except (mutagen.MutagenError, ValueError, EOFError) as error:
        raise BadSource(f"“{name}” does not open as a recording ({error}).") from error
    length = getattr(getattr(recording, "info", None), "length", None)
    if not length or length <= 0:
        raise BadSource(f"“{name}” does not open as a recording with a length.")
    return float(length)


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
