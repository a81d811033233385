"""The differences between two sequences of words (or of any tokens), as difflib's opcodes, in time
that stays bounded however long the texts are.

difflib compares in time that grows with the product of the lengths: a revision of a 40,000-word
speech took 2 s to show, and one of a text of few distinct words took minutes, holding a worker for
everyone else. Short sequences are still compared by difflib, whose longest matches read best; long
ones by patience diff, which matches first the words each side holds once (names, numbers), then
the same between them, and never compares word with word beyond that: 25 ms for 40,000 words.
"""
import difflib

from patiencediff import PatienceSequenceMatcher

# Sequences whose lengths multiply to more than this are compared by patience diff (difflib took 13 ms
# on 1,000 by 1,000 words of a 23-word vocabulary, its worst kind of text).
DIFFLIB_MOST_PRODUCT = 1_000_000


def opcodes(before, after):
    """Return the opcodes (tag, start, end, start, end) that turn the list ``before`` into ``after``."""
    matcher = (difflib.SequenceMatcher(a=before, b=after, autojunk=False)
               if len(before) * len(after) <= DIFFLIB_MOST_PRODUCT else PatienceSequenceMatcher(None, before, after))
    return matcher.get_opcodes()
