"""Writing the dumps: every published document in each format, a manifest and the changes since the
previous dump, in ``DATA_DIR/dumps/<version>/`` (version: the date and a sequence number, 2026-12-06.1).
The manifest also lists the source files of the published documents (``source_file_entries``) by their
permanent addresses and SHA-256s; the files themselves stay at those addresses, not in the dump.

A dump is written into a hidden temporary folder and renamed into place only when complete, so a run
that is killed or fails never leaves a half dump: the previous one goes on being served. Documents are
read once, a chunk at a time (``iterator(chunk_size=...)`` prefetches per chunk), never all at once,
and each is written to every file in turn, the files open side by side.
"""
import csv
import gzip
import hashlib
import io
import json
import queue
import re
import shutil
import tempfile
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from speeches.importers.document_files import export_record, source_record
from speeches.models import Document
from speeches.research.exports import spreadsheet_list, spreadsheet_safe

from . import tei, vertical

CHUNK = 500
# A document a format cannot hold (a value of its own: ``write_everywhere``) is left out of the dump and
# named in its manifest, not allowed to stop the dump of the whole archive; this many are a fault of the
# dump's own, which stops it.
MOST_SKIPPED = 100
MANIFEST = "manifest.json"
CHANGES = "changes.json"
VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}\.\d+$")
RIGHTS = ("Texts are kept as their sources give them; the rights in each text stay with its source "
          "(source_publisher, source_url). The archive's metadata, anchors and alignments may be reused with "
          "a citation of the dump (version and date).")
CSV_COLUMNS = ["public_id", "url", "title", "subtitle", "kind", "date", "language", "text_role", "speakers",
               "venue", "event", "regions", "countries", "source_publisher", "source_url", "source_retrieved",
               "other_texts", "word_count", "published_at", "corrected_at",
               # Wikidata items in the order of the names in speakers, venue, regions, countries; "" where none.
               "speakers_wikidata", "venue_wikidata", "regions_wikidata", "countries_wikidata"]


def dumps_folder():
    return Path(settings.DATA_DIR) / "dumps"


def absolute(path):
    return settings.ARCHIVE_BASE_URL + path


def document_record(document):
    """Return a document as a JSON line holds it: the import record (importing it gives the document back)
    and what its page shows besides: its permanent URL and every text's paragraphs with their anchors."""
    record = export_record(document)
    record.pop("status")  # always published here
    record["url"] = absolute(document.permanent_path())
    record["published_at"] = document.published_at.isoformat() if document.published_at else None
    record["corrected_at"] = document.corrected_at.isoformat() if document.corrected_at else None
    record["paragraphs"] = paragraph_records(document, document.paragraphs, "")
    for text_record, text in zip(record.get("texts", []), document.texts.all(), strict=True):
        text_record["paragraphs"] = paragraph_records(document, text.paragraphs, text.language)
        text_record["alignment_anchors"] = text.alignment
    return record


def paragraph_records(document, paragraphs, language):
    page_url = document.permanent_path()
    return [{"anchor": paragraph["anchor"], "text": paragraph["text"],
             "url": absolute(document.paragraph_url(paragraph["anchor"], language, page_url=page_url))}
            for paragraph in paragraphs]


@contextmanager
def json_lines(stream):
    """Open the JSON lines on ``stream``: give the function that writes a document's line."""
    yield lambda document: stream.write(json.dumps(document_record(document), ensure_ascii=False) + "\n")


@contextmanager
def csv_rows(stream):
    """Open the CSV on ``stream`` (its header written): give the function that writes a document's row."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    yield lambda document: writer.writerow([spreadsheet_safe(value) for value in csv_row(document)])


def csv_row(document):
    venue = document.venue
    people = [speaker.person for speaker in document.speakers.all()]
    regions, countries = list(document.regions.all()), list(document.countries.all())
    return [
        document.public_id, absolute(document.permanent_path()), document.title, document.subtitle,
        document.kind, document.partial_date.iso if document.date else "", document.language, document.text_role,
        spreadsheet_list(f"{s.person.name} ({s.role})" if s.role else s.person.name for s in document.speakers.all()),
        str(venue) if venue else "", document.event,
        spreadsheet_list(region.name for region in regions), spreadsheet_list(country.name for country in countries),
        document.source_publisher, document.source_url,
        document.source_retrieved.isoformat() if document.source_retrieved else "",
        "; ".join(f"{text.language} ({text.role})" for text in document.texts.all()), document.word_count,
        document.published_at.isoformat() if document.published_at else "",
        document.corrected_at.isoformat() if document.corrected_at else "",
        wikidata_items(people), venue.wikidata if venue else "", wikidata_items(regions), wikidata_items(countries),
    ]


def wikidata_items(rows):
    """Return the rows' Wikidata items in their order ("Q1; ; Q3": the second has none), or "" if none has one."""
    return "; ".join(row.wikidata for row in rows) if any(row.wikidata for row in rows) else ""


