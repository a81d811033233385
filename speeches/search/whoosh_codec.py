"""Whoosh's own segment format, read without asking the disk the same question for every posting.

When Whoosh 2.7.4 writes a segment's postings it looks up each posting's field length, and for a
field that keeps no lengths (the word pairs of ``whoosh_phrases``) it checks whether the lengths
file exists again for each posting: ~2,000 ``stat`` calls per document, a fifth of indexing time.
A segment's files do not change once written, so the answer is kept.

Segments record the codec that wrote them, so indexes written with this one name this class.
"""
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader


class ArchiveCodec(W3Codec):
    def per_document_reader(self, storage, segment):
        return ColumnsCheckedOnceReader(storage, segment)


class ColumnsCheckedOnceReader(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._has_column = {}

    def has_column(self, fieldname):
        if fieldname not in self._has_column:
            self._has_column[fieldname] = super().has_column(fieldname)
        return self._has_column[fieldname]
