"""Rank a query of one or two words from their whole posting lists, exactly as Whoosh would.

Replaces Whoosh's matcher walk for these queries: it takes several Python calls per posting and per
hit, and at 10,000 documents a word in most of them took 20-35 ms, two such words 45-75 ms. Here
each word's postings are read a block at a time into a dict, the words' documents are intersected
as sets, and each hit is scored once with Whoosh's own BM25F formula and statistics. The hits,
scores and order (higher score, then lower document number) are Whoosh's; ``tests/integration/test_whoosh_ranking``
compares them. Any other query returns None and is left to Whoosh.
"""
import heapq

from whoosh.query import And, Term

from .codec import CachedColumnsReader, read_postings

# Three or more words are left to Whoosh: it adds their scores in an order of its own (a tree
# weighted by each segment's frequencies), and floating-point sums in another order can differ in
# the last bit, which would reorder equal scores.
MOST_WORDS = 2


def rank_words(searcher, weighting, query, limit, allowed=None):
    """Return (the first ``limit`` document numbers by relevance, the set of all hits) for ``query``
    (one word, or an AND of two) within ``allowed`` (a set, or None for all); None for another query.
    ``weighting`` is the searcher's ``BM25F``, with no per-field parameters."""
    terms = plain_terms(query, searcher)
    if terms is None:
        return None
    scorers = [TermScorer(searcher, weighting, term) for term in terms]
    ranked, docset = [], set()
    for segment_searcher, offset in searcher.leaf_searchers():
        reader = segment_searcher.reader()
        postings = [scorer.postings(reader) for scorer in scorers]
        if any(weights is None for weights in postings):
            return None
        docnums = set(postings[0]).intersection(*postings[1:])
        if allowed is not None:
            docnums = [docnum for docnum in docnums if offset + docnum in allowed]
        docnums = list(docnums)
        word_scores = [scorer.scores(reader, weights, docnums) for scorer, weights in zip(scorers, postings)]
        in_index = [offset + docnum for docnum in docnums]
        # A sum of two is the same in either order: these are Whoosh's scores to the last bit.
        # Minus the document number, so that the largest first is Whoosh's order.
        ranked.extend(zip(map(sum, zip(*word_scores)), [-docnum for docnum in in_index]))
        docset.update(in_index)
    return [-negated for _, negated in heapq.nlargest(limit, ranked)], docset


def word_hits(searcher, query):
    """Return the set of documents holding every word of ``query`` (one word, or an AND of two),
    unscored, as a search sorted by date needs them; None for another query."""
    terms = plain_terms(query, searcher)
    if terms is None:
        return None
    texts = []
    for term in terms:
        try:
            texts.append(searcher.schema[term.fieldname].to_bytes(term.text))
        except ValueError:
            return set()
    hits = set()
    for segment_searcher, offset in searcher.leaf_searchers():
        reader = segment_searcher.reader()
        postings = [read_postings(reader, term.fieldname, text) if (term.fieldname, text) in reader else {}
                    for term, text in zip(terms, texts)]
        if any(weights is None for weights in postings):
            return None
        hits.update(offset + docnum for docnum in set(postings[0]).intersection(*postings[1:]))
    return hits


def plain_terms(query, searcher):
    """Return the words of a one-word or two-word AND query, or None."""
    terms = query.subqueries if isinstance(query, And) and query.boost == 1.0 else [query]
    if not 0 < len(terms) <= MOST_WORDS:
        return None
    for term in terms:
        if type(term) is not Term or term.boost != 1.0 or term.minquality or term.fieldname not in searcher.schema:
            return None
    return terms


class TermScorer:
    """One word's statistics over the whole index, as Whoosh's ``BM25F.scorer`` takes them."""

    def __init__(self, searcher, weighting, term):
        field = searcher.schema[term.fieldname]
        self.fieldname = term.fieldname
        self.scorable = field.scorable  # else Whoosh scores a hit by the word's weight in it
        try:
            self.text = field.to_bytes(term.text)
        except ValueError:
            self.text = None  # Whoosh matches nothing for it
            return
        self.idf = searcher.idf(self.fieldname, self.text)
        self.average_length = searcher.avg_field_length(self.fieldname) or 1
        self.B, self.K1 = weighting.B, weighting.K1

    def postings(self, reader):
        """Return {document number: weight} for this word in one segment ({} if absent), or None
        if the segment's postings are not in the format read here."""
        if self.text is None or (self.fieldname, self.text) not in reader:
            return {}
        return read_postings(reader, self.fieldname, self.text)

    def scores(self, reader, weights, docnums):
        """Return this word's score in each of ``docnums`` of one segment: ``whoosh.scoring.bm25``
        with ``BM25FScorer``'s arguments, written out to run once per hit without a call."""
        if not docnums:
            return []
        if not self.scorable:
            return [weights[docnum] for docnum in docnums]
        idf, average_length, B, K1 = self.idf, self.average_length, self.B, self.K1
        K1_plus_1, one_minus_B = K1 + 1, 1 - B
        lengths = field_lengths(reader, self.fieldname)
        return [idf * ((tf * K1_plus_1) / (tf + K1 * (one_minus_B + B * length / average_length)))
                for tf, length in zip(map(weights.__getitem__, docnums), map(lengths.__getitem__, docnums))]


def field_lengths(reader, fieldname):
    """Return something indexable by document number with what ``reader.doc_field_length`` returns."""
    per_document = getattr(reader, "_perdoc", None)  # the codec's per-document reader of this segment
    if isinstance(per_document, CachedColumnsReader):
        return per_document.field_lengths(fieldname)
    return [reader.doc_field_length(docnum, fieldname, 1) for docnum in range(reader.doc_count_all())]
