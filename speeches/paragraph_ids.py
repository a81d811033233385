"""Paragraph anchors that survive edits.

A link to ``#p-7`` must keep landing on the same paragraph when editors insert, delete, reorder or
correct other paragraphs, and when they fix a typo in that paragraph itself. So anchors are not
positions: on each save the new paragraphs are matched to the previous ones (same text first, then
the most similar text, then the text they were merged into or split from), matched paragraphs keep
their anchors, and new paragraphs get numbers never used before in this document.

An anchor that no paragraph keeps is retired, with its paragraph's text: a paragraph whose text comes
back word for word (an edit undone, a revision restored) takes its anchor again, and a link to one
merged into another paragraph leads to that paragraph (its "into").
"""
import bisect
import difflib
import re
from typing import NamedTuple

# How alike a corrected paragraph must stay to its previous version to keep its anchor.
SAME_PARAGRAPH_RATIO = 0.75
# The share of a paragraph the piece it began with must keep to take its anchor when it is split, and the
# share of a merged paragraph its first part must make up to give it its anchor: a short new line that
# only opens like a deleted paragraph ("Mr. President,") is a new paragraph, and so is a new paragraph
# that only opens with a deleted "Thank you.".
SPLIT_PIECE_SHARE = 0.25
# A paragraph's anchor as ``assign_anchors`` gives it: "p-" and its number.
ANCHOR = re.compile(r"p-([1-9][0-9]{0,8})")
MOST_ANCHOR_NUMBER = 999_999_999
WORD = re.compile(r"\w+")
# The words an editor may drop where a paragraph is split (", and she" to ". She").
SPLIT_WORDS_DROPPED = 2
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
    previous_positions = {entry["anchor"]: position for position, entry in enumerate(previous)}
    for position, anchor in best_similar_pairs(texts, anchors, unused, previous_positions):
        anchors[position] = anchor
    for position, anchor in merged_and_split(texts, anchors, unused, previous_positions):
        anchors[position] = anchor
    holding = {anchor: spaced(text) for anchor, text in zip(anchors, texts) if anchor}  # each kept anchor's text
    merged_into = merges(holding, previous, unused)
    # Only a text no paragraph of the last save claimed takes a retired anchor back: a "(Applause)" corrected
    # from "(applause)" keeps its own; and one merged into another paragraph only once that one no longer
    # holds its words (the merge undone), not a new "Thank you." while the merged one still ends with it.
    returning = {entry["anchor"]: entry["text"] for entry in retired
                 if not (entry["into"] in holding and spaced(entry["text"]) in holding[entry["into"]])}
    for position, anchor in same_text(texts, anchors, returning):  # back as it was
        anchors[position] = anchor
        del returning[anchor]
    numbers = [anchor_number(anchor) for anchor in unused] + [anchor_number(a) for a in anchors if a]
    last_number = max([last_number, *numbers])
    for position, anchor in enumerate(anchors):
        if anchor is None:
            last_number += 1
            anchors[position] = f"p-{last_number}"
    given = set(anchors)  # a set: thousands of retired anchors each looked for in a list of thousands took seconds
    still_retired = [entry for entry in retired if entry["anchor"] not in given]
    newly_retired = [{"anchor": anchor, "text": text, "into": merged_into.get(anchor, "")} for anchor, text in unused.items()]
    return Anchoring(anchors, last_number, retirement(still_retired + newly_retired, given))


def same_text(texts, anchors, candidates):
    """Yield (position, anchor) giving each unanchored text the first of ``candidates`` ({anchor: text})
    whose text is the same."""
    by_text = {}
    for anchor, text in candidates.items():
        by_text.setdefault(text, []).append(anchor)
    for position, text in enumerate(texts):
        if anchors[position] is None and by_text.get(text):
            yield position, by_text[text].pop(0)


def retirement(entries, current):
    """Return the retired ``entries`` ({"anchor", "text", "into"}), the latest ``MOST_RETIRED``, each leading
    into the paragraph it was merged into, or into the one that paragraph was merged into in turn ("" when
    that one is gone too): the ``current`` anchors."""
    leads_to = {entry["anchor"]: entry["into"] for entry in entries}
    kept = []
    for entry in entries[-MOST_RETIRED:]:
        into, seen = entry["into"], set()
        while into and into not in current and into not in seen:
            seen.add(into)
            into = leads_to.get(into, "")
        kept.append({**entry, "into": into if into in current else ""})
    return kept


