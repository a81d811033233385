"""Snippets that show where a document matched: whole phrases marked as one unit, per paragraph.

Words are matched as the engine that searched matches them (its ``WordAnalysis``: stop words and
stemmer), so a snippet marks what that engine found.
"""
import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from speeches.writing import without_han_line_breaks

from .text import PUNCTUATION_INSIDE_TOKENS, TOKEN, tokenise

SNIPPET_LENGTH = 320
# Snippets of each of a document's other texts (translations, the original), and how much of the
# main text's aligned paragraph is shown beside each.
OTHER_TEXT_SNIPPETS = 2
ALIGNED_TEXT_LENGTH = 200
NON_ASCII_WORD_CHARACTER = re.compile(r"[^\x00-\x7f](?<=\w)")
# What tokens are made of; any other character separates them.
TOKEN_CHARACTERS = frozenset("_.,'’‘ʼ")
RUN_END = re.compile(r"[^\w.,'’‘ʼ]")
CONTEXT_BEFORE = 100


@dataclass(frozen=True)
class Snippet:
    anchor: str
    html: str
    language: str = ""  # for a snippet of another text (a translation, the original): its language
    aligned_anchor: str = ""  # ...and the main text's paragraph aligned with it, if any
    aligned_text: str = ""


def phrase_spans(tokens, phrase_tokens):
    """Return the (start, end) character spans where ``phrase_tokens`` occur consecutively in ``tokens``."""
    size = len(phrase_tokens)
    norms = [token.norm for token in tokens]
    return [
        (tokens[i].start, tokens[i + size - 1].end)
        for i in range(len(tokens) - size + 1)
        if norms[i : i + size] == phrase_tokens
    ]


def word_matches(tokens, opening_by_stem, term):
    """Return the spans of the tokens whose ``term`` is one of the stems, and which of them they match.
    Only tokens that begin as one of the stems' words begin are analysed."""
    spans, found = [], set()
    if not opening_by_stem:
        return spans, found
    openings = tuple(opening_by_stem.values())
    for token in tokens:
        if not token.norm.startswith(openings):
            continue
        key = term(token.norm)
        if key in opening_by_stem:
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
    return mark_safe(without_han_line_breaks("".join(parts)))


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
    opening_by_stem: dict  # each word's stem (the word itself when matching case): how its forms begin
    case_sensitive: bool
    term: object  # normalised word -> what it is matched by (its stem; itself when matching case)

    @classmethod
    def of(cls, phrases, words, case_sensitive, analysis):
        # A Chinese word is several tokens (one per character): it is marked as they occur together.
        phrases = [*phrases, *(word for word in words if len(tokenise(word)) > 1)]
        words = [word for word in words if len(tokenise(word)) == 1]
        phrase_tokens = [[token.norm for token in tokenise(phrase, case_sensitive)] for phrase in phrases]
        word_norms = {token.norm for word in words for token in tokenise(word, case_sensitive)}
        if case_sensitive:
            return cls([tokens for tokens in phrase_tokens if tokens], {norm: norm for norm in word_norms},
                       case_sensitive, same_word)
        opening_by_stem = {}
        for norm in word_norms:
            if word_stem := analysis.term(norm):
                opening_by_stem[word_stem] = analysis.opening(word_stem)
        return cls([tokens for tokens in phrase_tokens if tokens], opening_by_stem, case_sensitive, analysis.term)

    def best_possible_rank(self, position, text):
        """Return the highest rank ``text`` could have, from which phrases could occur in it and which
        words occur in it (cheap: only tokens beginning as a word's forms do are read), or None if it
        cannot match at all. Text with accented letters could match everything (folding changes them)."""
        if ascii_lettered(text):
            source = text if self.case_sensitive else text.lower()
            bare = source.translate(PUNCTUATION_INSIDE_TOKENS)
            phrases = sum(1 for phrase in self.phrases if phrase_pattern(tuple(phrase)).search(bare))
            words = sum(1 for stem, opening in self.opening_by_stem.items()
                        if opening in bare and self.could_hold(source, stem, opening))
        else:
            phrases, words = len(self.phrases), len(self.opening_by_stem)
        return (phrases, words, -position) if phrases or words else None

    def words_in_runs(self, source):
        """Return what ``word_matches`` returns for ``source`` (letters ASCII, folded as matched),
        tokenising only the runs of token characters where a word's opening occurs: no token spans
        a space or other separator, so a run is tokenised as the whole text would be."""
        openings = self.opening_by_stem.values()
        if not all(openings):  # a one-letter stem: every token could be one of its forms
            return word_matches(tokenise(source, exact_case=True), self.opening_by_stem, self.term)
        runs = {run_around(source, candidate.start()) for candidate in self.openings_pattern.finditer(source)}
        tokens = [token._replace(start=token.start + start, end=token.end + start)
                  for start, end in sorted(runs) for token in tokenise(source[start:end], exact_case=True)]
        return word_matches(tokens, self.opening_by_stem, self.term)

    @cached_property
    def openings_pattern(self):
        """A pattern found wherever a token of one of the words' forms could begin (one scan of a
        paragraph for every word: most paragraphs hold none)."""
        return re.compile("|".join(token_openings(opening).pattern for opening in self.opening_by_stem.values()))

    def could_hold(self, source, word_stem, opening):
        """Return whether a paragraph whose letters are ASCII (``source``, folded as matched) holds a token whose
        term is ``word_stem``, reading only the tokens that begin as its forms do: a paragraph where
        other words merely contain or begin with the opening ("port" in "support", "ananle" among
        "ananor") is passed over without being tokenised."""
        if not opening:
            return True
        for candidate in token_openings(opening).finditer(source):
            token = TOKEN.match(source, candidate.start())
            if token and self.term(token.group().translate(PUNCTUATION_INSIDE_TOKENS)) == word_stem:
                return True
        return False

    def match(self, position, paragraph):
        """Return the ``ParagraphMatch`` of one paragraph, or None."""
        text = paragraph["text"]
        if not self.phrases and ascii_lettered(text):
            found_phrases = []
            found_words, stems_found = self.words_in_runs(text if self.case_sensitive else text.lower())
        else:
            tokens = tokenise(text, self.case_sensitive)
            found_phrases = [phrase_spans(tokens, phrase) for phrase in self.phrases]
            found_words, stems_found = word_matches(tokens, self.opening_by_stem, self.term)
        if not any(found_phrases) and not found_words:
            return None
        return ParagraphMatch(position, paragraph, [span for spans in found_phrases for span in spans],
                              found_words, sum(1 for spans in found_phrases if spans), len(stems_found))


