"""A proposed alignment of two texts' paragraphs (a document's main text and a translation of it),
from their lengths alone, for an editor to confirm or correct.

Gale and Church's method ("A Program for Aligning Sentences in Bilingual Corpora", Computational
Linguistics 19(1), 1993; https://aclanthology.org/J93-1004/), which aligned Europarl: a text and its
translation run in the same order, and a passage's length in characters is about proportional to its
translation's. Paragraphs are grouped in "beads" (one with one, two with one, one with none...); dynamic
programming finds the likeliest sequence of beads. The ratio of lengths is measured on the two texts
themselves (Chinese takes about a third of the characters of English), so no language pair needs
parameters of its own. Each bead's confidence is the probability, summed over every alignment the
lengths allow (forward-backward), that its paragraphs render each other.
"""
import math
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from speeches.paragraph_ids import ANCHOR

# How often a bead of (main paragraphs, other paragraphs) is found between a text and its translation:
# Gale and Church's counts, their 1-0/0-1 and 2-1/1-2 shares split between the two directions. Two
# with two is left out: it would pair four paragraphs where two one-with-one beads are what a
# translation usually holds, and on short texts its length fits too easily.
BEAD_PRIORS = {(1, 1): 0.89, (2, 1): 0.0445, (1, 2): 0.0445, (1, 0): 0.00495, (0, 1): 0.00495}
# Variance of a translation's length per character of the original. Gale and Church measured 6.8 on
# sentences of European languages; paragraphs between English and Chinese vary more.
LENGTH_VARIANCE = 20.0
# Below this probability a proposed bead is marked for the editor to check: at even odds between two
# alignments a bead scores about 0.5, one of three ways about 0.33; clear ones score above 0.95.
LOW_CONFIDENCE = 0.8
# Beads are looked for within this many paragraphs of the diagonal (the texts' proportional
# positions): a translation does not drift further, and the work stays linear in the texts' length.
BAND = 20


@dataclass(frozen=True)
class Bead:
    """Paragraphs of the main text and of the other text (numbers from 0) that render each other,
    either side possibly none, and the probability that they do."""

    main: tuple
    other: tuple
    confidence: float


def align_lengths(main_lengths, other_lengths, ratio=None):
    """Return the likeliest ``Bead``s pairing paragraphs of these lengths (in characters), in order;
    ``ratio``, the other text's characters per character of the main text (measured on these lengths
    when not given)."""
    if not main_lengths or not other_lengths:  # nothing to pair: each paragraph stands alone, surely
        return ([Bead((number,), (), 1.0) for number in range(len(main_lengths))]
                + [Bead((), (number,), 1.0) for number in range(len(other_lengths))])
    lattice = Lattice(main_lengths, other_lengths, ratio)
    forward, backward, best = lattice.forward(), lattice.backward(), lattice.likeliest()
    total = forward[lattice.end]
    beads, cell = [], lattice.end
    while cell != (0, 0):
        shape, start = best[cell]
        log_probability = forward[start] + lattice.log_probability(start, shape) + backward[cell] - total
        beads.append(Bead(tuple(range(start[0], cell[0])), tuple(range(start[1], cell[1])),
                          min(1.0, math.exp(log_probability))))
        cell = start
    return beads[::-1]


def propose_alignment(main_paragraphs, paragraphs, earlier_beads=()):
    """Return (pairs [[main anchor, anchor]], beads [{"main": [anchors], "text": [anchors],
    "confidence": probability}]) proposed for two lists of paragraphs ({"anchor", "text"}).

    The paragraphs an earlier proposal (``earlier_beads``) paired one with one and which are both still
    there stay paired, with the confidence they had: a paragraph keeps its anchor through edits, so it
    still renders the same one. Only the paragraphs between them are aligned afresh, so a paragraph
    inserted or deleted on one side no longer shifts every pair after it. (Groups of two with one are
    aligned afresh: a paragraph split in two may now pair one with one.)
    """
    main_lengths = [len(paragraph["text"]) for paragraph in main_paragraphs]
    other_lengths = [len(paragraph["text"]) for paragraph in paragraphs]
    # Between kept pairs, lengths are compared at the whole texts' ratio: a gap's own would fit any of its
    # groupings exactly (two paragraphs with one, at full confidence).
    ratio, beads, start = length_ratio(main_lengths, other_lengths), [], (0, 0)
    for main, other, confidence in kept_pairs(earlier_beads, main_paragraphs, paragraphs):
        beads += shifted(align_lengths(main_lengths[start[0]:main], other_lengths[start[1]:other], ratio), start)
        beads.append(Bead((main,), (other,), confidence))
        start = (main + 1, other + 1)
    beads += shifted(align_lengths(main_lengths[start[0]:], other_lengths[start[1]:], ratio), start)
    pairs = [[main_paragraphs[main]["anchor"], paragraphs[other]["anchor"]]
             for bead in beads for main in bead.main for other in bead.other]
    described = [{"main": [main_paragraphs[main]["anchor"] for main in bead.main],
                  "text": [paragraphs[other]["anchor"] for other in bead.other],
                  "confidence": round(bead.confidence, 3)} for bead in beads]
    return pairs, described


def length_ratio(main_lengths, other_lengths):
    """Return the other text's characters per character of the main text (Chinese is about a third of English)."""
    return max(sum(other_lengths), 1) / max(sum(main_lengths), 1)


