"""How Whoosh analyses words: the stop list and Porter stemmer of its ``StemmingAnalyzer``.

Text reaches Whoosh already lower-cased and split by ``speeches.search.text``, so the analyzer
only drops stop words and stems; snippets use the same analyzer to mark what Whoosh matched.
"""
from ...languages import ENGLISH_WORDS, english_term
from .. import ENGLISH_ANALYSIS

STEMMED_WORDS = ENGLISH_WORDS  # the analyzer the schema names (queries and snippets use ``term``)
WORD_ANALYSIS = ENGLISH_ANALYSIS
term = english_term  # what the compiler asks for
