"""Haystack's Whoosh backend as the archive writes with it: token-for-token fields, one writer at a time.

Haystack keeps the index in step (saves, deletes, ``rebuild_index``, ``update_index``); searching is
``engine.WhooshEngine``'s, which this backend hands out. What is overridden here is writing only.
"""
import fcntl
import multiprocessing
import os
from contextlib import contextmanager

from haystack.backends.whoosh_backend import WhooshEngine as StockWhooshEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend
from haystack.constants import ID as ID_FIELD
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import query
from whoosh.fields import ID
from whoosh.reading import SegmentReader

from .codec import ArchiveCodec
from .compiler import WORD_PAIRS_FIELD
from .engine import COMPLETE_MARKER, WhooshEngine
from .fields import ExactWords, StemmedWords, WordPairs

WRITER_LOCK_FILE = "archive-writer.lock"
# Batches at least this large (imports, rebuilds) are indexed by several processes.
PARALLEL_BATCH = 200
# Segments of fewer documents than this come from editors' saves. A save merges them once there are
# SMALL_SEGMENTS_TO_MERGE of them, and never touches the large segments of imports and rebuilds:
# Whoosh's default policy would, at 10,000 documents, rewrite 8,000 of them during one save.
SMALL_SEGMENT_DOCS = 50
SMALL_SEGMENTS_TO_MERGE = 10
# Documents per index commit in imports and rebuilds. Smaller batches were measured (2,000 documents,
# batches of 250, 64 MB writers): more commits and segment merges made them slower and larger.
BATCH_SIZE = 1000
# Postings a writer process keeps in memory before sorting them to disk. Past it, Whoosh pickles every
# posting to a temporary run and merges the runs back (~4,700 postings a document): at 128 MB that
# was 40% of a rebuild's time. 512 MB holds a batch's share of one process (500 documents of ~2,400
# words) without spilling: rebuild 33 -> 57 docs/s on 2,000 documents, peak RSS ~700 MB a process.
WRITER_LIMIT_MB = 512


def drop_emptied_segments(writer, segments):
    """A Whoosh merge policy for bulk batches: merge nothing, but drop the segments whose every document
    was deleted or written again (Whoosh keeps them: a pass over every document left the index
    twice its size, and every query read the old postings and skipped them)."""
    return [segment for segment in segments if segment.doc_count()]


def merge_small_segments(writer, segments):
    """A Whoosh merge policy: drop emptied segments, merge the small ones into the writer's new one,
    keep the rest."""
    segments = drop_emptied_segments(writer, segments)
    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < SMALL_SEGMENTS_TO_MERGE:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in small]


