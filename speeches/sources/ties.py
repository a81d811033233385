"""Where each paragraph is in a source: the archive proposes, an editor confirms.

A PDF's page holds a paragraph when most of the paragraph's word triples are found in the page's
text (PDFium's, with line-end hyphens joined); of several such pages the one holding most is proposed,
with the region of the page its lines fill when it is one part of the page.
A recording has no text to find: its ties are the times the editor gives.
"""
import re
import unicodedata
from collections import Counter

from speeches.models import ParagraphTie

WORD = re.compile(r"\w+")
HYPHEN_AT_LINE_END = re.compile(r"(\w)-\s*\n\s*(\w)")
# PDFium marks a hyphen it found at a line's end as U+0002 in a line's text.
LINE_END_HYPHENS = ("-", "\x02", "\u00ad")
# A page is proposed when it holds at least this share of the paragraph's word triples.
LEAST_SHARE = 0.6
# A paragraph of fewer words ("Friends,") could be on any page: none is proposed.
LEAST_TRIPLES = 3
# A region is left out when the paragraph fills nearly all of its page's height.
MOST_REGION_HEIGHT = 0.8
REGION_MARGIN = 0.01


def words_of(text):
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def triples_of(words):
    return {tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 1))} if words else set()


def word_triples(text):
    return triples_of(words_of(HYPHEN_AT_LINE_END.sub(r"\1\2", text)))


def propose_page_ties(document, source):
    """Propose, for each of the document's paragraphs not yet tied to ``source``, the page of ``source``
    that holds it (and the region of it); return how many were proposed."""
    pages = [(page, word_triples(page.text)) for page in source.pages.all() if page.text.strip()]
    if not pages:
        return 0
    tied = set(source.ties.values_list("anchor", flat=True))
    proposals = []
    for paragraph in document.paragraphs:
        triples = word_triples(paragraph["text"])
        if paragraph["anchor"] in tied or len(triples) < LEAST_TRIPLES:
            continue
        shares = sorted(((len(triples & page_triples) / len(triples), page.number, page)
                         for page, page_triples in pages), key=lambda share: share[:2], reverse=True)
        (share, _, page), runner_up = shares[0], shares[1][0] if len(shares) > 1 else 0
        if share >= LEAST_SHARE and share > runner_up:  # a page that holds it, and no other as well
            proposals.append(ParagraphTie(document=document, anchor=paragraph["anchor"], source=source,
                                          page=page.number, region=region_of(triples, page.lines)))
    ParagraphTie.objects.bulk_create(proposals)
    return len(proposals)


def region_of(triples, lines):
    """Return the box [left, top, width, height] of the run of ``lines`` (a page's, top down) that
    holds most of the paragraph's word ``triples``, or None: no lines, or the paragraph fills the page."""
    held = lines_holding(triples, lines)
    if not held:
        return None
    run = max(runs(held), key=len)
    boxes = [lines[index][:4] for index in range(run[0], run[-1] + 1)]
    left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
    right, bottom = max(box[0] + box[2] for box in boxes), max(box[1] + box[3] for box in boxes)
    left, top = max(left - REGION_MARGIN, 0.0), max(top - REGION_MARGIN, 0.0)
    right, bottom = min(right + REGION_MARGIN, 1.0), min(bottom + REGION_MARGIN, 1.0)
    if bottom - top > MOST_REGION_HEIGHT:
        return None
    return [round(left, 4), round(top, 4), round(right - left, 4), round(bottom - top, 4)]


def lines_holding(triples, lines):
    """Return the indexes of the lines at least half of whose words are in the paragraph's ``triples``
    in order, read across line ends (a word hyphenated at a line's end belongs to that line): a line
    where another paragraph begins with the same few words is not one of them."""
    words, line_of_word = [], []
    for index, line in enumerate(lines):
        line_words = words_of(line[4])
        if line_words and words and lines[index - 1][4].rstrip().endswith(LINE_END_HYPHENS):
            words[-1] += line_words.pop(0)
        words += line_words
        line_of_word += [index] * len(line_words)
    found = set()
    for start in range(len(words) - 2):
        if tuple(words[start:start + 3]) in triples:
            found.update(range(start, start + 3))
    found_on_line = Counter(line_of_word[position] for position in found)
    return sorted(line for line, count in found_on_line.items() if 2 * count >= line_of_word.count(line))


def runs(indexes):
    """Group sorted line indexes into runs with gaps of at most one line (a heading or a stray line)."""
    grouped = [[indexes[0]]]
    for index in indexes[1:]:
        if index - grouped[-1][-1] <= 2:
            grouped[-1].append(index)
        else:
            grouped.append([index])
    return grouped
