"""A query's phrases and words matched against paragraphs, as the engine that searched matches words
(its ``WordAnalysis``: stop words and stemmer): which paragraphs match, where, and how well.
"""
import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..text import (
    APOSTROPHES, COMBINING_MARKS, THOUSANDS_SEPARATORS, HAN_CHARACTER, INVISIBLE_IN_WORDS, NUMBER_SEPARATORS, TOKEN_FOLDS,
    tokenise, without_footnote_calls,
)

# A letter outside ASCII, or a mark an ASCII letter carries ("e" and a combining acute: "é" decomposed).
NON_ASCII_LETTER = re.compile(rf"[^\x00-\x7f](?<=\w)|[{COMBINING_MARKS}]")
# What tokens are made of besides letters and digits; any other character separates them.
INSIDE_TOKENS = "_.," + APOSTROPHES + INVISIBLE_IN_WORDS + NUMBER_SEPARATORS + THOUSANDS_SEPARATORS
# A run of token characters: no token spans anything else.
RUN = re.compile(f"[\\w{INSIDE_TOKENS}]+")


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
        phrases = [*phrases, *(word for word in words if marked_as_phrase(word))]
        words = [word for word in words if not marked_as_phrase(word)]
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
            source = self.folded(text)
            bare = source.translate(TOKEN_FOLDS)
            phrases = sum(1 for phrase in self.phrases if phrase_pattern(tuple(phrase)).search(bare))
            words = sum(1 for stem, opening in self.opening_by_stem.items()
                        if without_points(opening) in bare and self.could_hold(text, source, stem, opening))
        else:
            phrases, words = len(self.phrases), len(self.opening_by_stem)
        return (phrases, words, -position) if phrases or words else None

    def words_in_runs(self, text):
        """Return what ``word_matches`` returns for ``text`` (letters ASCII), tokenising only the runs of
        token characters where a word's opening occurs: no token spans a space or other separator, so a
        run is tokenised as the whole text would be. (Found in the folded text, of the same length, and
        tokenised as written: a capital says where a Turkish ending begins.)"""
        openings = self.opening_by_stem.values()
        if not all(openings):  # a one-letter stem: every token could be one of its forms
            return word_matches(tokenise(text, self.case_sensitive), self.opening_by_stem, self.term)
        source = self.folded(text)
        runs = runs_holding(source, (candidate.start() for candidate in self.openings_pattern.finditer(source)))
        tokens = [token._replace(start=token.start + start, end=token.end + start)
                  for start, end in runs for token in tokenise(text[start:end], self.case_sensitive)]
        return word_matches(tokens, self.opening_by_stem, self.term)

    def folded(self, text):
        """Return ASCII-lettered text as it is matched: lower-cased unless case is matched, without its
        footnote calls (the same length)."""
        text = without_footnote_calls(text)
        return text if self.case_sensitive else text.lower()

    @cached_property
    def openings_pattern(self):
        """A pattern found wherever a token of one of the words' forms could begin (one scan of a
        paragraph for every word: most paragraphs hold none)."""
        return re.compile("|".join(token_openings(opening).pattern for opening in self.opening_by_stem.values()))

    def could_hold(self, text, source, word_stem, opening):
        """Return whether a paragraph whose letters are ASCII (``text``; ``source``, folded as matched) holds a token whose
        term is ``word_stem``, tokenising only the runs where a token could begin as its forms do: a
        paragraph where other words merely contain or begin with the opening ("port" in "support",
        "ananle" among "ananor") is passed over without being tokenised."""
        if not opening:
            return True
        runs = runs_holding(source, (candidate.start() for candidate in token_openings(opening).finditer(source)))
        return any(self.term(token.norm) == word_stem
                   for start, end in runs for token in tokenise(text[start:end], self.case_sensitive))

    def match(self, position, paragraph):
        """Return the ``ParagraphMatch`` of one paragraph, or None."""
        text = paragraph["text"]
        if not self.phrases and ascii_lettered(text):
            found_phrases = []
            found_words, stems_found = self.words_in_runs(text)
        else:
            tokens = tokenise(text, self.case_sensitive)
            found_phrases = [phrase_spans(tokens, phrase) for phrase in self.phrases]
            found_words, stems_found = word_matches(tokens, self.opening_by_stem, self.term)
        if not any(found_phrases) and not found_words:
            return None
        return ParagraphMatch(position, paragraph, [span for spans in found_phrases for span in spans],
                              found_words, sum(1 for spans in found_phrases if spans), len(stems_found))


def runs_holding(source, positions):
    """Return, in order, the (start, end) of each run of token characters (no separator) holding one of
    ``positions``: the text is read once, however many positions a run holds ("ab'ab'ab..." is one)."""
    runs = [(run.start(), run.end()) for run in RUN.finditer(source)]
    starts = [start for start, _ in runs]
    holding = set()
    for position in positions:
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < runs[index][1]:
            holding.add(runs[index])
    return sorted(holding)


def ascii_lettered(text):
    """Whether every letter of ``text`` is ASCII (curly quotes and dashes may be there): its tokens
    fold by lower-casing alone."""
    return text.isascii() or not NON_ASCII_LETTER.search(text)


@lru_cache(maxsize=1000)
def token_openings(opening):
    """Return a pattern found where every ASCII-lettered token whose normal form begins with ``opening``
    begins: the opening's letters with the punctuation normalising drops allowed between them
    ("u.s." for "us", "3 300" for "3300"), not right after a letter (no token begins there; after a digit one
    can: "2nd")."""
    first, *rest = map(re.escape, without_points(opening))
    # The first letter leads, so the pattern engine can scan for it; the lookbehind then checks
    # the character before it.
    between = f"[.,{APOSTROPHES}{INVISIBLE_IN_WORDS}{NUMBER_SEPARATORS}{THOUSANDS_SEPARATORS}]*"
    return re.compile(first + r"(?<![^\W\d].)" + "".join(between + letter for letter in rest))


@lru_cache(maxsize=1000)
def phrase_pattern(phrase_tokens):
    """Return a pattern that every ASCII paragraph holding the phrase matches once its inner
    punctuation is dropped (and its case folded): the tokens in order with only non-word characters
    between them (none, where a dropped comma or full stop was all there was)."""
    return re.compile(r"\W*".join(re.escape(without_points(token)) for token in phrase_tokens))


def without_points(normalised):
    """Return a normalised token as a paragraph's folded text holds it: a number's decimal point
    dropped with every other inner mark (1.2 is "12" there; the tokens then tell it from 12)."""
    return normalised.replace(".", "")


def marked_as_phrase(word):
    """Whether an unquoted word of a query is marked where its tokens occur together: a word search reads
    as several tokens ("l'Allemagne"; a Chinese word, one per character), or one Han character (matched
    as Chinese, whatever the paragraph's language, and no stemmer has it: English drops one-letter words)."""
    return HAN_CHARACTER.match(word) is not None or len(tokenise(word)) > 1


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
