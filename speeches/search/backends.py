"""The Whoosh engine as the archive uses it: token-for-token fields, and one index writer at a time."""
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
from whoosh.analysis import SpaceSeparatedTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, TEXT
from whoosh.qparser import QueryParser
from whoosh.reading import ReaderClosed, SegmentReader

from .whoosh_codec import ArchiveCodec
from .whoosh_facets import FacetTables, is_field_facets, search_page_with_facets
from .whoosh_phrases import WordPairTokenizer, pair_phrases

WRITER_LOCK_FILE = "archive-writer.lock"
# The pairs of adjacent words of each document, through which phrases are searched (whoosh_phrases).
WORD_PAIRS_FIELD = "word_pairs"
# Text arrives lower-cased and split by speeches.search.text: Whoosh only drops stop words and stems
# (the stop list and stemmer of its StemmingAnalyzer, without re-tokenising).
STEMMED_WORDS = SpaceSeparatedTokenizer() | StopFilter() | StemFilter()
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
WRITER_LIMIT_MB = 128


def merge_small_segments(writer, segments):
    """A Whoosh merge policy: merge the small segments into the writer's new one, keep the rest."""
    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT_DOCS]
    if len(small) < SMALL_SEGMENTS_TO_MERGE:
        return segments
    for segment in small:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in small]


class KeptSearcher:
    """A searcher that Haystack may "close" after each query without closing it, and that counts
    field facets from cached tables (``whoosh_facets``)."""

    def __init__(self, searcher, facet_tables):
        self._searcher = searcher
        self._facet_tables = facet_tables

    def close(self):
        pass

    def search_page(self, query, pagenum, pagelen=10, groupedby=None, **kwargs):
        if is_field_facets(groupedby):
            return search_page_with_facets(self._searcher, self._facet_tables, query, pagenum, pagelen,
                                           groupedby, **kwargs)
        return self._searcher.search_page(query, pagenum, pagelen, groupedby=groupedby, **kwargs)

    def __getattr__(self, name):
        return getattr(self._searcher, name)


class ReusedSearcherIndex:
    """A Whoosh index whose searcher is opened once and reused until the index changes.

    Haystack's Whoosh backend opens two or three searchers (each copying segment data) on every
    query; that, not Whoosh, made the stock search path ~10-30x slower than raw Whoosh. Haystack
    keeps one backend per thread, so one searcher per backend is never shared between threads.
    """

    def __init__(self, index):
        self._index = index
        self._searcher = None
        self._version = None
        self._facet_tables = FacetTables()

    def refresh(self):
        return self

    def searcher(self, **kwargs):
        version = self.version()
        if version != self._version or self._searcher is None:
            # Not Searcher.refresh(): Whoosh 2.7.4 keys the readers it would reuse by generation
            # but looks them up by segment id, so it never reuses one and leaves most of the old
            # readers (and their memory-mapped files) open: +100-250 MB per commit in a rebuild.
            self.forget_searcher()
            self._searcher = self._index.searcher()
            # Only once it opened: an index that failed to open is tried again on the next search.
            self._version = version
        return KeptSearcher(self._searcher, self._facet_tables)

    def forget_searcher(self):
        """Close the kept searcher; the next search opens a new one. After a failure the kept one
        may be closed or point at files that are gone, even where the index looks unchanged
        (restored with its old timestamps): keeping it served errors until a restart."""
        searcher, self._searcher, self._version = self._searcher, None, None
        if searcher is not None:
            try:
                searcher.close()
            except ReaderClosed:
                pass

    def version(self):
        """Return (generation, time of its TOC file): changes on every commit and every rebuild."""
        generation = self._index.latest_generation()
        try:
            written = self._index.storage.file_modified(f"_{self._index.indexname}_{generation}.toc")
        except OSError:
            written = None
        return generation, written

    def doc_count(self):
        """Count from the table of contents. (Whoosh's ``Index.doc_count`` opens a reader on every
        segment; Haystack calls this on every query and writers must not hold readers.)"""
        return sum(segment.doc_count() for segment in self._index._segments())

    def __getattr__(self, name):
        return getattr(self._index, name)


