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
from whoosh.matching import ListMatcher, NullMatcher, WrappingMatcher

from ...text import normalise_token
from .codec import read_postings

PAIR_BUCKETS = 1 << 16


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

    def __eq__(self, other):
        return super().__eq__(other) and self.pairs_field == getattr(other, "pairs_field", None)

    def __hash__(self):
        return hash((super().__hash__(), self.pairs_field))

    def normalize(self):
        return self  # its words arrive normalised, with nothing to drop

    def matcher(self, searcher, context=None):
        if self.pairs_field not in searcher.reader().indexed_field_names():
            # A segment written before pairs were indexed: Whoosh's own (slower) phrase search.
            return super().matcher(searcher, context)
        folded = [normalise_token(word) for word in self.words]
        candidates = pair_candidates(searcher, self.pairs_field, [pair_term(a, b) for a, b in zip(folded, folded[1:])])
        word_postings = []
        for word in self.words:
            term = searcher.schema[self.fieldname].to_bytes(word)
            if (self.fieldname, term) not in searcher.reader():
                return NullMatcher()
            word_postings.append(searcher.postings(self.fieldname, term))
        return PhraseVerifyingMatcher(candidates, word_postings, self.boost)


def pair_candidates(searcher, pairs_field, pairs):
    """Return a matcher of the documents of one segment that hold every pair: the intersection of
    whole posting lists, smallest first (Whoosh's AND matcher skips posting by posting)."""
    reader, field = searcher.reader(), searcher.schema[pairs_field]
    postings = []
    for pair in set(pairs):
        text = field.to_bytes(pair)
        if (pairs_field, text) not in reader:
            return NullMatcher()
        postings.append(read_postings(reader, pairs_field, text))
    if any(docnums is None for docnums in postings):
        return query.And([query.Term(pairs_field, pair) for pair in pairs]).matcher(searcher, searcher.boolean_context())
    postings.sort(key=len)
    candidates = set(postings[0]).intersection(*postings[1:])
    return ListMatcher(sorted(candidates)) if candidates else NullMatcher()


def phrase_occurrences(word_postings, docnum):
    """Return how many times the words occur one after another in document ``docnum``."""
    positions_by_offset = []
    for offset, postings in enumerate(word_postings):
        if postings.is_active() and postings.id() < docnum:
            postings.skip_to(docnum)
        if not postings.is_active() or postings.id() != docnum:
            return 0
        positions_by_offset.append((postings.weight(), offset, postings))
    # The word that occurs least in this document narrows the start positions fastest.
    positions_by_offset.sort(key=lambda item: item[0])
    starts = None
    for _, offset, postings in positions_by_offset:
        shifted = {position - offset for position in postings.value_as("positions")}
        starts = shifted if starts is None else starts & shifted
        if not starts:
            return 0
    return len(starts)


class PhraseVerifyingMatcher(WrappingMatcher):
    """The candidate documents of ``child`` in which the phrase's word positions line up."""

    def __init__(self, child, word_postings, boost=1.0):
        super().__init__(child, boost)
        self._word_postings = word_postings
        self._occurrences = 0
        self._find_next()

    def __repr__(self):
        return f"{self.__class__.__name__}({self.child!r}, {len(self._word_postings)} words)"

    def _find_next(self):
        child = self.child
        while child.is_active():
            self._occurrences = phrase_occurrences(self._word_postings, child.id())
            if self._occurrences:
                return
            child.next()

    def next(self):
        self.child.next()
        self._find_next()

    def skip_to(self, docnum):
        self.child.skip_to(docnum)
        self._find_next()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def supports_block_quality(self):
        return False

    def supports(self, astype):
        return False

    def weight(self):
        return self._occurrences

    def score(self):
        return self._occurrences * self.boost

    def copy(self):
        return self.__class__(self.child.copy(), [postings.copy() for postings in self._word_postings], self.boost)

    def replace(self, minquality=0):
        return self if self.is_active() else NullMatcher()