def run_around(source, position):
    """Return (start, end) of the run of token characters (no separator) holding ``position``."""
    start = position
    while start and (source[start - 1] in TOKEN_CHARACTERS or source[start - 1].isalnum()):
        start -= 1
    end = RUN_END.search(source, position)
    return start, end.start() if end else len(source)


def ascii_lettered(text):
    """Whether every letter of ``text`` is ASCII (curly quotes and dashes may be there): its tokens
    fold by lower-casing alone."""
    return text.isascii() or not NON_ASCII_WORD_CHARACTER.search(text)


@lru_cache(maxsize=1000)
def token_openings(opening):
    """Return a pattern found where every ASCII-lettered token whose normal form begins with ``opening``
    begins: the opening's letters with the punctuation normalising drops allowed between them
    ("u.s." for "us"), not right after a letter (no token begins there; after a digit one can: "2nd")."""
    first, *rest = map(re.escape, opening)
    # The first letter leads, so the pattern engine can scan for it; the lookbehind then checks
    # the character before it.
    return re.compile(first + r"(?<![^\W\d].)" + "".join("[.,'’‘ʼ]*" + letter for letter in rest))


@lru_cache(maxsize=1000)
def phrase_pattern(phrase_tokens):
    """Return a pattern that every ASCII paragraph holding the phrase matches once its inner
    punctuation is dropped (and its case folded): the tokens in order with only non-word characters
    between them (none, where a dropped comma or full stop was all there was)."""
    return re.compile(r"\W*".join(map(re.escape, phrase_tokens)))


def same_word(norm):
    return norm


def match_paragraphs(paragraphs, phrases, words, analysis, case_sensitive=False):
    """Return a ``ParagraphMatch`` for each paragraph where a phrase or a word occurs."""
    query = QueryTokens.of(phrases, words, case_sensitive, analysis)
    matches = (query.match(position, paragraph) for position, paragraph in enumerate(paragraphs)
               if query.best_possible_rank(position, paragraph["text"]))
    return [match for match in matches if match]


def best_matches(paragraphs, phrases, words, analysis, case_sensitive=False, limit=3):
    """Return the ``limit`` best-ranked ``ParagraphMatch``es (all, if None).

    Paragraphs are tokenised in the order of the best rank each could have, until none left could
    rank among the best found: a result's page quotes a long speech without reading all of it.
    """
    query = QueryTokens.of(phrases, words, case_sensitive, analysis)
    limit = limit or len(paragraphs)
    bounds = (query.best_possible_rank(position, paragraph["text"]) for position, paragraph in enumerate(paragraphs))
    best = []
    for bound in sorted(filter(None, bounds), reverse=True):
        if len(best) == limit and best[-1].rank() > bound:
            break
        position = -bound[2]
        match = query.match(position, paragraphs[position])
        if match:
            best = sorted([*best, match], key=ParagraphMatch.rank, reverse=True)[:limit]
    return best


def find_snippets(paragraphs, phrases, words, analysis, case_sensitive=False, limit=3):
    """Return up to ``limit`` snippets (all, if None) from the best-matching paragraphs, in document order."""
    best = best_matches(paragraphs, phrases, words, analysis, case_sensitive, limit)
    return [
        Snippet(match.paragraph["anchor"], marked_html(match.paragraph["text"], match.spans))
        for match in sorted(best, key=lambda match: match.position)
    ]


def highlight_spans(paragraphs, phrases, words, analysis, case_sensitive=False):
    """Return ``{anchor: [[start, end], ...]}``: what to mark in each paragraph of a document page."""
    return {
        match.paragraph["anchor"]: [list(span) for span in match.spans]
        for match in match_paragraphs(paragraphs, phrases, words, analysis, case_sensitive)
    }


def document_snippets(document, phrases, words, analysis_for, case_sensitive=False):
    """Return the snippets of ``document``'s main text, then those of each other text it matched in,
    each with the main text's paragraph aligned with it. ``analysis_for(language)`` is how the
    engine analyses words in that language."""
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
    return snippets
