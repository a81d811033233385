"""Exact phrases through word pairs: replaces Whoosh's phrase matcher, which reads every position.

Word pairs find the few candidate documents; positions confirm.

Whoosh checks a phrase by reading the positions of every word in every document that contains all
of its words. A quote made of frequent words ("a world of friendship is a world of peace") is in
nearly every document word by word, so that took over half a second at 10,000 documents.

Each document is therefore also indexed by the pairs of adjacent words it contains, hashed into
``PAIR_BUCKETS`` terms (no positions: a pair is either in a document or not; hashing bounds the
vocabulary, which word pairs would make many times larger than the words themselves). A phrase's
candidates are the documents holding all of its pairs' buckets; only those have their word
positions read, and only a document whose positions hold the whole phrase matches. The pairs are a
filter and never decide a match, so hash collisions cost time, not correctness.
"""
import zlib

from whoosh import query
from whoosh.analysis import Token, Tokenizer
from whoosh.matching import ListMatcher, NullMatcher

from ...text import folded_token
from .codec import RecentlyRead, decode_positions, read_postings, read_values

PAIR_BUCKETS = 1 << 16
# Phrases verified last, each segment's matches whole: (index folder, segment id, how many of its
# documents are deleted, field, words) -> [(document number, occurrences)], within about this many
# matches in all (~20 MB). A segment's documents are only ever deleted, never restored, so its
# count of deleted ones says which are live.
recent_phrases = RecentlyRead(250_000, size=lambda found: len(found) + 10)


def pair_term(first, second):
    """Return the bucket term of two adjacent normalised (case-folded) words."""
    return format(zlib.crc32(f"{first} {second}".encode()) % PAIR_BUCKETS, "x")


def pair_terms(text):
    """Return the set of bucket terms of the pairs of adjacent words in space-separated text."""
    words = text.split(" ")
    return {pair_term(first, second) for first, second in zip(words, words[1:])}


class WordPairTokenizer(Tokenizer):
    """Yield the bucket term of each distinct pair of adjacent words in space-separated text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term in sorted(pair_terms(value)):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            yield token


class PairedPhrase(query.Phrase):
    """An exact phrase on a positions field, searched through its word pairs in ``pairs_field``.

    Matches exactly what ``query.Phrase`` matches (adjacent words, in order, no slop); scores a
    document by how often the phrase occurs in it.
    """

    def __init__(self, fieldname, words, pairs_field, boost=1.0):
        super().__init__(fieldname, words, slop=1, boost=boost)
        self.pairs_field = pairs_field
        self.within = None  # set by restrict()
        # Segment id -> [(document number, occurrences)] within ``within``: a timeline asks a segment
        # twice (which documents match, then how often), and positions are the cost.
        self._found = {}

    def restrict(self, within):
        """Verify only the documents ``within`` allows ({segment id: set of document numbers})."""
        self.within = within
        self._found = {}  # a new dict: a copy made before (Whoosh copies queries) keeps its own

    def __eq__(self, other):
        return super().__eq__(other) and self.pairs_field == getattr(other, "pairs_field", None)

    def __hash__(self):
        return hash((super().__hash__(), self.pairs_field))

    def normalize(self):
        return self  # its words arrive normalised, with nothing to drop

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        if self.pairs_field not in reader.indexed_field_names():
            # A segment written before pairs were indexed: Whoosh's own (slower) phrase search.
            return super().matcher(searcher, context)
        segment = reader.segment().segment_id()
        if segment not in self._found:
            self._found[segment] = self.found_in(searcher)
        found = self._found[segment]
        if not found:
            return NullMatcher()
        return ListMatcher([docnum for docnum, _ in found], weights=[count * self.boost for _, count in found])

    def found_in(self, searcher):
        """Return [(document number, occurrences)] of the phrase in one segment, within ``within``.
        The whole segment's are kept (``recent_phrases``): a timeline asks for a phrase three times
        (its matches and how often, then its first and its latest use), each a search of its own."""
        reader = searcher.reader()
        segment = reader.segment()
        key = (getattr(reader.storage, "folder", None), segment.segment_id(), segment.deleted_count(), self.fieldname,
               tuple(self.words))
        everywhere = recent_phrases.get(key)
        if self.within is None:
            return everywhere if everywhere is not None else recent_phrases.put(key, self.verified(searcher))
        allowed = self.within.get(segment.segment_id(), ())
        if everywhere is not None:
            return [(docnum, count) for docnum, count in everywhere if docnum in allowed]
        return self.verified(searcher, allowed)

    def verified(self, searcher, allowed=None):
        """Return [(document number, occurrences)] of the phrase in one segment, read from the
        positions of the candidates its word pairs give (those ``allowed`` only, if given)."""
        reader = searcher.reader()
        field = searcher.schema[self.fieldname]
        terms = [field.to_bytes(word) for word in self.words]
        if any((self.fieldname, term) not in reader for term in terms):
            return []
        folded = [folded_token(word) for word in self.words]  # normalised already: a number is not read again
        candidates = pair_candidates(searcher, self.pairs_field, [pair_term(a, b) for a, b in zip(folded, folded[1:])])
        if allowed is not None:
            candidates = [docnum for docnum in candidates if docnum in allowed]
        values = {term: read_values(reader, self.fieldname, term, candidates) for term in set(terms)}
        word_values = [values[term] for term in terms]
        occurrences = ((docnum, phrase_occurrences(word_values, docnum)) for docnum in candidates)
        return [(docnum, count) for docnum, count in occurrences if count]


def pair_candidates(searcher, pairs_field, pairs):
    """Return the sorted documents of one segment that hold every pair: the intersection of whole
    posting lists, smallest first (Whoosh's AND matcher skips posting by posting)."""
    reader, field = searcher.reader(), searcher.schema[pairs_field]
    postings = []
    for pair in set(pairs):
        text = field.to_bytes(pair)
        if (pairs_field, text) not in reader:
            return []
        postings.append(read_postings(reader, pairs_field, text))
    if any(docnums is None for docnums in postings):
        matcher = query.And([query.Term(pairs_field, pair) for pair in pairs]).matcher(searcher, searcher.boolean_context())
        return list(matcher.all_ids())
    postings.sort(key=len)
    return sorted(set(postings[0]).intersection(*postings[1:]))


def phrase_occurrences(word_values, docnum):
    """Return how many times the words occur one after another in document ``docnum``, from each
    word's encoded positions ({docnum: bytes})."""
    encoded = [values.get(docnum) for values in word_values]
    if None in encoded:
        return 0
    # The phrase's starts are the rarest word's positions (the shortest encoding) less its offset; each
    # other word keeps those it follows. A frequent word's positions are only made a set (in C), never
    # walked in Python: "the" is hundreds of positions in most documents.
    rarest, *others = sorted(range(len(encoded)), key=lambda offset: len(encoded[offset]))
    starts = [position - rarest for position in decode_positions(encoded[rarest])]
    for offset in others:
        positions = set(decode_positions(encoded[offset]))
        starts = [start for start in starts if start + offset in positions]
        if not starts:
            return 0
    return len(starts)


def restrict_phrases(compiled, within):
    """Let the phrases of a compiled query verify only the documents a search's filters allow
    ({segment id: set of document numbers}): the rest would be filtered out after matching."""
    if isinstance(compiled, PairedPhrase):
        compiled.restrict(within)
    for child in compiled.children():
        restrict_phrases(child, within)
