"""The Whoosh engine as the archive uses it: token-for-token fields, and one index writer at a time."""
import fcntl
import os
from contextlib import contextmanager

from haystack.backends.whoosh_backend import WhooshEngine as StockWhooshEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT

WRITER_LOCK_FILE = "archive-writer.lock"


class KeptSearcher:
    """A searcher that Haystack may "close" after each query without closing it."""

    def __init__(self, searcher):
        self._searcher = searcher

    def close(self):
        pass

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

    def refresh(self):
        return self

    def searcher(self, **kwargs):
        version = self.version()
        if self._searcher is None:
            self._searcher = self._index.searcher()
        elif version[0] != self._version[0]:
            # Reopens only the segments that changed (segments have unique names, so a rebuilt
            # index shares none with the old one).
            self._searcher = self._searcher.refresh()
        elif version != self._version:
            # Rebuilt back to the same generation: refresh() would see nothing new.
            self._searcher.close()
            self._searcher = self._index.searcher()
        self._version = version
        return KeptSearcher(self._searcher)

    def version(self):
        """Return (generation, time of its TOC file): changes on every commit and every rebuild."""
        generation = self._index.latest_generation()
        try:
            written = self._index.storage.file_modified(f"_{self._index.indexname}_{generation}.toc")
        except OSError:
            written = None
        return generation, written

    def doc_count(self):
        return self.searcher().doc_count()

    def __getattr__(self, name):
        return getattr(self._index, name)


class ArchiveWhooshBackend(WhooshSearchBackend):
    """Whoosh allows one writer per index. Haystack's ``update`` waits for the lock but ``remove``
    and ``clear`` do not, so under concurrent saves deletions were lost (logged, not raised). Every
    write here first takes an exclusive lock file in the index folder, which serialises writers
    across threads and processes; ``writer_lock`` also lets a caller hold it around a read-then-write.
    """

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._writer_depth = 0

    def setup(self):
        super().setup()
        self.index = ReusedSearcherIndex(self.index)

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
        with self.writer_lock():
            return super().update(index, iterable, commit)

    def remove(self, obj_or_string, commit=True):
        with self.writer_lock():
            return super().remove(obj_or_string, commit)

    def clear(self, models=None, commit=True):
        with self.writer_lock():
            return super().clear(models, commit)

    def build_schema(self, fields):
        """Adjust Haystack's schema to the archive's fields.

        ``exact_text`` fields are indexed token for token: their text arrives normalised
        (``speeches.search.text``), so no stemming, stop words or case folding happens here.
        Other single-valued string fields (kind, language, venue, event) hold one value to filter
        and facet on, so they are indexed whole, not stemmed as Haystack's default text would be.
        """
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            if field.document or field.is_multivalued:
                continue
            if field.field_type == "exact_text":
                replacement = TEXT(stored=False, analyzer=SpaceSeparatedTokenizer(), phrase=True)
            elif field.field_type == "string":
                replacement = ID(stored=field.stored)
            else:
                continue
            schema.remove(field.index_fieldname)
            schema.add(field.index_fieldname, replacement)
        return content_field_name, schema


class WhooshEngine(StockWhooshEngine):
    backend = ArchiveWhooshBackend
