"""Snippets that show where a document matched: whole phrases marked as one unit, per paragraph."""
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from .text import PUNCTUATION_INSIDE_TOKENS, tokenise

# The stemmer the index uses for words; a page stems the same few thousand words over and over.
stem = lru_cache(maxsize=100_000)(porter_stem)
SNIPPET_LENGTH = 320
CONTEXT_BEFORE = 100


@dataclass(frozen=True)
class Snippet:
    anchor: str
    html: str


def phrase_spans(tokens, phrase_tokens):
    """Return the (start, end) character spans where ``phrase_tokens`` occur consecutively in ``tokens``."""
    size = len(phrase_tokens)
    norms = [token.norm for token in tokens]
    return [
        (tokens[i].start, tokens[i + size - 1].end)
        for i in range(len(tokens) - size + 1)
        if norms[i : i + size] == phrase_tokens
    ]


def word_spans(tokens, stems, case_sensitive):
    if case_sensitive:
        return [(token.start, token.end) for token in tokens if token.norm in stems]
    return [(token.start, token.end) for token in tokens if stem(token.norm) in stems]


def merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class ParagraphMatch:
    position: int
    paragraph: dict
    phrase_spans: list
    word_spans: list

    @property
    def spans(self):
        return merge(self.phrase_spans + self.word_spans)

    def matches_everything(self, phrase_count, word_count):
        text = self.paragraph["text"]
        distinct_words = len({text[start:end].casefold() for start, end in self.word_spans})
        return (bool(self.phrase_spans) or not phrase_count) and distinct_words >= word_count

    def rank(self):
        """Phrase matches first, then more distinct words, then earlier paragraphs."""
        text = self.paragraph["text"]
        distinct_words = len({text[start:end].casefold() for start, end in self.word_spans})
        return (bool(self.phrase_spans), distinct_words, -self.position)


def match_paragraphs(paragraphs, phrases, words, case_sensitive=False, enough=None):
    """Return a ``ParagraphMatch`` for each paragraph where a phrase or a word occurs.

    With ``enough``, stop once that many paragraphs match every phrase and word: no later
    paragraph could rank above them.
    """
    phrase_tokens = [
        [token.norm for token in tokenise(phrase, case_sensitive)] for phrase in phrases
    ]
    word_norms = {token.norm for word in words for token in tokenise(word, case_sensitive)}
    if case_sensitive:
        stems = word_norms
    else:
        stems = {stem(norm) for norm in word_norms if norm not in STOP_WORDS}
    probes = {norm[:3] for tokens_ in phrase_tokens for norm in tokens_} | {norm[:3] for norm in word_norms}
    matches, complete = [], 0
    for position, paragraph in enumerate(paragraphs):
        if not might_match(paragraph["text"], probes, case_sensitive):
            continue
        tokens = tokenise(paragraph["text"], case_sensitive)
        found_phrases = [span for tokens_ in phrase_tokens if tokens_ for span in phrase_spans(tokens, tokens_)]
        found_words = word_spans(tokens, stems, case_sensitive)
        if found_phrases or found_words:
            match = ParagraphMatch(position, paragraph, found_phrases, found_words)
            matches.append(match)
            if enough and match.matches_everything(len(phrase_tokens), len(stems)):
                complete += 1
                if complete >= enough:
                    break
    return matches


def might_match(text, probes, case_sensitive):
    """Return False when no query token's opening letters occur in ``text``: a quick test that
    spares tokenising most paragraphs. Accented text always passes (folding changes letters)."""
    bare = text.translate(PUNCTUATION_INSIDE_TOKENS)
    if not bare.isascii():
        return True
    bare = bare if case_sensitive else bare.lower()
    return any(probe in bare for probe in probes)


def find_snippets(paragraphs, phrases, words, case_sensitive=False, limit=3):
    """Return up to ``limit`` snippets (all, if None) from the best-matching paragraphs, in document order."""
    matches = match_paragraphs(paragraphs, phrases, words, case_sensitive)
    best = sorted(matches, key=ParagraphMatch.rank, reverse=True)[:limit]
    return [
        Snippet(match.paragraph["anchor"], marked_html(match.paragraph["text"], match.spans))
        for match in sorted(best, key=lambda match: match.position)
    ]


def highlight_spans(paragraphs, phrases, words, case_sensitive=False):
    """Return ``{anchor: [[start, end], ...]}``: what to mark in each paragraph of a document page."""
    return {
        match.paragraph["anchor"]: [list(span) for span in match.spans]
        for match in match_paragraphs(paragraphs, phrases, words, case_sensitive)
    }
