"""Passages said again: for each paragraph, the paragraphs of other documents that hold the same
passage (a sentence or more), or nearly the same, in any of their texts: a document's main text and
each of its other texts (translations, the original), one per language as its page shows them.

How they are found (docs/benchmarks.md, "Recurring passages", says why this and what it costs):

1. Each sentence of at least ``SENTENCE_WORDS`` words gives two fingerprints: a hash of its first
   ``ANCHOR_WORDS`` words and one of its last, as normalised for search (so typography, case and
   accents make no difference). A sentence repeated with a word changed in its middle keeps both;
   changed at one end, it keeps the other.
2. Paragraphs of other published documents sharing a fingerprint are candidates. A fingerprint in
   more than ``MOST_DOCUMENTS_PER_FINGERPRINT`` documents is boilerplate and leads nowhere.
3. A candidate pair is compared word by word (``difflib``) around a sentence they share, at most
   ``MOST_WORDS_COMPARED`` words of each: the longest run of matching blocks with small gaps is the
   shared passage. It counts if it holds at least ``SENTENCE_WORDS`` matching words and they are at
   least ``LEAST_SIMILARITY`` of its length in either paragraph; a run that does not is cut at its gaps
   to the part with the most matching words that does. Paragraphs with the same text are
   compared once. ``MOST_CANDIDATES`` and ``MOST_WORD_PAIRS`` bound the work of one document.
4. Each paragraph keeps one record per other document (its paragraph that shares the most, in any of
   its texts), with the differences in wording already marked, so a page only reads what it shows.

A paragraph is named by its place: (its text's language, empty for the main text; its anchor).

This runs after a document is saved, published or imported (on commit; an import's once its batch is indexed),
never per request.
"""
import zlib
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import accumulate

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.html import escape

from speeches.models import Document, DocumentText, PassageFingerprint, RecurringPassage
from speeches.search import tokenise

SENTENCE_WORDS = 8
ANCHOR_WORDS = 6
MOST_DOCUMENTS_PER_FINGERPRINT = 50
LEAST_SIMILARITY = 0.8
# Matching blocks this many words apart or less belong to one passage (a changed or added word).
LARGEST_GAP = 3
# Bounds on one document's comparison, which runs after it is saved. Word-by-word comparison grows
# with the product of the two lengths (1,000 words against 1,000 take ~40 ms), so a paragraph is
# compared by a window of at most MOST_WORDS_COMPARED words around a sentence both hold, and a
# document stops comparing once its pairs' products add up to MOST_WORD_PAIRS (~2 s).
MOST_CANDIDATES = 5_000
MOST_WORDS_COMPARED = 1_000
MOST_WORD_PAIRS = 50_000_000
SENTENCE_END = {".", "!", "?", ";", "。", "！", "？", "；"}
ROWS_PER_QUERY = 500


@dataclass(frozen=True)
class SharedPassage:
    start: int  # characters, in the first paragraph's text
    end: int
    other_start: int
    other_end: int
    similarity: float


