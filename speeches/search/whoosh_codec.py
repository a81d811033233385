"""Whoosh's own segment format, with field lengths and sort keys read once per segment, not per hit.

BM25 scores each hit by its field's length, which Whoosh 2.7.4 reads from disk hit by hit (a seek
and a read: a third of the time of a query with 8,000 hits at 10,000 documents); sorting by date
reads each hit's date the same way. Writing a segment, Whoosh also looks up the length of every
posting, and for a field without lengths (the word pairs of ``whoosh_phrases``) checks whether the
lengths file exists each time: ~2,000 ``stat`` calls per document, a fifth of indexing time.

A segment's files do not change once written, so this reader keeps each field's lengths (a byte per
document), the sort keys of a field once a search has sorted by it, and which fields have none.
Segments record the codec that wrote them, so indexes written with this one name this class.
"""
from functools import partial

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.columns import ColumnReader
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length


class ArchiveCodec(W3Codec):
    def per_document_reader(self, storage, segment):
        return CachedColumnsReader(storage, segment)


class CachedColumnsReader(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._has_column = {}
        self._lengths = {}
        self._length_lists = {}
        self._sort_keys = {}

    def has_column(self, fieldname):
        if fieldname not in self._has_column:
            self._has_column[fieldname] = super().has_column(fieldname)
        return self._has_column[fieldname]

    def column_reader(self, fieldname, column):
        if fieldname.startswith("_"):  # stored fields and lengths: read as Whoosh reads them
            return super().column_reader(fieldname, column)
        open_reader = partial(super().column_reader, fieldname, column)
        return SortKeysInMemory(open_reader, self._sort_keys.setdefault(fieldname, {}))

    def doc_field_length(self, docnum, fieldname, default=0):
        """Return what Whoosh's reader returns, from the field's length bytes held in memory."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._length_bytes(fieldname)
        lengths = self._lengths[fieldname]
        if lengths is None:
            return default
        if docnum >= len(lengths):
            return super().doc_field_length(docnum, fieldname, default)
        return byte_to_length(lengths[docnum]) if lengths[docnum] else None

    def field_lengths(self, fieldname):
        """Return what ``doc_field_length(docnum, fieldname, 1)`` returns for each document, as a list
        (``whoosh_ranking`` scores thousands of hits from it)."""
        if fieldname not in self._length_lists:
            self._length_lists[fieldname] = [self.doc_field_length(docnum, fieldname, 1)
                                             for docnum in range(self._doccount)]
        return self._length_lists[fieldname]

    def _length_bytes(self, fieldname):
        column = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        # The column is one byte per document from its start (NumericColumn "B").
        return column._dbfile.get(column._basepos, column._count)


def read_postings(reader, fieldname, text):
    """Return {document number: weight} of one term (bytes) in one segment, read a block at a time
    (Whoosh's matchers take several Python calls per posting), or None if the segment's postings
    are not in this codec's format."""
    matcher = reader.postings(fieldname, text)
    deleted = ()
    if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
        matcher, deleted = matcher.child, matcher._ids
    if type(matcher) is not W3LeafMatcher:
        return None
    weights = {}
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        weights.update(zip(matcher._ids, matcher._weights))
        matcher._next_block()
    for docnum in deleted:
        weights.pop(docnum, None)
    return weights


class SortKeysInMemory(ColumnReader):
    """A column reader whose sort keys are read from disk once per segment and direction, then kept."""

    def __init__(self, open_reader, keys_by_direction):
        self._open_reader = open_reader  # returns a new reader of the column on disk
        self._keys_by_direction = keys_by_direction  # shared by the readers of one segment's column
        self._reader = open_reader()
        self._reverse = False

    def __len__(self):
        return len(self._reader)

    def __getitem__(self, docnum):
        return self._reader[docnum]

    def __iter__(self):
        return iter(self._reader)

    def load(self):
        return self._reader.load()

    def set_reverse(self):
        self._reverse = True

    def sort_key(self, docnum):
        keys = self._keys_by_direction.get(self._reverse)
        if keys is None:
            reader = self._open_reader()
            if self._reverse:
                reader.set_reverse()
            keys = self._keys_by_direction[self._reverse] = [reader.sort_key(doc) for doc in range(len(reader))]
        return keys[docnum]
