"""The Whoosh engine as the archive uses it: token-for-token fields, and one index writer at a time."""
import fcntl
import os
from contextlib import contextmanager

from haystack.backends.whoosh_backend import WhooshEngine as StockWhooshEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, TEXT

WRITER_LOCK_FILE = "archive-writer.lock"


class ArchiveWhooshBackend(WhooshSearchBackend):
    """Whoosh allows one writer per index. Haystack's ``update`` waits for the lock but ``remove``
    and ``clear`` do not, so under concurrent saves deletions were lost (logged, not raised). Every
    write here first takes an exclusive lock file in the index folder, which serialises writers
    across threads and processes; ``writer_lock`` also lets a caller hold it around a read-then-write.
    """

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._writer_depth = 0

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
