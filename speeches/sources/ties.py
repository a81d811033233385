"""Where each paragraph is in a source: the archive proposes, an editor confirms.

A PDF's page holds a paragraph when most of the paragraph's word triples are found in the page's
text (PDFium's, with line-end hyphens joined); of several such pages the one holding most is proposed.
A recording has no text to find: its ties are the times the editor gives.
"""
import re
import unicodedata

from speeches.models import ParagraphTie

WORD = re.compile(r"\w+")
HYPHEN_AT_LINE_END = re.compile(r"(\w)-\s*\n\s*(\w)")
# A page is proposed when it holds at least this share of the paragraph's word triples.
LEAST_SHARE = 0.6
# A paragraph of fewer words ("Friends,") could be on any page: none is proposed.
LEAST_TRIPLES = 3


def word_triples(text):
    words = WORD.findall(unicodedata.normalize("NFKC", HYPHEN_AT_LINE_END.sub(r"\1\2", text)).casefold())
    return {tuple(words[i:i + 3]) for i in range(max(len(words) - 2, 1))} if words else set()


def propose_page_ties(document, source):
    """Propose, for each of the document's paragraphs not yet tied to ``source``, the page of ``source``
    that holds it; return how many were proposed."""
    pages = [(page.number, word_triples(page.text)) for page in source.pages.all() if page.text.strip()]
    if not pages:
        return 0
    tied = set(source.ties.values_list("anchor", flat=True))
    proposals = []
    for paragraph in document.paragraphs:
        triples = word_triples(paragraph["text"])
        if paragraph["anchor"] in tied or len(triples) < LEAST_TRIPLES:
            continue
        shares = sorted(((len(triples & page_triples) / len(triples), number) for number, page_triples in pages),
                        reverse=True)
        (share, number), runner_up = shares[0], shares[1][0] if len(shares) > 1 else 0
        if share >= LEAST_SHARE and share > runner_up:  # a page that holds it, and no other as well
            proposals.append(ParagraphTie(document=document, anchor=paragraph["anchor"], source=source, page=number))
    ParagraphTie.objects.bulk_create(proposals)
    return len(proposals)
