"""Whoosh's own segment format (W3Codec), with field lengths read once per segment, not per hit.

BM25 scores each hit by its field's length, which Whoosh 2.7.4 reads from disk hit by hit (a seek
and a read: a third of the time of a query with 8,000 hits at 10,000 documents). Writing a segment, Whoosh also looks up the length of every
posting, and for a field without lengths (the word pairs of ``phrases``) checks whether the
lengths file exists each time: ~2,000 ``stat`` calls per document, a fifth of indexing time.

A segment's files do not change once written, so this reader keeps each field's lengths (a byte per
document) and which fields have none; posting lists read whole are kept for the next query that
reads them (``recent_postings``, ``recent_values``). Posting blocks are compressed at zlib level 1.
Segments record the codec that wrote them (this class, by its module path): an index written before
this module moved cannot be opened and is rebuilt.
"""
import threading
from collections import OrderedDict
from itertools import accumulate
from pickle import loads

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length


class RecentlyRead:
    """What was read last, most recently used first, kept within ``budget`` as ``size`` measures it."""

    def __init__(self, budget, size=lambda read: 1):
        self.budget, self.size, self.held = budget, size, 0
        self._read = OrderedDict()  # key -> (what was read, its size)
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            if key in self._read:
                self._read.move_to_end(key)
                return self._read[key][0]
        return default

    def put(self, key, read):
        size = self.size(read)
        with self._lock:
            if key not in self._read:
                self._read[key] = (read, size)
                self.held += size
            while self.held > self.budget and len(self._read) > 1:
                _, (_, size) = self._read.popitem(last=False)
                self.held -= size
        return read


# Posting lists read last, kept for the next read of the same term in the same segment: the
# concordance and the timeline read a frequent word's postings twice (its documents in order, then
# how often each says it). Keyed by segment reader, which knows the segment's deleted documents;
# bounded by entries (a word has one per segment): a word in every one of 100,000 documents holds
# ~10 MB of them.
recent_postings = RecentlyRead(512)  # (segment reader, field, term) -> {document number: weight}
# Positions of the words phrases share most ("the", "of"), whole: a phrase of frequent words reads
# nearly every block of each, and the next phrase reads them again (a third of a 3-word phrase's
# time at 10,000 documents). A segment's postings never change, so they are keyed by its index's
# folder and its id.
recent_values = RecentlyRead(64 * 1024 * 1024, size=lambda values: sum(map(len, values.values())) + 100 * len(values))


BLOCK_SIZE = 128  # postings per block (Whoosh's own)
NOT_READ = object()


class ArchiveCodec(W3Codec):
    def __init__(self):
        # zlib level 1, not Whoosh's 3: every posting block is compressed (most hold a few postings),
        # and on the benchmark's 10,000 documents level 1 cost a tenth less CPU to write for 1.5% more disk.
        super().__init__(blocklimit=BLOCK_SIZE, compression=1)

    def per_document_reader(self, storage, segment):
        return CachedColumnsReader(storage, segment)


class CachedColumnsReader(W3PerDocReader):
    def __init__(self, storage, segment):
        super().__init__(storage, segment)
        self._has_column = {}
        self._lengths = {}
        self._length_lists = {}

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

    def field_lengths(self, fieldname):
        """Return what ``doc_field_length(docnum, fieldname, 1)`` returns for each document, as a list
        (``ranking`` scores thousands of hits from it)."""
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
    are not in this codec's format. The dict is shared with later reads: callers only read it."""
    key = (reader, fieldname, text)
    weights = recent_postings.get(key, NOT_READ)
    if weights is NOT_READ:
        weights = recent_postings.put(key, read_all_postings(reader, fieldname, text))
    return weights


def read_all_postings(reader, fieldname, text):
    matcher = reader.postings(fieldname, text)
    deleted = ()
    if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
        matcher, deleted = matcher.child, matcher._ids
    if type(matcher) is not W3LeafMatcher:
        return None
    weights = {}
    for block in posting_blocks(matcher, "weights"):
        weights.update(block)
    for docnum in deleted:
        weights.pop(docnum, None)
    return weights


def read_values(reader, fieldname, text, docnums):
    """Return {document number: encoded value} of one term (bytes) for the sorted ``docnums`` of one
    segment (live documents only), decompressing only the blocks that hold them: Whoosh's
    ``skip_to`` walks a block posting by posting, several Python calls each.

    A word in most of the segment's documents, asked for about as many as it has blocks, is read
    whole and kept (``recent_values``)."""
    key = (getattr(reader.storage, "folder", None), reader.segment().segment_id(), fieldname, text)
    whole = recent_values.get(key)
    if whole is None and is_common(reader, fieldname, text, len(docnums)):
        whole = recent_values.put(key, read_whole(reader, fieldname, text))
    if whole is not None:
        return {docnum: whole[docnum] for docnum in docnums if docnum in whole}
    return read_some(reader, fieldname, text, docnums)


def is_common(reader, fieldname, text, wanted):
    """Whether a term is in most of a segment's documents and ``wanted`` of them are about as many as
    its blocks: read whole, it costs no more than in part."""
    frequency = reader.doc_frequency(fieldname, text)
    return 2 * frequency >= reader.doc_count_all() and wanted * BLOCK_SIZE >= frequency


def read_whole(reader, fieldname, text):
    """Return {document number: encoded value} of every posting of one term, deleted documents too."""
    matcher = leaf_matcher(reader, fieldname, text)
    if type(matcher) is not W3LeafMatcher:  # a term stored inline, with one posting
        return dict(matcher.all_items())
    values = {}
    for block in posting_blocks(matcher, "values"):
        values.update(block)
    return values


def posting_blocks(matcher, column):
    """Yield the (document number, weight or value) pairs of each block of a ``W3LeafMatcher``'s postings
    in turn (``column``: "weights" or "values"), each block decompressed once."""
    while matcher.is_active():
        matcher._read_ids()
        if column == "weights":
            matcher._read_weights()
        else:
            matcher._read_values()
        yield zip(matcher._ids, getattr(matcher, f"_{column}"))
        matcher._next_block()


def read_some(reader, fieldname, text, docnums):
    """Return {document number: encoded value} of one term for the sorted ``docnums``, reading only
    the blocks that hold them."""
    matcher = leaf_matcher(reader, fieldname, text)
    if type(matcher) is not W3LeafMatcher:
        wanted = set(docnums)
        return {docnum: value for docnum, value in matcher.all_items() if docnum in wanted}
    values, position = {}, 0
    while matcher.is_active() and position < len(docnums):
        last_in_block = matcher.block_max_id()
        if docnums[position] <= last_in_block:
            matcher._read_ids()
            matcher._read_values()
            block = dict(zip(matcher._ids, matcher._values))
            while position < len(docnums) and docnums[position] <= last_in_block:
                if docnums[position] in block:
                    values[docnums[position]] = block[docnums[position]]
                position += 1
        matcher._next_block()
    return values


def leaf_matcher(reader, fieldname, text):
    """Return the matcher of a term's postings as written, whatever the segment has deleted."""
    matcher = reader.postings(fieldname, text)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def decode_positions(value):
    """Return the positions of one posting of a ``Positions`` field: what the format's
    ``decode_positions`` returns, summed in C (``accumulate``) instead of a Python loop."""
    if not value.endswith(b"."):
        value += b"."
    return accumulate(loads(value[_INT_SIZE:]))
