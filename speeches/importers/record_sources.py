"""The source files a record names (its ``sources``), read or fetched before its transaction and
attached to its document inside it.

A ``file`` is read from the import file's folder: its path is relative, goes through no ``..``, and
does not lead out of the folder by a symbolic link. Only ``manage.py import_documents`` reads files:
a file uploaded in the admin has no folder of its own beside it. A ``url`` is downloaded before the
record's transaction (``speeches.sources.downloading``: bounded in time and bytes, and never from a
private address), so no download holds the database. Either is checked as an upload is, and must
have the record's ``sha256`` if it gives one. A file the document already has (the same SHA-256) is
left as it is: importing a record again attaches nothing twice, and a record whose ``sha256`` the
document already has is not fetched again. A dry run reads files and checks them, and checks a
url's address without fetching it.

A source's ``ties`` say where paragraphs are in it, as the record's editor confirmed them: each
replaces the tie the archive proposed or held for that paragraph and source; the others stay.
"""
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.utils import timezone

from speeches.models import ParagraphTie, clock

from speeches.sources.attaching import attach_source, forget_unused_files
from speeches.sources.checking import BadSource, check_file
from speeches.sources.downloading import check_url, checked_addresses, download

from .records import RecordError


@dataclass
class PreparedSource:
    """A source of a record, ready to attach: its bytes at ``path`` (None for a url a dry run did not fetch)."""

    number: int
    name: str
    path: Path | None
    sha256: str  # "" when not known (a url not fetched)
    label: str
    retrieved_from: str
    retrieved_on: object
    attached: bool = False

    @property
    def will_be_fetched(self):
        return self.path is None


@contextmanager
def prepared_sources(record, folder, known_sha256s, dry_run):
    """Yield the record's sources as ``PreparedSource``s, downloads in a temporary folder deleted after;
    raise ``RecordError`` naming the first source that cannot be read, fetched or accepted. Files are
    read from ``folder``, the import file's (None: a source may not be a file). Sources
    whose ``sha256`` is in ``known_sha256s`` (the document has them) are neither read nor fetched."""
    if not record.sources:
        yield []
        return
    with tempfile.TemporaryDirectory(prefix="import-sources-") as work:
        prepared = []
        for number, source in enumerate(record.sources, 1):
            if source.sha256 and source.sha256 in known_sha256s:
                continue
            try:
                prepared.append(prepare(number, source, folder, Path(work) / str(number), dry_run))
            except BadSource as error:
                raise RecordError(f"sources[{number}] ({source.given_as[:100]}): {error}") from None
        yield prepared


def prepare(number, source, folder, download_path, dry_run):
    if source.file:
        path = local_file(source.file, folder)
        retrieved_from, retrieved_on = source.retrieved_from, source.retrieved_on
    else:
        retrieved_from, retrieved_on = source.retrieved_from or source.url, source.retrieved_on or timezone.localdate()
        if dry_run:
            parts = check_url(source.url)
            checked_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            return PreparedSource(number, source.url, None, source.sha256, source.label, retrieved_from, retrieved_on)
        download(source.url, download_path, name=f"“{source.url[:100]}”")
        path = download_path
    name = PurePosixPath(source.file).name if source.file else url_file_name(source.url)
    checked = check_file(path, name)
    if source.sha256 and checked.sha256 != source.sha256:
        raise BadSource(f"its SHA-256 is {checked.sha256}, not the {source.sha256} the record gives")
    return PreparedSource(number, name, path, checked.sha256, source.label, retrieved_from, retrieved_on)


def local_file(given, folder):
    """Return the path of a ``file`` source in the import file's ``folder``, or raise ``BadSource``."""
    if folder is None:
        raise BadSource("a source given as a file is read only by manage.py import_documents, from the import "
                        "file's folder; here give its url")
    relative = PurePosixPath(given)
    if relative.is_absolute() or PureWindowsPath(given).is_absolute() or PureWindowsPath(given).drive:
        raise BadSource("a file's path must be relative to the import file's folder, not absolute")
    if ".." in relative.parts or "\\" in given:
        raise BadSource("a file's path may not leave the import file's folder (no “..”, no backslashes)")
    base = Path(folder).resolve()
    try:
        path = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        raise BadSource(f"there is no file {given!r} in {base}") from None
    if not path.is_relative_to(base):
        raise BadSource("a file's path may not leave the import file's folder (it is a link to a file outside)")
    if not path.is_file():
        raise BadSource(f"{given!r} is not a file")
    return path


def url_file_name(url):
    return PurePosixPath(url.split("?")[0].split("#")[0]).name[:255] or "download"


def attach_sources(document, prepared, store):
    """Attach each prepared source the document does not yet have (by SHA-256); return the names of
    those attached (or that a dry run, ``store`` false, would attach). Raise ``RecordError`` if one is refused."""
    have = set(document.sources.values_list("sha256", flat=True))
    added = []
    for source in prepared:
        if source.sha256 and source.sha256 in have:
            continue
        if store:
            try:
                with open(source.path, "rb") as upload:
                    attach_source(document, upload, source.name, label=source.label,
                                  retrieved_from=source.retrieved_from, retrieved_on=source.retrieved_on)
            except BadSource as error:
                raise RecordError(f"sources[{source.number}] ({source.name}): {error}") from None
            source.attached = True
        have.add(source.sha256)
        added.append(source.name)
    return added


def forget_attached(prepared):
    """Delete the stored files of sources attached in a transaction that was rolled back, unless another
    source holds them."""
    for source in prepared:
        if source.attached:
            forget_unused_files(source.sha256)
            source.attached = False


def tie_paragraphs(document, record_sources, prepared):
    """Confirm the ties the record gives for each of its sources the document holds; return the number
    of ties made or changed. Raise ``RecordError`` for a tie its source or the document cannot have.
    A source a dry run did not store is checked against the document's paragraphs only."""
    known = {source.number: source.sha256 for source in prepared}
    held = {source.sha256: source for source in document.sources.all()}
    anchors = [paragraph["anchor"] for paragraph in document.paragraphs]
    changed = 0
    for number, record_source in enumerate(record_sources, 1):
        source = held.get(known.get(number) or record_source.sha256)
        for index, tie in enumerate(record_source.ties, 1):
            where = f"sources[{number}].ties[{index}]"
            if tie.paragraph > len(anchors):
                raise RecordError(f"{where}: the document has {len(anchors)} paragraphs, not {tie.paragraph}")
            if source is not None:
                changed += confirm_tie(document, source, anchors[tie.paragraph - 1], tie, where)
    return changed


def confirm_tie(document, source, anchor, tie, where):
    """Make the paragraph's tie to ``source`` the record's, confirmed; return 1 if that changed it."""
    if source.is_recording != (tie.start is not None):
        raise RecordError(f"{where}: {source} is a recording: give a start time, not a page" if source.is_recording
                          else f"{where}: {source} has pages, not times: give a page")
    if tie.page is not None and tie.page > source.page_count:
        raise RecordError(f"{where}: {source} has {source.page_count} page(s), not {tie.page}")
    if source.duration and (tie.end or tie.start or 0) > source.duration:
        raise RecordError(f"{where}: {source} is {clock(source.duration)} long")
    place = {"page": tie.page, "region": tie.region, "start": tie.start, "end": tie.end, "confirmed": True}
    existing = ParagraphTie.objects.filter(document=document, anchor=anchor, source=source).first()
    if existing is not None and all(getattr(existing, key) == value for key, value in place.items()):
        return 0
    ParagraphTie.objects.update_or_create(document=document, anchor=anchor, source=source, defaults=place)
    return 1