def corresponding_anchors(old_paragraphs, new_paragraphs):
    """Return {anchor of ``old_paragraphs``: anchor of the one of ``new_paragraphs`` it corresponds to,
    or ""}, read as a save reads an edit: the paragraphs of a duplicate document merged into another."""
    last_number = max(map(anchor_number, (paragraph["anchor"] for paragraph in old_paragraphs)), default=0)
    anchoring = assign_anchors([paragraph["text"] for paragraph in new_paragraphs], old_paragraphs, last_number)
    as_new = {given: paragraph["anchor"] for given, paragraph in zip(anchoring.anchors, new_paragraphs)}
    merged = {entry["anchor"]: as_new[entry["into"]] for entry in anchoring.retired if entry["into"]}
    return {paragraph["anchor"]: as_new.get(paragraph["anchor"]) or merged.get(paragraph["anchor"], "")
            for paragraph in old_paragraphs}


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
    into one give it the anchor of the first (it begins with it, which is at least ``SPLIT_PIECE_SHARE``
    of it), and a paragraph split in two gives its anchor to the piece it began with (at least
    ``SPLIT_PIECE_SHARE`` of it). Each previous paragraph, in order, takes the first text that so
    continues or begins it; only the texts ``Pieces`` finds could are compared with it."""
    unanchored = [position for position, anchor in enumerate(anchors) if anchor is None]
    new = {position: spaced(texts[position]) for position in unanchored}
    new_words = {position: WORD.findall(text.casefold()) for position, text in new.items()}
    pieces = Pieces(new, new_words, [spaced(text) for text in unused.values()])
    unfound = set()  # texts no text continues or begins: nor will one, as texts are only taken
    for anchor in sorted(unused, key=previous_positions.get):
        old = spaced(unused[anchor])
        if not old or old in unfound:
            continue
        old_words = WORD.findall(old.casefold())
        position = min((position for position in pieces.candidates(old, old_words) if (
            begins_with_a_share(new[position], old) or begins_with_a_share(old, new[position])
            or split_in_two(old_words, new_words[position], new_words.get(position + 1)))), default=None)
        if position is None:
            unfound.add(old)
            continue
        pieces.take(position)
        del unused[anchor]
        yield position, anchor


class Pieces:
    """The unanchored texts of a save, found by how they begin. Compared each with each previous paragraph,
    a document rewritten whole held a worker for a minute (10,000 paragraphs); found this way, a previous
    paragraph is compared with the few texts that could continue or begin it, the first untaken of each.

    A text that begins with a previous paragraph, or that one begins with, is found among the texts in
    sorted order (``beginnings_among``); a pair of texts a paragraph was split into, among the first words
    of texts followed by an unanchored one (their ``head``), with the words of that one (their ``tail``).
    Each list of positions holds the first last, so that taking it costs nothing."""

    def __init__(self, new, new_words, old_texts):
        """``new``: {position: unanchored text, ``spaced``}; ``new_words``: {position: its words};
        ``old_texts``: the unused previous paragraphs' texts, ``spaced``."""
        self.taken = set()
        self.by_text, self.by_words = {}, {}  # the positions of each text, and of each head and tail
        for position in sorted(new, reverse=True):
            if new[position]:
                self.by_text.setdefault(new[position], []).append(position)
            head, tail = new_words[position], new_words.get(position + 1)
            if head and tail:
                self.by_words.setdefault((tuple(head), tuple(tail)), []).append(position)
        self.texts = sorted(self.by_text)
        self.heads = sorted({head for head, _ in self.by_words})
        olds = sorted(set(filter(None, old_texts)))
        self.continuing = {}  # {previous text: the positions of the texts that begin with it}
        for text in self.texts:
            for old in beginnings_among(olds, text, int(SPLIT_PIECE_SHARE * len(text))):
                if begins_with_a_share(text, old):
                    self.continuing.setdefault(old, []).extend(self.by_text[text])
        for positions in self.continuing.values():
            positions.sort(reverse=True)

    def candidates(self, old, old_words):
        """Return the first untaken position of the texts that begin with ``old``, of each text ``old``
        begins with, and of each pair of texts whose words could be ``old_words`` split in two."""
        found = [self.first(self.continuing.get(old, []))]
        found += [self.first(self.by_text[text])
                  for text in beginnings_among(self.texts, old, int(SPLIT_PIECE_SHARE * len(old)))]
        words = tuple(old_words)
        for head in beginnings_among(self.heads, words, 1):
            for dropped in range(SPLIT_WORDS_DROPPED + 1):
                tail_length = len(words) - len(head) - dropped
                if tail_length > 0 and (head, words[-tail_length:]) in self.by_words:
                    found.append(self.first(self.by_words[head, words[-tail_length:]]))
        return [position for position in found if position is not None]

    def first(self, positions):
        """Return the first untaken of ``positions`` (the first last), or None."""
        while positions and positions[-1] in self.taken:
            positions.pop()
        return positions[-1] if positions else None

    def take(self, position):
        self.taken.add(position)


