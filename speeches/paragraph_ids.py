"""Paragraph anchors that survive edits.

A link to ``#p-7`` must keep landing on the same paragraph when editors insert, delete, reorder or
correct other paragraphs, and when they fix a typo in that paragraph itself. So anchors are not
positions: on each save the new paragraphs are matched to the previous ones (same text first, then
the most similar text, then the text they were merged into or split from), matched paragraphs keep
their anchors, and new paragraphs get numbers never used before in this document.

An anchor that no paragraph keeps is retired, with its paragraph's text: a paragraph whose text comes
back word for word (an edit undone, a revision restored) takes its anchor again, and a link to one
merged into another paragraph leads to that paragraph (``Retired.into``).
"""
import bisect
import difflib
from typing import NamedTuple

# How alike a corrected paragraph must stay to its previous version to keep its anchor.
SAME_PARAGRAPH_RATIO = 0.75
# The share of a paragraph the piece it began with must keep to take its anchor when it is split: a
# short new line that only opens like a deleted paragraph ("Mr. President,") is a new paragraph.
SPLIT_PIECE_SHARE = 0.25
# difflib compares two texts character by character in time that grows with the product of their
# lengths: correcting one letter of an 80 KB paragraph took minutes (issue 25). So what two texts share
# at their beginning and end is set aside first (a correction leaves little in between), and what is
# left is compared character by character only while the product of its lengths stays below this;
# beyond, by the words both hold, in time proportional to their length (see ``similarity``).
CHARACTER_COMPARISON_LIMIT = 10_000
# A changed paragraph is compared with the nearest previous paragraphs first, and a save makes at
# most about this many comparisons: thousands of changed paragraphs compared each with each took
# minutes. An edit of a few paragraphs compares them with every unmatched one.
COMPARISON_BUDGET = 20_000
# Retired anchors kept, the latest: enough for every paragraph of a long speech rewritten a few times.
MOST_RETIRED = 1_000


class Anchoring(NamedTuple):
    anchors: list  # an anchor for each text
    last_number: int  # the highest number ever used
    retired: list  # {"anchor", "text", "into"} of each anchor no paragraph keeps, the latest last


def assign_anchors(texts, previous, last_number, retired=()):
    """Return the ``Anchoring`` of ``texts``, the paragraphs of a body just rendered.

    ``previous`` is the list of ``{"anchor", "text"}`` from the last save, ``retired`` its retired anchors.
    """
    anchors = [None] * len(texts)
    unused = {entry["anchor"]: entry["text"] for entry in previous}
    for position, anchor in unchanged_in_order(texts, previous):
        anchors[position] = anchor
        del unused[anchor]
    for position, anchor in same_text(texts, anchors, unused):  # moved
        anchors[position] = anchor
        del unused[anchor]
    returning = {entry["anchor"]: entry["text"] for entry in retired if entry["anchor"] not in anchors}
    for position, anchor in same_text(texts, anchors, returning):  # back as it was
        anchors[position] = anchor
        del returning[anchor]
    previous_positions = {entry["anchor"]: position for position, entry in enumerate(previous)}
    for position, anchor in best_similar_pairs(texts, anchors, unused, previous_positions):
        anchors[position] = anchor
    for position, anchor in merged_and_split(texts, anchors, unused, previous_positions):
        anchors[position] = anchor
    numbers = [anchor_number(anchor) for anchor in unused] + [anchor_number(a) for a in anchors if a]
    last_number = max([last_number, *numbers])
    for position, anchor in enumerate(anchors):
        if anchor is None:
            last_number += 1
            anchors[position] = f"p-{last_number}"
    still_retired = [(entry["anchor"], entry["text"]) for entry in retired if entry["anchor"] in returning]
    return Anchoring(anchors, last_number, retirement(texts, anchors, still_retired + list(unused.items())))


def corresponding_anchors(old_paragraphs, new_paragraphs):
    """Return {anchor of ``old_paragraphs``: anchor of the one of ``new_paragraphs`` it corresponds to,
    or ""}, read as a save reads an edit: the paragraphs of a duplicate document merged into another."""
    last_number = max(map(anchor_number, (paragraph["anchor"] for paragraph in old_paragraphs)), default=0)
    anchoring = assign_anchors([paragraph["text"] for paragraph in new_paragraphs], old_paragraphs, last_number)
    as_new = {given: paragraph["anchor"] for given, paragraph in zip(anchoring.anchors, new_paragraphs)}
    merged = {entry["anchor"]: as_new[entry["into"]] for entry in anchoring.retired if entry["into"]}
    return {paragraph["anchor"]: as_new.get(paragraph["anchor"]) or merged.get(paragraph["anchor"], "")
            for paragraph in old_paragraphs}


def same_text(texts, anchors, candidates):
    """Yield (position, anchor) giving each unanchored text the first of ``candidates`` ({anchor: text})
    whose text is the same."""
    by_text = {}
    for anchor, text in candidates.items():
        by_text.setdefault(text, []).append(anchor)
    for position, text in enumerate(texts):
        if anchors[position] is None and by_text.get(text):
            yield position, by_text[text].pop(0)


