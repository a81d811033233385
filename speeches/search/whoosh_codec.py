"""Whoosh's own segment format, with field lengths read once per segment instead of once per document.

BM25 scores each hit by its field's length, which Whoosh 2.7.4 reads from disk for every hit (a
seek and a read: a third of the time of a query with 8,000 hits at 10,000 documents). Writing a
segment, it also looks up the length of every posting, and for a field without lengths (the word
pairs of ``whoosh_phrases``) checks whether the lengths file exists each time: ~2,000 ``stat``
calls per document, a fifth of indexing time. A segment's files do not change once written, so
this reader keeps each field's lengths (one byte per document) and which fields have none.

Segments record the codec that wrote them, so indexes written with this one name this class.
"""
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length


class ArchiveCodec(W3Codec):
    def per_document_reader(self, storage, segment):
        return LengthsInMemoryReader(storage, segment)


class LengthsInMemoryReader(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._has_column = {}
        self._lengths = {}

    def has_column(self, fieldname):
        if fieldname not in self._has_column:
            self._has_column[fieldname] = super().has_column(fieldname)
        return self._has_column[fieldname]

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

    def _length_bytes(self, fieldname):
        column = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        # The column is one byte per document from its start (NumericColumn "B").
        return column._dbfile.get(column._basepos, column._count)
