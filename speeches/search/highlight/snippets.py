"""Snippets that show where a document matched: whole phrases marked as one unit, per paragraph.

Words are matched as the engine that searched matches them (``tokens``), so a snippet marks what
that engine found.
"""
from dataclasses import dataclass, replace

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from speeches.characters import without_han_line_breaks
from speeches.languages import is_right_to_left

from ..text import normalise
from .tokens import best_matches, match_paragraphs

SNIPPET_LENGTH = 320
# Snippets of each of a document's other texts (translations, the original), and how much of the
# main text's aligned paragraph is shown beside each.
OTHER_TEXT_SNIPPETS = 2
ALIGNED_TEXT_LENGTH = 200
CONTEXT_BEFORE = 100


@dataclass(frozen=True)
class Snippet:
    anchor: str
    html: str
    language: str = ""  # for a snippet of another text (a translation, the original): its language
    aligned_anchor: str = ""  # ...and the main text's paragraph aligned with it, if any
    aligned_text: str = ""
    in_headings: bool = False  # found in a title, subtitle, speaker's name or role, event or translator
    marked: frozenset = frozenset()  # what it marks, as search reads it: which of a query's words it shows

    @property
    def is_right_to_left(self):
        return is_right_to_left(self.language)


def marked_html(text, spans):
    """Return ``text`` cut to a window around the first span, HTML-escaped, each span in <mark>."""
    start = 0
    if len(text) > SNIPPET_LENGTH:
        start = max(0, spans[0][0] - CONTEXT_BEFORE)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), max(start + SNIPPET_LENGTH, spans[0][1]))
    if end < len(text):
        last_space = text.rfind(" ", spans[0][1], end)
        end = last_space if last_space > 0 else end
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts += [escape(text[cursor:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        cursor = span_end
    parts += [escape(text[cursor:end]), "…" if end < len(text) else ""]
    return mark_safe(without_han_line_breaks("".join(parts)))

def find_snippets(paragraphs, phrases, words, analysis, case_sensitive=False, limit=3):
    """Return up to ``limit`` snippets (all, if None) from the best-matching paragraphs, in document order."""
    best = best_matches(paragraphs, phrases, words, analysis, case_sensitive, limit)
    return [
        Snippet(match.paragraph["anchor"], marked_html(match.paragraph["text"], match.spans),
                marked=frozenset(as_searched(match.paragraph["text"][start:end], analysis) for start, end in match.spans))
        for match in sorted(best, key=lambda match: match.position)
    ]


def as_searched(marked, analysis):
    """Return what a marked word or phrase is to search: a word's stem ("trees" is "tree"), a phrase's words."""
    words = normalise(marked)
    return analysis.term(words) if " " not in words else words


def highlight_spans(paragraphs, phrases, words, analysis, case_sensitive=False):
    """Return ``{anchor: [[start, end], ...]}``: what to mark in each paragraph of a document page."""
    return {
        match.paragraph["anchor"]: [list(span) for span in match.spans]
        for match in match_paragraphs(paragraphs, phrases, words, analysis, case_sensitive)
    }


def document_snippets(document, phrases, words, analysis_for, case_sensitive=False, headings=()):
    """Return the snippets of ``document``'s main text, then those of each other text it matched in,
    each with the main text's paragraph aligned with it. ``analysis_for(language)`` is how the
    engine analyses words in that language. Where the document matched in its headings too (``(language,
    parts)`` of each text, the main text's first), the first of them that holds a word of the query no
    paragraph shown holds is shown as well: all of it, when none of its paragraphs matched."""
    if not phrases and not words:  # filters alone: nothing to quote
        return []
    snippets = find_snippets(document.paragraphs, phrases, words, analysis_for(document.language), case_sensitive)
    main_texts = {paragraph["anchor"]: paragraph["text"] for paragraph in document.paragraphs}
    for text in document.texts.all():
        main_anchor_of = {anchor: main_anchor for main_anchor, anchor in text.alignment}
        for snippet in find_snippets(text.paragraphs, phrases, words, analysis_for(text.language), case_sensitive,
                                     limit=OTHER_TEXT_SNIPPETS):
            main_anchor = main_anchor_of.get(snippet.anchor, "")
            snippets.append(replace(snippet, language=text.language, aligned_anchor=main_anchor,
                                    aligned_text=Truncator(main_texts.get(main_anchor, "")).chars(ALIGNED_TEXT_LENGTH)))
    shown = frozenset().union(*(snippet.marked for snippet in snippets))
    return snippets + heading_snippets(headings, phrases, words, analysis_for, case_sensitive, shown)


def heading_snippets(headings, phrases, words, analysis_for, case_sensitive, shown=frozenset()):
    """Return the snippet of the first of ``headings`` that marks a word of the query no snippet ``shown``
    marks (none if none does), named by its text's language unless it is the main text's (the first)."""
    for position, (language, parts) in enumerate(headings):
        for snippet in find_snippets(as_paragraphs(parts), phrases, words, analysis_for(language), case_sensitive,
                                     limit=None):
            if snippet.marked - shown:
                return [replace(snippet, language=language if position else "", in_headings=True)]
    return []


def as_paragraphs(parts):
    """Return a text's headings as paragraphs without an anchor (a link to one goes to the page)."""
    return [{"anchor": "", "text": part} for part in parts if part]
