"""The differences between two sequences of words (or of any tokens), as difflib's opcodes, in time
that stays bounded however long the texts are.

difflib compares in time that grows with the product of the lengths: a revision of a 40,000-word
speech took 2 s to show, and one of a text of few distinct words took minutes, holding a worker for
everyone else. Short sequences are still compared by difflib, whose longest matches read best. Long
ones are first cut where both have a word that each has once, in the same order (the anchors of
Bram Cohen's patience diff: milliseconds for 40,000 words), and what lies between two such words is
compared on its own, by difflib if short, else by Google's diff-match-patch (Myers' algorithm, each
distinct word written as one character of its own). All of that shares ``LONG_DIFF_SECONDS``; what
is left when it runs out is shown as replaced. A 32,000-word PDF text with 800 words joined and 110
lines dropped is listed change by change (Myers alone ran out of time and called it one replacement).
"""
import bisect
import difflib
import time
from collections import Counter

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
    deadline = time.monotonic() + LONG_DIFF_SECONDS
    codes, start, other_start = [], 0, 0
    for anchor, other_anchor in [*unique_anchors(before, after), (len(before), len(after))]:
        between = compared_between(before[start:anchor], after[other_start:other_anchor], deadline)
        codes += [(code, start + a, start + b, other_start + c, other_start + d) for code, a, b, c, d in between]
        codes.append(("equal", anchor, anchor + 1, other_anchor, other_anchor + 1))
        start, other_start = anchor + 1, other_anchor + 1
    codes.pop()  # the end is no word
    return joined(codes)


def unique_anchors(before, after):
    """Return the positions (in ``before``, in ``after``) of the words each sequence has once, the most of
    them that both have in the same order: patience diff's anchors. (Breezy's patiencediff does the whole
    diff, but under the GPL.)"""
    counts, other_counts = Counter(before), Counter(after)
    other_position = {word: position for position, word in enumerate(after) if other_counts[word] == 1}
    pairs = [(position, other_position[word]) for position, word in enumerate(before)
             if counts[word] == 1 and word in other_position]
    # The longest run of pairs increasing in ``after`` too (patience sorting): the top of each pile, and
    # for each pair the one before it on the pile to its left.
    tops, top_pairs, previous = [], [], [None] * len(pairs)
    for number, (_, other) in enumerate(pairs):
        pile = bisect.bisect_left(tops, other)
        previous[number] = top_pairs[pile - 1] if pile else None
        if pile == len(tops):
            tops.append(other)
            top_pairs.append(number)
        else:
            tops[pile], top_pairs[pile] = other, number
    chain, number = [], top_pairs[-1] if top_pairs else None
    while number is not None:
        chain.append(pairs[number])
        number = previous[number]
    return chain[::-1]


def compared_between(before, after, deadline):
    """Return the opcodes of two stretches between words patience diff matched: by difflib if short, else
    by diff-match-patch until ``deadline``; all of it replaced once that has passed."""
    seconds_left = deadline - time.monotonic()
    if seconds_left > 0 and len(before) * len(after) <= DIFFLIB_MOST_PRODUCT:
        return difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    distinct = dict.fromkeys([*before, *after]) if seconds_left > 0 else {}
    if seconds_left <= 0 or len(distinct) > MOST_DISTINCT_WORDS:
        return [(change_tag(0, len(before), 0, len(after)), 0, len(before), 0, len(after))]
    characters = {word: chr(FIRST_CHARACTER + number) for number, word in enumerate(distinct)}

    def written(words):
        return "".join(map(characters.__getitem__, words))

    differ = diff_match_patch()
    differ.Diff_Timeout = seconds_left
    return as_opcodes(differ.diff_main(written(before), written(after), checklines=False))


def joined(codes):
    """Return ``codes`` with changes side by side made one, as difflib writes them."""
    merged = []
    for tag, start, end, other_start, other_end in codes:
        if start == end and other_start == other_end:
            continue
        if merged and tag != "equal" and merged[-1][0] != "equal":
            previous = merged.pop()
            start, other_start = previous[1], previous[3]
            tag = change_tag(start, end, other_start, other_end)
        elif merged and tag == "equal" and merged[-1][0] == "equal":
            previous = merged.pop()
            start, other_start = previous[1], previous[3]
        merged.append((tag, start, end, other_start, other_end))
    return merged


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
