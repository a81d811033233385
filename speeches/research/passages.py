"""Passages said again: for each paragraph, the paragraphs of other documents that hold the same
passage (a sentence or more), or nearly the same.

How they are found (docs/benchmarks.md, "Recurring passages", says why this and what it costs):

1. Each sentence of at least ``SENTENCE_WORDS`` words gives two fingerprints: a hash of its first
   ``ANCHOR_WORDS`` words and one of its last, as normalised for search (so typography, case and
   accents make no difference). A sentence repeated with a word changed in its middle keeps both;
   changed at one end, it keeps the other.
2. Paragraphs of other published documents sharing a fingerprint are candidates. A fingerprint in
   more than ``MOST_DOCUMENTS_PER_FINGERPRINT`` documents is boilerplate and leads nowhere.
3. A candidate pair is compared word by word (``difflib``): the longest run of matching blocks
   with small gaps is the shared passage. It counts if it holds at least ``SENTENCE_WORDS``
   matching words and they are at least ``LEAST_SIMILARITY`` of its length in either paragraph.
   ``MOST_CANDIDATES`` and ``MOST_WORDS_COMPARED`` bound the work of one save.

This runs when a document is saved, published or imported (on commit), never per request.
"""
import zlib
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from speeches.models import Document, PassageFingerprint, RecurringPassage
from speeches.search.text import tokenise

SENTENCE_WORDS = 8
ANCHOR_WORDS = 6
MOST_DOCUMENTS_PER_FINGERPRINT = 50
LEAST_SIMILARITY = 0.8
# Matching blocks this many words apart or less belong to one passage (a changed or added word).
LARGEST_GAP = 3
# Bounds on one document's comparison, which runs as it is saved: candidate pairs of paragraphs, and
# words compared of a paragraph (word-by-word comparison grows with the product of two lengths).
MOST_CANDIDATES = 5_000
MOST_WORDS_COMPARED = 5_000
SENTENCE_END = {".", "!", "?", ";", "。", "！", "？", "；"}
ROWS_PER_QUERY = 500


@dataclass(frozen=True)
class SharedPassage:
    start: int  # characters, in the first paragraph's text
    end: int
    other_start: int
    other_end: int
    similarity: float


def sentences(text):
    """Return the token lists of ``text``'s sentences: split where the text between two words holds
    . ! ? ; or their CJK forms."""
    tokens = tokenise(text)
    found, current = [], []
    for token, following in zip(tokens, tokens[1:] + [None]):
        current.append(token)
        between = text[token.end:following.start if following else len(text)]
        if following is None or not SENTENCE_END.isdisjoint(between):
            found.append(current)
            current = []
    return found


def fingerprint(words):
    """Return a signed 63-bit hash of normalised words (the same in every process and database)."""
    digest = zlib.crc32(" ".join(words).encode()) << 31 ^ zlib.adler32(" ".join(reversed(words)).encode())
    return digest & ((1 << 63) - 1)


def paragraph_fingerprints(text):
    """Return the set of fingerprints of a paragraph's long enough sentences."""
    prints = set()
    for sentence in sentences(text):
        if len(sentence) >= SENTENCE_WORDS:
            norms = [token.norm for token in sentence]
            prints.add(fingerprint(norms[:ANCHOR_WORDS]))
            prints.add(fingerprint(norms[-ANCHOR_WORDS:]))
    return prints


def shared_passage(text, other_text):
    """Return the ``SharedPassage`` of two paragraphs' texts, or None."""
    tokens, other_tokens = tokenise(text)[:MOST_WORDS_COMPARED], tokenise(other_text)[:MOST_WORDS_COMPARED]
    blocks = SequenceMatcher(None, [token.norm for token in tokens], [token.norm for token in other_tokens],
                             autojunk=False).get_matching_blocks()
    best, run = None, []
    for block in blocks[:-1]:  # the last is a zero-length sentinel
        if run and (block.a - (run[-1].a + run[-1].size) > LARGEST_GAP or block.b - (run[-1].b + run[-1].size) > LARGEST_GAP):
            best = better(best, run)
            run = []
        run.append(block)
    best = better(best, run)
    if best is None:
        return None
    first, last = best[0], best[-1]
    matched = sum(block.size for block in best)
    length = max(last.a + last.size - first.a, last.b + last.size - first.b)
    similarity = matched / length
    if matched < SENTENCE_WORDS or similarity < LEAST_SIMILARITY:
        return None
    return SharedPassage(tokens[first.a].start, tokens[last.a + last.size - 1].end,
                         other_tokens[first.b].start, other_tokens[last.b + last.size - 1].end, round(similarity, 3))


def better(best, run):
    if not run:
        return best
    if best is None or sum(block.size for block in run) > sum(block.size for block in best):
        return list(run)
    return best


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
    document = Document.objects.published().filter(pk=document_id).values("pk", "paragraphs").first()
    if document is None:
        return
    by_print = defaultdict(set)
    for paragraph in document["paragraphs"]:
        for print_ in paragraph_fingerprints(paragraph["text"]):
            by_print[print_].add(paragraph["anchor"])
    PassageFingerprint.objects.bulk_create(
        PassageFingerprint(fingerprint=print_, document_id=document_id, paragraph=anchor)
        for print_, anchors in by_print.items() for anchor in anchors)
    pairs = candidate_pairs(document_id, by_print)
    RecurringPassage.objects.bulk_create(recurring_passages(document, pairs))
    Document.objects.filter(pk=document_id).update(passages_compared=timezone.now())


def candidate_pairs(document_id, by_print):
    """Return {(anchor, other document id, other anchor)} of paragraphs sharing a fingerprint that
    is not boilerplate (at most ``MOST_CANDIDATES``)."""
    rows = []
    for prints in chunks(telling_prints(document_id, list(by_print))):
        rows += PassageFingerprint.objects.filter(
            fingerprint__in=prints, document__status=Document.Status.PUBLISHED,
        ).exclude(document_id=document_id).values_list("fingerprint", "document_id", "paragraph")
    pairs = {(anchor, other_id, other_anchor) for print_, other_id, other_anchor in rows for anchor in by_print[print_]}
    return set(sorted(pairs)[:MOST_CANDIDATES])


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


def recurring_passages(document, pairs):
    """Yield a ``RecurringPassage`` each way for every candidate pair that shares a passage."""
    texts = {paragraph["anchor"]: paragraph["text"] for paragraph in document["paragraphs"]}
    others = {}
    for ids in chunks(sorted({other_id for _, other_id, _ in pairs})):
        for row in Document.objects.filter(pk__in=ids).values("pk", "paragraphs"):
            others[row["pk"]] = {paragraph["anchor"]: paragraph["text"] for paragraph in row["paragraphs"]}
    for anchor, other_id, other_anchor in sorted(pairs):
        other_text = others.get(other_id, {}).get(other_anchor)
        if other_text is None or not (shared := shared_passage(texts[anchor], other_text)):
            continue
        yield RecurringPassage(document_id=document["pk"], paragraph=anchor, start=shared.start, end=shared.end,
                               other_document_id=other_id, other_paragraph=other_anchor,
                               other_start=shared.other_start, other_end=shared.other_end,
                               similarity=shared.similarity)
        yield RecurringPassage(document_id=other_id, paragraph=other_anchor, start=shared.other_start,
                               end=shared.other_end, other_document_id=document["pk"], other_paragraph=anchor,
                               other_start=shared.start, other_end=shared.end, similarity=shared.similarity)