# (file name, what it holds, writer). Each file is gzip-compressed UTF-8 text. A writer is a context
# manager: ``with writer(text_stream) as write:`` opens the file's structure (a header, a root element),
# ``write(document)`` writes one document, leaving closes the structure. Documents are read once for
# all the files: each is written to every file in turn.
FORMATS = [
    ("documents.jsonl.gz", "JSON lines: one document a line, with every text, its paragraphs and their anchors",
     json_lines),
    ("documents.csv.gz", "CSV: the metadata, one row a document", csv_rows),
    ("documents.tei.xml.gz", "TEI (Parla-CLARIN conventions): a teiCorpus, every text a text, every paragraph a seg "
     "whose xml:id carries its anchor", tei.corpus_writer),
    ("documents.vrt.gz", "Vertical file for CWB, NoSketch Engine and KonText: one token a line with its lowercase "
     "form, texts and paragraphs as structures", vertical.corpus_writer),
]
# gzip's own default level. Python's (9) took twice as long for files 1% smaller (the four files of 2,000
# benchmark documents: 10.6 s against 5.6 s); 3 would take 2 s, for files 10% larger.
COMPRESSION_LEVEL = 6


class Compressor:
    """A thread that compresses and writes the dump's files while the main thread makes their text (zlib
    lets go of the GIL, so on two cores compression costs the dump little time). Text streams ``open``
    hand it blocks of BLOCK bytes; at most QUEUED blocks wait, so memory stays bounded."""

    BLOCK = 1 << 20
    QUEUED = 16

    def __init__(self):
        self.blocks = queue.Queue(maxsize=self.QUEUED)
        self.error = None
        self.thread = threading.Thread(target=self.run, name="dump compressor", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exception):
        self.blocks.put(None)
        self.thread.join()
        if self.error is not None and exception[0] is None:
            raise self.error

    def open(self, path):
        """Return a UTF-8 text stream onto the gzip file ``path``, compressed on this thread."""
        return io.TextIOWrapper(io.BufferedWriter(QueuedFile(self, gzip.open(path, "wb", COMPRESSION_LEVEL)),
                                                  self.BLOCK), encoding="utf-8", newline="")

    def put(self, file, block):
        """Have ``block`` written to ``file`` (None: close it)."""
        if self.error is not None:
            raise self.error
        self.blocks.put((file, block))

    def run(self):
        while (item := self.blocks.get()) is not None:
            file, block = item
            if self.error is not None:
                continue  # drain, so that the main thread never waits on a full queue
            try:
                file.close() if block is None else file.write(block)
            except BaseException as error:  # raised in the main thread at its next block, or on leaving
                self.error = error


class QueuedFile(io.RawIOBase):
    """The raw binary file under a dump's text stream: each block goes to the compressor's thread."""

    def __init__(self, compressor, file):
        self.compressor, self.file = compressor, file

    def writable(self):
        return True

    def write(self, block):
        self.compressor.put(self.file, bytes(block))
        return len(block)

    def close(self):
        if not self.closed:
            super().close()
            self.compressor.put(self.file, None)


class DumpError(Exception):
    """So many documents could not be written that the fault is the dump's, not theirs."""


class StagedStream:
    """A text stream that holds what is written to it until ``commit`` passes it on to ``stream``, or
    ``discard`` drops it: a document is written to every file of a dump or to none."""

    def __init__(self, stream):
        self.stream, self.pending = stream, []

    def write(self, text):
        self.pending.append(text)
        return len(text)

    def commit(self):
        self.stream.write("".join(self.pending))
        self.pending.clear()

    def discard(self):
        self.pending.clear()


def write_everywhere(document, writers, staged):
    """Write ``document`` with every writer, to their ``staged`` streams; return "" once written, or why
    it could not be (a value a format cannot hold), nothing of it written then."""
    try:
        for write in writers:
            write(document)
    except ValueError as error:
        for stream in staged:
            stream.discard()
        return str(error) or type(error).__name__
    for stream in staged:
        stream.commit()
    return ""


def write_files(folder, formats):
    """Write every published document to the file of each of ``formats`` in ``folder``; return {public
    id: source publisher} of the documents written, their source files' entries, and the documents left
    out (``write_everywhere``) with why."""
    documents, source_files, skipped = {}, [], []
    with ExitStack() as open_files:
        compressor = open_files.enter_context(Compressor())
        writers, staged = [], []
        for name, _, writer in formats:
            stream = StagedStream(open_files.enter_context(compressor.open(folder / name)))
            open_files.callback(stream.commit)  # what the writer writes on closing, once it has
            writers.append(open_files.enter_context(writer(stream)))
            staged.append(stream)
            stream.commit()  # the file's header
        for document in published_documents():
            if problem := write_everywhere(document, writers, staged):
                skipped.append({"public_id": document.public_id, "error": problem})
                if len(skipped) > MOST_SKIPPED:
                    raise DumpError(f"More than {MOST_SKIPPED} documents could not be written, the last "
                                    f"{document.public_id}: {problem}")
                continue
            documents[document.public_id] = document.source_publisher
            source_files += source_file_entries(document)
    return documents, source_files, skipped


