"""How the archive's Elasticsearch mapping analyses words, in Python for snippets.

The mapping's ``archive_words`` analyzer (``backend``) splits on white space (text arrives
normalised), drops ``STOP_WORDS`` and stems with Snowball's English stemmer; the same stop list
and the same Snowball algorithm (the ``snowballstemmer`` package) run here.
"""
from functools import lru_cache

import snowballstemmer

from .. import WordAnalysis

# Lucene's English stop words (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET); the mapping sends this list.
STOP_WORDS = frozenset("""a an and are as at be but by for if in into is it no not of on or such that the
their then there these they this to was will with""".split())
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=100_000)  # a page analyses the same few thousand words over and over
def term(word):
    """Return the term the mapping indexes for one normalised word, or None for a stop word."""
    return None if word in STOP_WORDS else _stemmer.stemWord(word)


def opening(word_stem):
    """Return how every word with this stem begins. Snowball English rewrites at most the stem's
    last two letters ("dying" -> "die", "happiness" -> "happi")."""
    return word_stem[:-2]


WORD_ANALYSIS = WordAnalysis(term=term, opening=opening)