class ArchiveWhooshBackend(WhooshSearchBackend):
    """Whoosh allows one writer per index. Haystack's ``update`` waits for the lock but ``remove``
    and ``clear`` do not, so under concurrent saves deletions were lost (logged, not raised). Every
    write here first takes an exclusive lock file in the index folder, which serialises writers
    across threads and processes; ``writer_lock`` also lets a caller hold it around a read-then-write.
    """

    engine_class = WhooshEngine  # what searches the index this backend writes

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.batch_size = connection_options.get("BATCH_SIZE", BATCH_SIZE)
        self._writer_depth = 0
        # Set by build_schema: the exact field whose (case-folded) words are paired (``phrases``).
        self.pairs_source = None

    @contextmanager
    def writer_lock(self):
        if self._writer_depth or not self.use_file_storage:
            self._writer_depth += 1
            try:
                yield
            finally:
                self._writer_depth -= 1
            return
        os.makedirs(self.path, exist_ok=True)
        with open(os.path.join(self.path, WRITER_LOCK_FILE), "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            self._writer_depth = 1
            try:
                yield
            finally:
                self._writer_depth = 0
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def update(self, index, iterable, commit=True):
        """Index objects: one delete pass for their old versions, then plain adds.

        Haystack's ``update`` calls Whoosh's ``update_document`` per document, which opens a new
        index reader each time; this makes large batches (imports, rebuilds) several times slower.
        Large batches are also indexed on every core, while this process prepares the next documents.
        """
        if not self.setup_complete:
            self.setup()
        objects = list(iterable)
        if not objects:
            return
        with self.writer_lock():
            procs = self.writer_processes(len(objects))
            writer = self.writer(procs)
            try:
                if not self.index.is_empty():
                    writer.delete_by_query(query.Or([query.Term(ID_FIELD, get_identifier(obj)) for obj in objects]))
                for obj in objects:
                    document = self.prepare_document(index, obj)
                    if document is not None:
                        writer.add_document(**document)
            except Exception:
                writer.cancel()
                if not self.silently_fail:
                    raise
                self.log.exception("Failed to index %d documents", len(objects))
                return
            if procs > 1:
                # Bulk batches (imports, rebuilds) add segments without merging: merging rewrote
                # earlier segments on every batch and more than halved rebuild speed at 10,000.
                writer.commit(mergetype=drop_emptied_segments)
            else:
                writer.commit(mergetype=merge_small_segments)

    @staticmethod
    def writer_processes(batch_size):
        """Use every core for large batches, unless this is already a worker process (update_index -k)."""
        if batch_size < PARALLEL_BATCH or multiprocessing.current_process().daemon:
            return 1
        return min(os.cpu_count() or 1, 4)

    def prepare_document(self, index, obj):
        """Return the Whoosh fields of one object (as Haystack's own update prepares them), or None."""
        try:
            document = index.full_prepare(obj)
        except SkipDocument:
            return None
        document = {key: self._from_python(value) for key, value in document.items()}
        document.pop("boost", None)  # Whoosh 2.5+ has no document boosts
        if self.pairs_source in document:
            document[WORD_PAIRS_FIELD] = document[self.pairs_source]
        return document

    def writer(self, procs=1):
        """Return a Whoosh writer on ``procs`` processes that writes plain (not compound) segments.

        Whoosh reads a compound segment by copying each of its files into memory whenever a
        reader opens it: a searcher on 10,000 documents took ~550 MB and ~300 ms to open. Plain
        segment files are read from disk as needed.
        """
        return self.index.writer(procs=procs, multisegment=procs > 1, limitmb=WRITER_LIMIT_MB, compound=False,
                                 codec=ArchiveCodec())

    def remove(self, obj_or_string, commit=True):
        """Remove one document, merging only small segments (Haystack's remove uses Whoosh's default
        policy, which can rewrite most of the index during one unpublish)."""
        if not self.setup_complete:
            self.setup()
        with self.writer_lock():
            writer = self.writer()
            try:
                writer.delete_by_query(query.Term(ID_FIELD, get_identifier(obj_or_string)))
            except Exception:
                writer.cancel()
                if not self.silently_fail:
                    raise
                self.log.exception("Failed to remove %s from the index", obj_or_string)
                return
            writer.commit(mergetype=merge_small_segments)

    def clear(self, models=None, commit=True):
        with self.writer_lock():
            if models is None:
                # Delete the folder without opening the index first (as Haystack's clear does):
                # an index written by an older version cannot be opened, only replaced.
                self.delete_index()
                return None
            if self.setup_complete and self.storage.file_exists(COMPLETE_MARKER):
                self.storage.delete_file(COMPLETE_MARKER)  # emptied, it no longer holds every document
            return super().clear(models, commit)

    def build_schema(self, fields):
        """Adjust Haystack's schema to the archive's fields.

        ``exact_text`` fields are indexed token for token: their text arrives normalised
        (``speeches.search.text``), so no stemming, stop words or case folding happens here.
        Their phrases are searched through the word pairs of the case-folded one (``phrases``).
        Each language's words field is stemmed by its analysis (``languages``).
        Other single-valued string fields (kind, language, venue, event) hold one value to filter
        and facet on, so they are indexed whole, not stemmed as Haystack's default text would be.
        """
        content_field_name, schema = super().build_schema(fields)
        # Words are only searched one by one (phrases go to exact_text): no positions, no stored
        # copy and no spelling index for the stemmed field.
        schema.remove(content_field_name)
        schema.add(content_field_name, StemmedWords())
        for field in fields.values():
            if field.document or field.is_multivalued:
                continue
            if field.field_type == "language_words":
                replacement = StemmedWords(field.analysis)
            elif field.field_type == "exact_text":
                replacement = ExactWords()
                if not field.case_sensitive:
                    self.pairs_source = field.index_fieldname
            elif field.field_type == "string":
                replacement = ID(stored=field.stored)
            else:
                continue
            schema.remove(field.index_fieldname)
            schema.add(field.index_fieldname, replacement)
        if self.pairs_source:
            schema.add(WORD_PAIRS_FIELD, WordPairs())
        return content_field_name, schema


class HaystackEngine(StockWhooshEngine):
    backend = ArchiveWhooshBackend