def kept_pairs(earlier_beads, main_paragraphs, paragraphs):
    """Return (main position, other position, confidence) of each pair of paragraphs an earlier proposal
    grouped one with one that are both still there, in order on both sides (one that would cross a pair
    kept before it is dropped)."""
    main_at = {paragraph["anchor"]: number for number, paragraph in enumerate(main_paragraphs)}
    other_at = {paragraph["anchor"]: number for number, paragraph in enumerate(paragraphs)}
    kept = []
    for main, other, confidence in sorted(
            (main_at[bead["main"][0]], other_at[bead["text"][0]], bead["confidence"]) for bead in earlier_beads
            if len(bead["main"]) == len(bead["text"]) == 1 and bead["main"][0] in main_at and bead["text"][0] in other_at):
        if not kept or (main > kept[-1][0] and other > kept[-1][1]):
            kept.append((main, other, confidence))
    return kept


def shifted(beads, start):
    """Return ``beads`` of texts' parts beginning at ``start`` (main, other), numbered in the whole texts."""
    return [Bead(tuple(start[0] + main for main in bead.main), tuple(start[1] + other for other in bead.other),
                 bead.confidence) for bead in beads]


class Lattice:
    """The cells (paragraphs of the main text used, of the other text used) an alignment passes
    through, and the log-probability of each bead between two of them."""

    def __init__(self, main_lengths, other_lengths, ratio=None):
        self.main_lengths, self.other_lengths = main_lengths, other_lengths
        self.end = (len(main_lengths), len(other_lengths))
        # Characters of the other text per character of the main text.
        self.ratio = ratio or length_ratio(main_lengths, other_lengths)
        # The cells within BAND of the diagonal, each after every cell a bead leads to it from.
        slope = self.end[1] / self.end[0]
        self.cells = [(main, other) for main in range(self.end[0] + 1)
                      for other in range(max(0, math.ceil(main * slope) - BAND - 1),
                                         min(self.end[1], math.floor(main * slope) + BAND + 1) + 1)]
        self.known = {}  # each bead's log-probability, once computed: three passes ask for it

    def log_probability(self, start, shape):
        """Return the log-probability of the bead of ``shape`` (main, other paragraphs) from ``start``."""
        if (start, shape) not in self.known:
            self.known[start, shape] = self.length_fit(start, shape)
        return self.known[start, shape]

    def length_fit(self, start, shape):
        """Return the log-probability of the bead of ``shape`` from ``start``: its prior, times the
        chance of lengths at least this far from proportional."""
        main = sum(self.main_lengths[start[0]:start[0] + shape[0]])
        other = sum(self.other_lengths[start[1]:start[1] + shape[1]]) / self.ratio  # in main-text characters
        mean = max((main + other) / 2, 1)
        deviation = abs(main - other) / math.sqrt(mean * LENGTH_VARIANCE)
        return math.log(BEAD_PRIORS[shape]) + log_two_tailed(deviation)

    def forward(self):
        """Return the log-probability of reaching each cell from the start (summed over paths)."""
        reached = {(0, 0): 0.0}
        for cell in self.cells[1:]:
            arrivals = [reached[start] + self.log_probability(start, shape) for shape in BEAD_PRIORS
                        if (start := (cell[0] - shape[0], cell[1] - shape[1])) in reached]
            if arrivals:
                reached[cell] = log_sum(arrivals)
        return reached

    def likeliest(self):
        """Return the bead into each cell on the single likeliest alignment (Viterbi): {cell: (shape, start)}."""
        score, best = {(0, 0): 0.0}, {}
        for cell in self.cells[1:]:
            arrivals = [(score[start] + self.log_probability(start, shape), shape, start) for shape in BEAD_PRIORS
                        if (start := (cell[0] - shape[0], cell[1] - shape[1])) in score]
            if arrivals:
                score[cell], *bead_into = max(arrivals)
                best[cell] = tuple(bead_into)
        return best

    def backward(self):
        """Return the log-probability of going on from each cell to the end (summed over paths)."""
        remaining = {self.end: 0.0}
        for cell in reversed(self.cells[:-1]):
            departures = [remaining[end] + self.log_probability(cell, shape) for shape in BEAD_PRIORS
                          if (end := (cell[0] + shape[0], cell[1] + shape[1])) in remaining]
            if departures:
                remaining[cell] = log_sum(departures)
        return remaining


def log_two_tailed(deviation):
    """Return log P(|Z| >= deviation) for a standard normal Z, also far in its tails."""
    tail = math.erfc(deviation / math.sqrt(2))
    if tail > 0:
        return math.log(tail)
    # Beyond about 38 standard deviations erfc underflows; its asymptote takes over.
    return -deviation * deviation / 2 - math.log(deviation * math.sqrt(math.pi / 2))


def log_sum(logs):
    """Return log(sum(exp(x) for x in logs)) without overflow."""
    top = max(logs)
    return top + math.log(sum(math.exp(value - top) for value in logs))


def validate_alignment(value):
    """Refuse a text's alignment unless it is a list of [main text's anchor, this text's anchor] pairs:
    every page, download and dump that shows the two texts side by side reads it as that."""
    if not isinstance(value, list) or not all(
            isinstance(pair, list) and len(pair) == 2
            and all(isinstance(anchor, str) and ANCHOR.fullmatch(anchor) for anchor in pair)
            for pair in value):
        raise ValidationError('An alignment is a list of [main text\'s anchor, this text\'s anchor] pairs, such as '
                              '[["p-1", "p-1"], ["p-2", "p-3"]]; empty, no paragraph is aligned.',
                              code="alignment")