def published_documents():
    """Yield every published document with what the dump writes of it, a chunk at a time."""
    return (Document.objects.published().order_by("pk").with_index_data().prefetch_related("sources__ties")
            .iterator(chunk_size=CHUNK))


def source_file_entries(document):
    """Return the manifest's entries for ``document``'s source files: what its JSON line says of each
    (``source_record``: the permanent url, label, SHA-256, where and when it was retrieved, the very same
    values) with its document and what a user needs to fetch and check it."""
    document_url = absolute(document.permanent_path())
    return [{"sha256": source.sha256, **source_record(source), "bytes": source.size,
             "content_type": source.content_type, "kind": source.kind, "document": document.public_id,
             "document_url": document_url}
            for source in document.sources.all()]


def versions():
    """Return the complete dumps' versions, oldest first."""
    folder = dumps_folder()
    if not folder.is_dir():
        return []
    found = [path.name for path in folder.iterdir() if VERSION.match(path.name) and (path / MANIFEST).is_file()]
    return sorted(found, key=version_key)


def version_key(version):
    day, sequence = version.split(".")
    return day, int(sequence)


def read_manifest(version):
    return json.loads((dumps_folder() / version / MANIFEST).read_text(encoding="utf-8"))


def latest_manifest():
    """Return the current dump's manifest, or None before the first dump."""
    found = versions()
    return read_manifest(found[-1]) if found else None


def next_version(today, existing):
    sequence = max((int(v.split(".")[1]) for v in existing if v.startswith(f"{today}.")), default=0) + 1
    return f"{today}.{sequence}"


def write_dump(keep=None, formats=None):
    """Write a new dump of every published document; return its manifest. Keep the last ``keep`` dumps."""
    keep = settings.OPEN_DATA_DUMPS_KEPT if keep is None else keep
    formats = FORMATS if formats is None else formats
    root = dumps_folder()
    root.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    existing = versions()
    previous = read_manifest(existing[-1]) if existing else None
    version = next_version(now.date().isoformat(), existing)
    temporary = Path(tempfile.mkdtemp(prefix=".writing-", dir=root))
    try:
        documents, source_files, skipped = write_files(temporary, formats)
        files = [{"name": name, "description": description, **file_facts(temporary / name)}
                 for name, description, _ in formats]
        changes = changes_since(previous, temporary, {entry["public_id"] for entry in skipped})
        write_json(temporary / CHANGES, changes)
        manifest = {
            "version": version, "date": now.isoformat(), "previous_version": previous["version"] if previous else None,
            "documents": len(documents), "files": files, "rights": RIGHTS,
            "sources": sorted({source for source in documents.values() if source}),
            "source_files": sorted(source_files, key=lambda entry: (entry["sha256"], entry["document"])),
            "changes": {kind: len(ids) for kind, ids in changes.items() if kind != "previous_version"},
            "skipped": skipped,
        }
        write_json(temporary / MANIFEST, manifest)
        temporary.chmod(0o755)
        temporary.rename(root / version)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    for old in versions()[:-keep] if keep > 0 else []:
        shutil.rmtree(root / old, ignore_errors=True)
    return manifest


def changes_since(previous, folder, skipped=frozenset()):
    """Return the public ids added, corrected (any of its JSON line changed: a text, a paragraph, the
    metadata) and withdrawn (no longer published: unpublished, deleted or merged) since the ``previous``
    dump's manifest, comparing the JSON lines in ``folder`` with the previous dump's. A document this dump
    ``skipped`` is still published: it is not withdrawn (a mirror would delete it), only named in the manifest."""
    digests = line_digests(folder)
    if previous is None:
        return {"previous_version": None, "added": sorted(digests), "corrected": [], "withdrawn": []}
    before = line_digests(dumps_folder() / previous["version"])
    return {
        "previous_version": previous["version"],
        "added": sorted(digests.keys() - before.keys()),
        "corrected": sorted(public_id for public_id in digests.keys() & before.keys()
                            if digests[public_id] != before[public_id]),
        "withdrawn": sorted(before.keys() - digests.keys() - skipped),
    }


def line_digests(folder):
    """Return public id -> SHA-256 of its line in a dump's JSON lines (read a line at a time)."""
    with gzip.open(Path(folder) / FORMATS[0][0], "rt", encoding="utf-8") as stream:
        return {json.loads(line)["public_id"]: hashlib.sha256(line.encode()).hexdigest() for line in stream}


def file_facts(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def write_json(path, value):
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def dump_file(version, name):
    """Return the path of file ``name`` of dump ``version``, or None if there is no such file."""
    if not VERSION.match(version) or name not in {*(n for n, _, _ in FORMATS), MANIFEST, CHANGES}:
        return None
    path = dumps_folder() / version / name
    return path if path.is_file() else None
