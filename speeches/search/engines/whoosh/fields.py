"""Fields whose text arrives normalised, indexed in one pass instead of through Whoosh's analyzer chain.

Replaces Whoosh's ``FieldType.index`` for the archive's three text fields and its word pairs. Whoosh
runs every token through a chain of generators passing ``Token`` objects (tokenizer, stop filter,
stemmer), then counts: 6-8 ms per field for a 2,400-word document, a third of a rebuild's CPU.
Text reaching these fields is already split and folded by ``speeches.search.text``, so splitting on
spaces and counting in a dict yields the same postings (``tests/unit/test_whoosh_fields`` compares them
with Whoosh's own ``index()``). Queries and snippets use the same analysis (``analysis.term``).
"""
from collections import Counter, defaultdict

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import KEYWORD, TEXT
from whoosh.system import pack_uint

from ...languages import ENGLISH, term_of
from .analysis import STEMMED_WORDS
from .phrases import WordPairTokenizer, pair_terms


class StemmedWords(TEXT):
    """Words one by one, stop words dropped, stemmed: frequencies, no positions, nothing stored.

    ``analysis`` names the language's (``languages``); the schema is pickled, so it holds the name.
    """

    def __init__(self, analysis=ENGLISH):
        super().__init__(stored=False, analyzer=STEMMED_WORDS, phrase=False)
        self.analysis = analysis

    def index(self, value, **kwargs):
        boost, counts, analysed = self.format.field_boost, Counter(), term_of(self.analysis)
        for word, count in Counter(value.split(" ")).items():  # each distinct word analysed once
            if stem := analysed(word):
                counts[stem] += count
        for stem, count in counts.items():
            yield stem.encode("utf8"), count, count * boost, pack_uint(count)


class ExactWords(TEXT):
    """Every token at its position, for phrases: nothing dropped, nothing stemmed."""

    def __init__(self):
        super().__init__(stored=False, analyzer=SpaceSeparatedTokenizer(), phrase=True)

    def index(self, value, **kwargs):
        positions = defaultdict(list)
        for position, word in enumerate(value.split(" ") if value else ()):
            positions[word].append(position)
        boost, encode = self.format.field_boost, self.format.encode
        for word, word_positions in positions.items():
            yield word.encode("utf8"), len(word_positions), len(word_positions) * boost, encode(word_positions)


class WordPairs(KEYWORD):
    """Which pairs of adjacent words a document holds (``phrases``): each pair once, no positions."""

    def __init__(self):
        super().__init__(scorable=False)
        self.analyzer = WordPairTokenizer()

    def index(self, value, **kwargs):
        boost, once = self.format.field_boost, pack_uint(1)
        for pair in sorted(pair_terms(value)):
            yield pair.encode("utf8"), 1, boost, once