class Words:
    """A paragraph's text, tokenised once however many pairs it is in, and where each of its
    fingerprints begins (the index of the first word it hashes)."""

    def __init__(self, text):
        self.text = text
        self.tokens = tokenise(text)
        self.norms = [token.norm for token in self.tokens]
        self.print_starts = {}
        start = 0
        for length in sentence_lengths(text, self.tokens):
            if length >= SENTENCE_WORDS:
                end = start + length
                for first in (start, end - ANCHOR_WORDS):
                    self.print_starts.setdefault(fingerprint(self.norms[first:first + ANCHOR_WORDS]), first)
            start += length

    def window(self, middle, other_length):
        """Return the (start, end) word indexes to compare around word ``middle`` with a paragraph of
        ``other_length`` words: a passage they share is at most that long over ``LEAST_SIMILARITY``."""
        radius = min(int(other_length / LEAST_SIMILARITY) + SENTENCE_WORDS, MOST_WORDS_COMPARED // 2)
        start = max(0, min(middle - radius, len(self.tokens) - 2 * radius))
        return start, min(len(self.tokens), start + 2 * radius)


def sentence_lengths(text, tokens):
    """Return the number of words of each sentence: split where the text between two words holds
    . ! ? ; or their CJK forms."""
    lengths, current = [], 0
    for token, following in zip(tokens, tokens[1:] + [None]):
        current += 1
        between = text[token.end:following.start if following else len(text)]
        if following is None or not SENTENCE_END.isdisjoint(between):
            lengths.append(current)
            current = 0
    return lengths


def sentences(text):
    """Return the token lists of ``text``'s sentences."""
    tokens, found, start = tokenise(text), [], 0
    for length in sentence_lengths(text, tokens):
        found.append(tokens[start:start + length])
        start += length
    return found


def fingerprint(words):
    """Return a signed 63-bit hash of normalised words (the same in every process and database)."""
    digest = zlib.crc32(" ".join(words).encode()) << 31 ^ zlib.adler32(" ".join(reversed(words)).encode())
    return digest & ((1 << 63) - 1)


def compared_passage(words, other_words):
    """Return the ``SharedPassage`` of two tokenised paragraphs, comparing at most ``MOST_WORDS_COMPARED``
    words of each around the first sentence they share, or None."""
    start, end, other_start, other_end = compared_windows(words, other_words)
    blocks = SequenceMatcher(None, words.norms[start:end], other_words.norms[other_start:other_end],
                             autojunk=False).get_matching_blocks()
    best = None
    for run in runs(blocks[:-1]):  # the last is a zero-length sentinel
        best = better(best, kept_part(run))
    if best is None:
        return None
    first, last = best[0], best[-1]
    tokens, other_tokens = words.tokens, other_words.tokens
    return SharedPassage(tokens[start + first.a].start, tokens[start + last.a + last.size - 1].end,
                         other_tokens[other_start + first.b].start,
                         other_tokens[other_start + last.b + last.size - 1].end, round(similarity(best), 3))


def runs(blocks):
    """Yield the runs of matching blocks at most ``LARGEST_GAP`` words apart in both paragraphs."""
    run = []
    for block in blocks:
        if run and (block.a - (run[-1].a + run[-1].size) > LARGEST_GAP or block.b - (run[-1].b + run[-1].size) > LARGEST_GAP):
            yield run
            run = []
        run.append(block)
    if run:
        yield run


def kept_part(run):
    """Return the consecutive blocks of ``run`` with the most matching words that count as a shared
    passage (at least ``SENTENCE_WORDS``, ``LEAST_SIMILARITY`` of its length), or None: the whole run
    when it counts. Else it is cut at its gaps, so a sentence said word for word is not lost because
    partly matching sentences around it stretch the run under the threshold."""
    matched = list(accumulate((block.size for block in run), initial=0))
    best, most = None, SENTENCE_WORDS - 1
    for first, start in enumerate(run):
        if matched[-1] - matched[first] <= most:
            break
        for last in range(len(run) - 1, first - 1, -1):
            words = matched[last + 1] - matched[first]
            if words <= most:
                break
            if words / span(start, run[last]) >= LEAST_SIMILARITY:
                best, most = run[first:last + 1], words
                break
    return best


def similarity(blocks):
    """Return the share of the passage ``blocks`` span that they match, in the longer of its two wordings."""
    return sum(block.size for block in blocks) / span(blocks[0], blocks[-1])


def span(first, last):
    """Return how many words the passage from block ``first`` to block ``last`` holds in the longer wording."""
    return max(last.a + last.size - first.a, last.b + last.size - first.b)


def compared_windows(words, other_words):
    """Return (start, end, other start, other end): the words of each paragraph to compare, around
    the earliest fingerprint both hold (their beginnings when none is shared)."""
    shared = words.print_starts.keys() & other_words.print_starts.keys()
    anchor = min(shared, key=words.print_starts.get, default=None)
    if anchor is None:
        middle, other_middle = 0, 0
    else:
        middle, other_middle = words.print_starts[anchor], other_words.print_starts[anchor]
    return (*words.window(middle, len(other_words.tokens)), *other_words.window(other_middle, len(words.tokens)))


def better(best, run):
    if run is None:
        return best
    if best is None or sum(block.size for block in run) > sum(block.size for block in best):
        return list(run)
    return best


# Not admin word_diff_html: passages compare words as search normalises them, and show the other text whole.
def differences(text, start, end, other_text, other_start, other_end):
    """Return the other paragraph's passage as HTML, its words ours lacks in <ins>, ours it lacks in <del>."""
    ours_text, passage = text[start:end], other_text[other_start:other_end]
    ours, theirs = tokenise(ours_text), tokenise(passage)
    parts, cursor = [], 0
    matcher = SequenceMatcher(None, [token.norm for token in ours], [token.norm for token in theirs], autojunk=False)
    for operation, our_start, our_end, their_start, their_end in matcher.get_opcodes():
        if their_start < their_end:
            parts.append(escape(passage[cursor:theirs[their_start].start]))
            cursor = theirs[their_start].start
        if operation in ("replace", "delete"):
            parts.append(f"<del>{escape(ours_text[ours[our_start].start:ours[our_end - 1].end])}</del> ")
        if their_start < their_end:
            span = escape(passage[theirs[their_start].start:theirs[their_end - 1].end])
            parts.append(span if operation == "equal" else f"<ins>{span}</ins>")
            cursor = theirs[their_end - 1].end
    parts.append(escape(passage[cursor:]))
    return "".join(parts)


def compare_documents(document_ids):
    """Record the fingerprints and recurring passages of each document (published ones; a draft or
    deleted document loses its own), then mark it compared."""
    for document_id in document_ids:
        with transaction.atomic():
            compare_document(document_id)


def compare_document(document_id):
    PassageFingerprint.objects.filter(document_id=document_id).delete()
    RecurringPassage.objects.filter(document_id=document_id).delete()
    RecurringPassage.objects.filter(other_document_id=document_id).delete()
    if not Document.objects.published().filter(pk=document_id).exists():
        return
    words = {place: Words(text) for place, text in paragraph_texts([document_id])[document_id].items()}
    by_print = defaultdict(set)
    for place, paragraph_words in words.items():
        for print_ in paragraph_words.print_starts:
            by_print[print_].add(place)
    PassageFingerprint.objects.bulk_create(
        PassageFingerprint(fingerprint=print_, document_id=document_id, language=language, paragraph=anchor)
        for print_, places in by_print.items() for language, anchor in places)
    pairs = candidate_pairs(document_id, by_print, same_text_places(words))
    RecurringPassage.objects.bulk_create(recurring_passages(document_id, words, pairs))
    Document.objects.filter(pk=document_id).update(passages_compared=timezone.now())


def paragraph_texts(document_ids):
    """Return {document id: {place: paragraph text}} for the paragraphs of every text of each document:
    its main text's and, per language, its other text's that ``?lang=`` shows (the first by role)."""
    found, languages = {}, set()
    for ids in chunks(list(document_ids)):
        for row in Document.objects.filter(pk__in=ids).values("pk", "paragraphs"):
            found[row["pk"]] = {("", paragraph["anchor"]): paragraph["text"] for paragraph in row["paragraphs"]}
        for row in DocumentText.objects.filter(document__in=ids).order_by("language", "role").values(
                "document_id", "language", "paragraphs"):
            if (row["document_id"], row["language"]) not in languages:  # a second one is never shown
                languages.add((row["document_id"], row["language"]))
                found.setdefault(row["document_id"], {}).update(
                    {(row["language"], paragraph["anchor"]): paragraph["text"] for paragraph in row["paragraphs"]})
    return found


def same_text_places(words):
    """Return {place: [places of the paragraphs of its text with the same words]} for the first paragraph
    of each (a text repeating a paragraph, such as "(Applause)", is compared once)."""
    by_text = {}
    for (language, anchor), paragraph_words in words.items():
        by_text.setdefault((language, paragraph_words.text), []).append((language, anchor))
    return {places[0]: places for places in by_text.values()}


def candidate_pairs(document_id, by_print, compared_places):
    """Return {(place, other document id, other place)} of paragraphs sharing a fingerprint that
    is not boilerplate, one paragraph of ``compared_places`` per text: at most ``MOST_CANDIDATES``,
    the rarest fingerprints' first. A fingerprint that alone would make more pairs than that (a
    sentence closing every paragraph) is boilerplate within documents and leads nowhere."""
    rows_by_print = defaultdict(list)
    for prints in chunks(telling_prints(document_id, list(by_print))):
        for print_, other_id, other_language, other_anchor in PassageFingerprint.objects.filter(
                fingerprint__in=prints, document__status=Document.Status.PUBLISHED,
        ).exclude(document_id=document_id).values_list("fingerprint", "document_id", "language", "paragraph"):
            rows_by_print[print_].append((other_id, (other_language, other_anchor)))
    pairs_by_print = [(sorted(by_print[print_] & compared_places.keys()), others)
                      for print_, others in rows_by_print.items()]
    pairs_by_print.sort(key=lambda entry: len(entry[0]) * len(entry[1]))
    pairs = set()
    for places, others in pairs_by_print:
        if len(pairs) + len(places) * len(others) > MOST_CANDIDATES:
            break
        pairs.update((place, other_id, other_place) for place in places for other_id, other_place in others)
    return pairs


def telling_prints(document_id, prints):
    """Return the fingerprints other documents hold, but not more than ``MOST_DOCUMENTS_PER_FINGERPRINT``
    of them: counted in the index first, so boilerplate's thousands of rows are never read."""
    telling = []
    for chunk in chunks(prints):
        counts = (PassageFingerprint.objects.filter(fingerprint__in=chunk).exclude(document_id=document_id)
                  .values("fingerprint").annotate(documents=Count("document_id", distinct=True))
                  .filter(documents__lte=MOST_DOCUMENTS_PER_FINGERPRINT).order_by())
        telling += [row["fingerprint"] for row in counts]
    return telling


def chunks(values):
    return (values[start:start + ROWS_PER_QUERY] for start in range(0, len(values), ROWS_PER_QUERY))


def shared_passages(words, pairs):
    """Yield (place, other document id, other place, ``SharedPassage``, other paragraph's text) for each
    candidate pair that shares a passage: each pair of texts compared once, until ``MOST_WORD_PAIRS``."""
    others = paragraph_texts(sorted({other_id for _, other_id, _ in pairs}))
    other_words, found, work = {}, {}, 0
    for place, other_id, other_place in sorted(pairs):
        other_text = others.get(other_id, {}).get(other_place)
        if other_text is None:
            continue
        texts = (words[place].text, other_text)
        if texts not in found:
            if work >= MOST_WORD_PAIRS:
                continue
            if other_text not in other_words:
                other_words[other_text] = Words(other_text)
            theirs = other_words[other_text]
            work += min(len(words[place].tokens), MOST_WORDS_COMPARED) * min(len(theirs.tokens), MOST_WORDS_COMPARED)
            found[texts] = compared_passage(words[place], theirs)
        if found[texts]:
            yield place, other_id, other_place, found[texts], other_text


def recurring_passages(document_id, words, pairs):
    """Yield a ``RecurringPassage`` each way for the pairs that share a passage: for each paragraph, one
    per other document (the other paragraph sharing the most), for every paragraph of its text with the
    same words."""
    same_text = same_text_places(words)
    ours, theirs, marked = {}, {}, {}

    def marked_differences(*spans):
        if spans not in marked:
            marked[spans] = differences(*spans)
        return marked[spans]

    for place, other_id, other_place, shared, other_text in shared_passages(words, pairs):
        found = (shared.similarity * (shared.end - shared.start), place, other_id, other_place, shared, other_text)
        ours[place, other_id] = max(ours.get((place, other_id), found), found, key=lambda entry: entry[0])
        theirs[other_id, other_place] = max(theirs.get((other_id, other_place), found), found,
                                            key=lambda entry: entry[0])
    for _, place, other_id, (other_language, other_anchor), shared, other_text in ours.values():
        ours_marked = marked_differences(words[place].text, shared.start, shared.end, other_text,
                                         shared.other_start, shared.other_end)
        for language, anchor in same_text[place]:
            yield RecurringPassage(document_id=document_id, language=language, paragraph=anchor, start=shared.start,
                                   end=shared.end, other_document_id=other_id, other_language=other_language,
                                   other_paragraph=other_anchor, other_start=shared.other_start,
                                   other_end=shared.other_end, similarity=shared.similarity, differences=ours_marked)
    for _, (language, anchor), other_id, (other_language, other_anchor), shared, other_text in theirs.values():
        yield RecurringPassage(document_id=other_id, language=other_language, paragraph=other_anchor,
                               start=shared.other_start, end=shared.other_end, other_document_id=document_id,
                               other_language=language, other_paragraph=anchor, other_start=shared.start,
                               other_end=shared.end, similarity=shared.similarity,
                               differences=marked_differences(other_text, shared.other_start, shared.other_end,
                                                             words[language, anchor].text, shared.start,
                                                             shared.end))
