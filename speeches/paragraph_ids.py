"""Paragraph anchors that survive edits.

A link to ``#p-7`` must keep landing on the same paragraph when editors insert, delete, reorder or
correct other paragraphs, and when they fix a typo in that paragraph itself. So anchors are not
positions: on each save the new paragraphs are matched to the previous ones (same text first, then
the most similar text), matched paragraphs keep their anchors, and new paragraphs get numbers never
used before in this document.
"""
import bisect
import difflib

# How alike a corrected paragraph must stay to its previous version to keep its anchor.
SAME_PARAGRAPH_RATIO = 0.75
# A changed paragraph is compared with the nearest previous paragraphs first, and a save makes at
# most about this many comparisons: thousands of changed paragraphs compared each with each took
# minutes. An edit of a few paragraphs compares them with every unmatched one.
COMPARISON_BUDGET = 20_000


def assign_anchors(texts, previous, last_number):
    """Return ``(anchors, last_number)``: an anchor for each text, and the highest number ever used.

    ``previous`` is the list of ``{"anchor", "text"}`` from the last save.
    """
    anchors = [None] * len(texts)
    unused = {entry["anchor"]: entry["text"] for entry in previous}
    by_text = {}
    for anchor, text in unused.items():
        by_text.setdefault(text, []).append(anchor)
    for position, text in enumerate(texts):
        if by_text.get(text):
            anchors[position] = by_text[text].pop(0)
            del unused[anchors[position]]
    previous_positions = {entry["anchor"]: position for position, entry in enumerate(previous)}
    for position, anchor in best_similar_pairs(texts, anchors, unused, previous_positions):
        anchors[position] = anchor
    numbers = [anchor_number(anchor) for anchor in unused] + [anchor_number(a) for a in anchors if a]
    last_number = max([last_number, *numbers])
    for position, anchor in enumerate(anchors):
        if anchor is None:
            last_number += 1
            anchors[position] = f"p-{last_number}"
    return anchors, last_number


def best_similar_pairs(texts, anchors, unused, previous_positions):
    """Pair each unanchored text with the most similar unused previous paragraph, best pairs first."""
    unanchored = [position for position, anchor in enumerate(anchors) if anchor is None]
    per_text = max(4, COMPARISON_BUDGET // max(len(unanchored), 1))
    by_position = sorted((previous_positions[anchor], anchor) for anchor in unused)
    candidates = []
    for position in unanchored:
        for anchor in nearest(by_position, position, per_text):
            matcher = difflib.SequenceMatcher(a=unused[anchor], b=texts[position], autojunk=False)
            if matcher.real_quick_ratio() >= SAME_PARAGRAPH_RATIO and matcher.quick_ratio() >= SAME_PARAGRAPH_RATIO:
                ratio = matcher.ratio()
                if ratio >= SAME_PARAGRAPH_RATIO:
                    candidates.append((ratio, position, anchor))
    taken_positions, taken_anchors = set(), set()
    for _, position, anchor in sorted(candidates, reverse=True):
        if position not in taken_positions and anchor not in taken_anchors:
            taken_positions.add(position)
            taken_anchors.add(anchor)
            del unused[anchor]
            yield position, anchor


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
