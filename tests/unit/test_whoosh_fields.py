"""The archive's one-pass text fields index exactly what Whoosh's own analyzer chain indexes."""
import random

import pytest
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import KEYWORD, TEXT

from speeches.search.engines.whoosh.analysis import STEMMED_WORDS
from speeches.search.engines.whoosh.fields import ExactWords, StemmedWords, WordPairs
from speeches.search.engines.whoosh.phrases import WordPairTokenizer
from speeches.search.text import normalise

VOCABULARY = ("a the of we will peace peaceful treaty treaties Cooperation cooperate Café café x 3,300 U.S. "
              "People’s 中国 Dar es Salaam shoulder-to-shoulder running runs ran").split()


def whoosh_own(field_type, analyzer):
    field = field_type()
    field.analyzer = analyzer
    return field


STOCK = {
    StemmedWords: lambda: TEXT(stored=False, analyzer=STEMMED_WORDS, phrase=False),
    ExactWords: lambda: TEXT(stored=False, analyzer=SpaceSeparatedTokenizer(), phrase=True),
    WordPairs: lambda: whoosh_own(lambda: KEYWORD(scorable=False), WordPairTokenizer()),
}


@pytest.mark.parametrize("archive_field", list(STOCK), ids=lambda field: field.__name__)
def test_one_pass_fields_index_what_whoosh_indexes(archive_field):
    rng = random.Random(3)
    texts = ["", "peace", "the the the", "a world of peace a world of peace"]
    texts += [" ".join(rng.choices(VOCABULARY, k=rng.randint(1, 200))) for _ in range(200)]
    for text in texts:
        for exact_case in (False, True):
            value = normalise(text, exact_case=exact_case)
            ours, stock = archive_field(), STOCK[archive_field]()
            assert ours.format.__class__ is stock.format.__class__
            assert sorted(ours.index(value)) == sorted(stock.index(value)), value
