"""How text becomes search tokens, the same for indexing, querying and highlighting, on every engine.

Engines receive text already normalised into space-separated tokens, so typography (curly quotes,
dashes, line breaks, non-breaking spaces, "3,300", "U.S.") cannot make a phrase miss, whichever
engine runs.
"""
import re
import unicodedata
from typing import NamedTuple

TOKEN = re.compile(
    r"""
    \d+(?:[.,]\d+)*               # numbers with separators: 3,300  94.8
    | (?:[^\W\d_]\.){2,}          # dotted abbreviations: U.S.  L.N.
    | \w+(?:['’‘ʼ]\w+)*          # words, with inner apostrophes: People’s
    """,
    re.VERBOSE,
)
PUNCTUATION_INSIDE_TOKENS = str.maketrans("", "", ".,'’‘ʼ")


class Token(NamedTuple):
    norm: str
    start: int
    end: int


def normalise_token(raw, exact_case=False):
    """Return the comparable form of one token: no inner punctuation; folded case and accents."""
    bare = raw.translate(PUNCTUATION_INSIDE_TOKENS)
    if exact_case:
        return bare if bare.isascii() else unicodedata.normalize("NFC", bare)
    if bare.isascii():
        return bare.lower()
    decomposed = unicodedata.normalize("NFKD", bare)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def tokenise(text, exact_case=False):
    """Return the tokens of ``text`` with their spans in the original string."""
    if text.isascii():  # most text: folded once, and only tokens with inner punctuation translated
        source = text if exact_case else text.lower()
        return [
            Token(bare_ascii(match.group()), match.start(), match.end())
            for match in TOKEN.finditer(source)
        ]
    return [
        Token(normalise_token(match.group(), exact_case), match.start(), match.end())
        for match in TOKEN.finditer(text)
    ]


def bare_ascii(token):
    """Return an ASCII token without its inner punctuation (what ``normalise_token`` drops)."""
    if "." in token or "," in token or "'" in token:
        return token.translate(PUNCTUATION_INSIDE_TOKENS)
    return token


def normalise(text, exact_case=False):
    """Return ``text`` as the space-separated normalised tokens that engines index and match."""
    return " ".join(normalise_token(match.group(), exact_case) for match in TOKEN.finditer(text))


def normalise_both(text):
    """Return ``(normalise(text), normalise(text, exact_case=True))`` from one tokenising pass over
    the whole text (indexing runs it on every document; per token it cost a tenth of a rebuild)."""
    bare = " ".join(TOKEN.findall(text)).translate(PUNCTUATION_INSIDE_TOKENS)
    if bare.isascii():
        return bare.lower(), bare
    exact = unicodedata.normalize("NFC", bare)
    return " ".join(normalise_token(token) for token in exact.split(" ")), exact