class PairedPhraseParser(QueryParser):
    """Whoosh's query parser, with phrases on exact fields searched through word pairs."""

    def __init__(self, fieldname, schema, paired_fields):
        super().__init__(fieldname, schema=schema)
        self.paired_fields = paired_fields

    def parse(self, text, normalize=True, debug=False):
        return pair_phrases(super().parse(text, normalize=normalize, debug=debug), self.paired_fields)


class ArchiveWhooshBackend(WhooshSearchBackend):
    """Whoosh allows one writer per index. Haystack's ``update`` waits for the lock but ``remove``
    and ``clear`` do not, so under concurrent saves deletions were lost (logged, not raised). Every
    write here first takes an exclusive lock file in the index folder, which serialises writers
    across threads and processes; ``writer_lock`` also lets a caller hold it around a read-then-write.
    """

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.batch_size = connection_options.get("BATCH_SIZE", BATCH_SIZE)
        self._writer_depth = 0
        # Set by build_schema: the exact field whose (case-folded) words are paired, and the
        # exact fields whose phrases are searched through those pairs.
        self.pairs_source = None
        self.paired_fields = {}

    def setup(self):
        super().setup()
        self.index = ReusedSearcherIndex(self.index)
        self.parser = PairedPhraseParser(self.content_field_name, self.schema, self.paired_fields)

    def recover(self):
        """Start afresh after a failed search: reopen the index and its searcher on the next one."""
        if self.setup_complete:
            self.index.forget_searcher()
        self.setup_complete = False

    def schema_matches(self):
        """Return whether the index on disk has the fields, of the same kinds, that the code defines."""
        if not self.setup_complete:
            self.setup()
        # Opened without a schema, the index reads the one it was written with (Haystack opens it
        # with the code's own, which would always match).
        stored, defined = self.storage.open_index().schema, self.schema
        return stored.names() == defined.names() and all(
            type(stored[name]) is type(defined[name]) for name in defined.names())

    def document_count(self):
        """Return how many documents the index holds, from its table of contents."""
        if not self.setup_complete:
            self.setup()
        return self.index.doc_count()

    def index_version(self):
        """Return a string that changes with every commit to this index."""
        if not self.setup_complete:
            self.setup()
        generation, written = self.index.version()
        return f"{self.path}:{generation}:{written}"

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
                if self.index.doc_count():
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
                writer.commit(merge=False)
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
            return super().clear(models, commit)

    def build_schema(self, fields):
        """Adjust Haystack's schema to the archive's fields.

        ``exact_text`` fields are indexed token for token: their text arrives normalised
        (``speeches.search.text``), so no stemming, stop words or case folding happens here.
        Their phrases are searched through the word pairs of the case-folded one (``whoosh_phrases``).
        Other single-valued string fields (kind, language, venue, event) hold one value to filter
        and facet on, so they are indexed whole, not stemmed as Haystack's default text would be.
        """
        content_field_name, schema = super().build_schema(fields)
        # Words are only searched one by one (phrases go to exact_text): no positions, no stored
        # copy and no spelling index for the stemmed field.
        schema.remove(content_field_name)
        schema.add(content_field_name, TEXT(stored=False, analyzer=STEMMED_WORDS, phrase=False))
        for field in fields.values():
            if field.document or field.is_multivalued:
                continue
            if field.field_type == "exact_text":
                replacement = TEXT(stored=False, analyzer=SpaceSeparatedTokenizer(), phrase=True)
                self.paired_fields[field.index_fieldname] = WORD_PAIRS_FIELD
                if not field.case_sensitive:
                    self.pairs_source = field.index_fieldname
            elif field.field_type == "string":
                replacement = ID(stored=field.stored)
            else:
                continue
            schema.remove(field.index_fieldname)
            schema.add(field.index_fieldname, replacement)
        if self.pairs_source:
            word_pairs = KEYWORD(scorable=False)  # document numbers only: no frequencies, no positions
            word_pairs.analyzer = WordPairTokenizer()
            schema.add(WORD_PAIRS_FIELD, word_pairs)
        return content_field_name, schema


class WhooshEngine(StockWhooshEngine):
    backend = ArchiveWhooshBackend
