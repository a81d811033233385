"""The differences between two sequences of words (or of any tokens), as difflib's opcodes, in time
that stays bounded however long the texts are.

difflib compares in time that grows with the product of the lengths: a revision of a 40,000-word
speech took 2 s to show, and one of a text of few distinct words took minutes, holding a worker for
everyone else. Short sequences are still compared by difflib, whose longest matches read best; long
ones by Google's diff-match-patch (Myers' algorithm, in time that grows with the differences, after
the shared beginning and end are set aside), each distinct word written as one character of its
own; past ``LONG_DIFF_SECONDS`` it answers with what it has found, the rest as one replacement.
A 40,000-word speech with three corrections: 13 ms.
"""
import difflib

from diff_match_patch import diff_match_patch

# Sequences whose lengths multiply to more than this are compared by diff-match-patch (difflib took 13
# ms on 1,000 by 1,000 words of a 23-word vocabulary, its worst kind of text).
DIFFLIB_MOST_PRODUCT = 1_000_000
LONG_DIFF_SECONDS = 0.25
# Words are written as characters from here on (past the surrogates): a text of more distinct words
# than there are characters left (a 16 MB file of numbers) is shown as one replacement.
FIRST_CHARACTER = 0x10000
MOST_DISTINCT_WORDS = 0x110000 - FIRST_CHARACTER


def opcodes(before, after):
    """Return the opcodes (tag, start, end, start, end) that turn the list ``before`` into ``after``."""
    if len(before) * len(after) <= DIFFLIB_MOST_PRODUCT:
        return difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    distinct = dict.fromkeys([*before, *after])
    if len(distinct) > MOST_DISTINCT_WORDS:
        return [(change_tag(0, len(before), 0, len(after)), 0, len(before), 0, len(after))]
    characters = {word: chr(FIRST_CHARACTER + number) for number, word in enumerate(distinct)}

    def written(words):
        return "".join(map(characters.__getitem__, words))

    differ = diff_match_patch()
    differ.Diff_Timeout = LONG_DIFF_SECONDS
    return as_opcodes(differ.diff_main(written(before), written(after), checklines=False))


def as_opcodes(differences):
    """Return diff-match-patch's (operation, characters) list as difflib's opcodes."""
    codes, start, other_start = [], 0, 0
    for operation, characters in differences:  # -1: deleted, 0: equal, 1: inserted
        end = start + (len(characters) if operation <= 0 else 0)
        other_end = other_start + (len(characters) if operation >= 0 else 0)
        if operation == 0:
            codes.append(["equal", start, end, other_start, other_end])
        elif codes and codes[-1][0] != "equal":  # a deletion and an insertion side by side: one change
            codes[-1][2], codes[-1][4] = end, other_end
        else:
            codes.append(["change", start, end, other_start, other_end])
        start, other_start = end, other_end
    return [(change_tag(*code[1:]) if code[0] == "change" else "equal", *code[1:]) for code in codes]


def change_tag(start, end, other_start, other_end):
    return "replace" if end > start and other_end > other_start else "delete" if end > start else "insert"
