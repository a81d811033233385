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


def word_matches(tokens, stems, case_sensitive):
    """Return the spans of the tokens that match one of ``stems``, and which of them they match."""
    spans, found = [], set()
    for token in tokens:
        key = token.norm if case_sensitive else stem(token.norm)
        if key in stems:
            spans.append((token.start, token.end))
            found.add(key)
    return spans, found


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
    phrases_found: int
    words_found: int

    @property
    def spans(self):
        return merge(self.phrase_spans + self.word_spans)

    def rank(self):
        """More of the query's phrases first, then more of its words, then earlier paragraphs."""
        return (self.phrases_found, self.words_found, -self.position)


@dataclass(frozen=True)
class QueryTokens:
    """A query's phrases and words as paragraphs are matched against them."""

    phrases: list  # the normalised tokens of each phrase
    stems: set  # the stems of its words (the words themselves when matching case)
    probes: set  # the openings of its words, which a paragraph must contain to match any of them
    case_sensitive: bool

    @classmethod
    def of(cls, phrases, words, case_sensitive):
        phrase_tokens = [[token.norm for token in tokenise(phrase, case_sensitive)] for phrase in phrases]
        word_norms = {token.norm for word in words for token in tokenise(word, case_sensitive)}
        if not case_sensitive:
            word_norms = {norm for norm in word_norms if norm not in STOP_WORDS}
        stems = word_norms if case_sensitive else {stem(norm) for norm in word_norms}
        return cls([tokens for tokens in phrase_tokens if tokens], stems, {norm[:3] for norm in word_norms},
                   case_sensitive)

    def might_match(self, text):
        """Return False when ``text`` cannot match: no phrase has all its words in it, and no word's
        opening letters are. A quick test that spares tokenising most paragraphs. Accented text
        always passes (folding changes letters)."""
        bare = text.translate(PUNCTUATION_INSIDE_TOKENS)
        if not bare.isascii():
            return True
        bare = bare if self.case_sensitive else bare.lower()
        return (any(all(norm in bare for norm in phrase) for phrase in self.phrases)
                or any(probe in bare for probe in self.probes))

    def match(self, position, paragraph):
        """Return the ``ParagraphMatch`` of one paragraph, or None."""
        if not self.might_match(paragraph["text"]):
            return None
        tokens = tokenise(paragraph["text"], self.case_sensitive)
        found_phrases = [phrase_spans(tokens, phrase) for phrase in self.phrases]
        found_words, stems_found = word_matches(tokens, self.stems, self.case_sensitive)
        if not any(found_phrases) and not found_words:
            return None
        return ParagraphMatch(position, paragraph, [span for spans in found_phrases for span in spans],
                              found_words, sum(1 for spans in found_phrases if spans), len(stems_found))

    def matched_by(self, match):
        """Return True when ``match`` holds every phrase and word: no other paragraph ranks higher."""
        return match.phrases_found == len(self.phrases) and match.words_found == len(self.stems)


def match_paragraphs(paragraphs, phrases, words, case_sensitive=False, enough=None):
    """Return a ``ParagraphMatch`` for each paragraph where a phrase or a word occurs.

    With ``enough``, stop once that many paragraphs match every phrase and word: no later
    paragraph could rank above them.
    """
    query = QueryTokens.of(phrases, words, case_sensitive)
    matches, complete = [], 0
    for position, paragraph in enumerate(paragraphs):
        match = query.match(position, paragraph)
        if match is None:
            continue
        matches.append(match)
        if enough and query.matched_by(match):
            complete += 1
            if complete >= enough:
                break
    return matches


def find_snippets(paragraphs, phrases, words, case_sensitive=False, limit=3):
    """Return up to ``limit`` snippets (all, if None) from the best-matching paragraphs, in document order."""
    matches = match_paragraphs(paragraphs, phrases, words, case_sensitive, enough=limit)
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