def beginnings_among(ordered, sequence, shortest):
    """Yield the items of ``ordered`` (sorted, distinct) that ``sequence`` begins with, the longest first,
    none shorter than ``shortest``. The greatest item not after the beginning of ``sequence`` still looked
    at either is that beginning's own beginning, or shares with it all the beginning any other item could:
    so each step shortens what is looked at, and most take one or two."""
    end, index = len(sequence), len(ordered)
    while end >= max(shortest, 1):
        beginning = sequence[:end]
        index = bisect.bisect_right(ordered, beginning, 0, index) - 1
        if index < 0:
            return
        item = ordered[index]
        shared = common_prefix_length(item, beginning)
        if shared == len(item):
            if shared >= shortest:
                yield item
            end = shared - 1
        else:
            end = shared


def merges(holding, previous, unused):
    """Return {anchor no text kept: the anchor of the paragraph it was merged into}: a paragraph of the
    last save whose words the paragraph now holding the one just before it holds whole (recorded once,
    when it happens: a paragraph deleted is never found "merged" later into one that holds its words).
    ``holding``: {anchor: its paragraph's text now, ``spaced``}."""
    held_before = {entry["anchor"]: spaced(entry["text"]) for entry in previous}
    merged, before = {}, None
    for entry in previous:
        if entry["anchor"] in unused and before is not None:
            into, words = merged.get(before, before), held_before[entry["anchor"]]
            # it holds them now, and did not before: "Thank you." deleted after "... Thank you." is no merge
            if into in holding and words in holding[into] and words not in held_before[into]:
                merged[entry["anchor"]] = into
        before = entry["anchor"]
    return merged


def spaced(text):
    """Return ``text`` with one space wherever it has white space: a paragraph compared whatever its line breaks."""
    return " ".join(text.split())


def begins_with_a_share(text, piece):
    """Whether ``text`` begins with ``piece`` and ``piece`` is at least ``SPLIT_PIECE_SHARE`` of it."""
    return text.startswith(piece) and len(piece) >= SPLIT_PIECE_SHARE * len(text)


def split_in_two(words, head, tail):
    """Whether the words ``head`` of a paragraph and ``tail`` of the one after it (None if that one has an
    anchor) are the ``words`` of an old one split in two: its words and no other, whatever the
    punctuation and capitals an editor mended where they part, a word or two there dropped ("…the
    Charter, and she then…" into "…the Charter." and "She then…")."""
    if not (words and head and tail) or head[0] != words[0]:
        return False
    return (0 <= len(words) - len(head) - len(tail) <= SPLIT_WORDS_DROPPED
            and words[:len(head)] == head and words[len(words) - len(tail):] == tail)


def similarity(old, new, words):
    """Return how alike two texts are, from 0 to 1, in time bounded by their length: difflib's
    ratio while that is cheap, else the share of their words both hold (from ``Words``); 0 for two
    less alike than ``SAME_PARAGRAPH_RATIO``, as soon as that is clear."""
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
    ratio = 2 * (shared + matched_length(matcher, lambda most: 2 * (shared + most) / total < SAME_PARAGRAPH_RATIO)) / total
    return ratio if ratio >= SAME_PARAGRAPH_RATIO else 0.0


def matched_length(matcher, too_few):
    """Return how many characters ``matcher``'s matching blocks hold (as ``get_matching_blocks`` finds them:
    the longest match, then the longest on each side of it), or the most they still could once
    ``too_few(that most)``: two unlike paragraphs of a rewritten document are told apart after a match
    or two, not a dozen (each side of a match matches no more than the shorter of its two texts)."""
    pending = [(0, len(matcher.a), 0, len(matcher.b))]
    matched, possible = 0, min(len(matcher.a), len(matcher.b))
    while pending:
        a_low, a_high, b_low, b_high = pending.pop()
        possible -= min(a_high - a_low, b_high - b_low)
        a_match, b_match, size = matcher.find_longest_match(a_low, a_high, b_low, b_high)
        if size:
            matched += size
            for sides in ((a_low, a_match, b_low, b_match), (a_match + size, a_high, b_match + size, b_high)):
                if sides[0] < sides[1] and sides[2] < sides[3]:
                    pending.append(sides)
                    possible += min(sides[1] - sides[0], sides[3] - sides[2])
        if too_few(matched + possible):
            return matched + possible
    return matched


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