def retirement(texts, anchors, retired):
    """Return the retired anchors ((anchor, text)), the latest ``MOST_RETIRED``, each with the anchor of the
    paragraph that now holds its text whole, if one alone does ("into"): the one it was merged into."""
    spaced = [" ".join(text.split()) for text in texts]
    entries = []
    for anchor, text in retired[-MOST_RETIRED:]:
        old = " ".join(text.split())
        holders = [anchors[position] for position, new in enumerate(spaced) if old and old in new]
        entries.append({"anchor": anchor, "text": text, "into": holders[0] if len(holders) == 1 else ""})
    return entries


def unchanged_in_order(texts, previous):
    """Yield (position, anchor) for the paragraphs that stand unchanged in the same order as before
    (difflib's longest matching runs): a repeated paragraph ("(Applause)") keeps its own anchor when
    another is inserted before it, as the paragraphs around it say which it is."""
    matcher = difflib.SequenceMatcher(a=[entry["text"] for entry in previous], b=texts)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            yield block.b + offset, previous[block.a + offset]["anchor"]


def best_similar_pairs(texts, anchors, unused, previous_positions):
    """Pair each unanchored text with the most similar unused previous paragraph, best pairs first."""
    unanchored = [position for position, anchor in enumerate(anchors) if anchor is None]
    per_text = max(4, COMPARISON_BUDGET // max(len(unanchored), 1))
    by_position = sorted((previous_positions[anchor], anchor) for anchor in unused)
    candidates = []
    words = Words()
    for position in unanchored:
        for anchor in nearest(by_position, position, per_text):
            ratio = similarity(unused[anchor], texts[position], words)
            if ratio >= SAME_PARAGRAPH_RATIO:
                candidates.append((ratio, position, anchor))
    taken_positions, taken_anchors = set(), set()
    for _, position, anchor in sorted(candidates, reverse=True):
        if position not in taken_positions and anchor not in taken_anchors:
            taken_positions.add(position)
            taken_anchors.add(anchor)
            del unused[anchor]
            yield position, anchor


def merged_and_split(texts, anchors, unused, previous_positions):
    """Yield (position, anchor) pairing unanchored texts with the unused previous paragraphs they were
    merged from or split from (each alone too unlike the other to be found similar): paragraphs merged
    into one (it begins or ends with each of them) give it the anchor of the first of them, and a
    paragraph split in two gives its anchor to the piece it began with."""
    unanchored = [position for position, anchor in enumerate(anchors) if anchor is None]
    spaced = {position: " ".join(texts[position].split()) for position in unanchored}
    for anchor in sorted(unused, key=previous_positions.get):
        old = " ".join(unused[anchor].split())
        holding = [position for position in unanchored if old and spaced[position] and (
            spaced[position].startswith(old) or spaced[position].endswith(old)
            or (old.startswith(spaced[position]) and len(spaced[position]) >= SPLIT_PIECE_SHARE * len(old)))]
        if holding:
            position = holding[0]
            unanchored.remove(position)
            del unused[anchor]
            yield position, anchor


def similarity(old, new, words):
    """Return how alike two texts are, from 0 to 1, in time bounded by their length: difflib's
    ratio while that is cheap, else the share of their words both hold (from ``Words``)."""
    total = len(old) + len(new)
    head = common_prefix_length(old, new)
    tail = common_prefix_length(old[head:][::-1], new[head:][::-1])
    shared = head + tail
    old_rest, new_rest = old[head:len(old) - tail], new[head:len(new) - tail]
    if not total or 2 * (shared + min(len(old_rest), len(new_rest))) / total < SAME_PARAGRAPH_RATIO:
        return 0.0
    if len(old_rest) * len(new_rest) > CHARACTER_COMPARISON_LIMIT:
        return word_similarity(words[old], words[new])
    matcher = difflib.SequenceMatcher(a=old_rest, b=new_rest, autojunk=False)
    if 2 * shared / total + matcher.quick_ratio() * (len(old_rest) + len(new_rest)) / total < SAME_PARAGRAPH_RATIO:
        return 0.0
    return 2 * (shared + sum(block.size for block in matcher.get_matching_blocks())) / total


def common_prefix_length(first, second):
    """Return the length of the beginning ``first`` and ``second`` share: slices compared in C, in
    steps that double while they agree, then halve (two texts that differ early cost one step)."""
    limit = min(len(first), len(second))
    low, step = 0, 1
    while low < limit and first[low:low + step] == second[low:low + step]:
        low = min(low + step, limit)
        step *= 2
    high = min(low + step, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if first[low:middle] == second[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def word_similarity(old_words, new_words):
    """Return the share of two texts' distinct words that both hold, from their ``Words``."""
    total = len(old_words) + len(new_words)
    return 2 * len(old_words & new_words) / total if total else 0.0


class Words(dict):
    """The set of each text's words, made once per save: sets are made and intersected in C, so
    comparing two long texts this way costs next to nothing."""

    def __missing__(self, text):
        self[text] = words = frozenset(text.split())
        return words


def nearest(by_position, position, count):
    """Return the anchors of at most ``count`` entries of ``by_position`` nearest to ``position``."""
    right = bisect.bisect_left(by_position, (position, ""))
    left = right - 1
    found = []
    while len(found) < count and (left >= 0 or right < len(by_position)):
        if right >= len(by_position) or (left >= 0 and position - by_position[left][0] <= by_position[right][0] - position):
            found.append(by_position[left][1])
            left -= 1
        else:
            found.append(by_position[right][1])
            right += 1
    return found


def anchor_number(anchor):
    return int(anchor.removeprefix("p-"))
