"""Whole result sets, for the research tools (timeline, concordance, export): every match in order,
how often each document says what was asked, the documents the filters alone allow, and each
occurrence within a document's paragraphs.
"""
from dataclasses import dataclass, replace

from speeches.models import Document

from .engines import engine
from .failures import engine_errors_reported
from .pages import prepare, run
from .snippets import QueryTokens

# An engine that cannot count occurrences itself: the texts of at most this many matches are read.
MOST_COUNTED_IN_TEXTS = 10_000
TEXT_BATCH = 200


@dataclass(frozen=True)
class MatchingIds:
    ids: list  # document ids, in the criteria's order
    total: int  # how many match in all
    notices: list


@dataclass(frozen=True)
class OccurrenceCounts:
    by_document: dict  # document id -> occurrences of the query's words and phrases
    notices: list

    @property
    def total(self):
        return sum(self.by_document.values())


@dataclass(frozen=True)
class Occurrence:
    """One match of a query's phrase or word in a paragraph: ``text[start:end]``."""

    anchor: str
    text: str
    start: int
    end: int
    language: str = ""  # in another text of the document (a translation, the original): its language

    @property
    def place(self):
        """The paragraph's address within the document's page: ``#p-2``, or ``?lang=fr#p-2``."""
        return f"?lang={self.language}#{self.anchor}" if self.language else f"#{self.anchor}"


def matching_ids(criteria, limit, using="default"):
    """Return the first ``limit`` matching document ids in the order ``criteria.sort`` asks for."""
    prepared = prepare(criteria, offset=0, limit=limit)
    result = run(prepared.query, using)
    return MatchingIds(result.ids, result.total, prepared.notices)


def occurrence_counts(criteria, using="default"):
    """Return how often the query's words and phrases occur in each matching document (0 for a
    document matched by filters or exclusions alone)."""
    prepared = prepare(criteria, offset=0, limit=MOST_COUNTED_IN_TEXTS)
    if prepared.query is None:
        return OccurrenceCounts({}, prepared.notices)
    counts = run_counting(prepared.query, using)
    if counts is None:
        return counted_in_texts(criteria, prepared, using)
    return OccurrenceCounts(counts, prepared.notices)


def filtered_ids(criteria, using="default"):
    """Return the ids of every document the criteria's filters (chosen or typed) allow, whatever
    the query's words: what a timeline divides by."""
    prepared = prepare(criteria, offset=0, limit=MOST_COUNTED_IN_TEXTS)
    if prepared.query is None:
        return set()
    every_filtered = replace(prepared.query, tree=None)
    counts = run_counting(every_filtered, using)
    return set(counts if counts is not None else run(every_filtered, using).ids)


def run_counting(query, using):
    with engine_errors_reported(using):
        return engine(using).occurrences(query)


def counted_in_texts(criteria, prepared, using):
    """Count occurrences in the matching documents' paragraphs, for an engine that cannot."""
    found = matching_ids(criteria, MOST_COUNTED_IN_TEXTS, using)
    finder = occurrence_finder(criteria, using)
    counts = {}
    for start in range(0, len(found.ids), TEXT_BATCH):
        batch = found.ids[start:start + TEXT_BATCH]
        batch_documents = Document.objects.published().only("pk", "language", "paragraphs").with_other_texts()
        for document in batch_documents.filter(pk__in=batch):
            counts[document.pk] = len(finder(document))
    notices = list(prepared.notices)
    if found.total > len(found.ids):
        notices.append(f"Occurrences were counted in the first {len(found.ids):,} of {found.total:,} documents.")
    return OccurrenceCounts(counts, notices)


def occurrence_finder(criteria, using="default"):
    """Return a function: document -> its ``Occurrence``s of the query's phrases and words, in
    reading order (its main text, then its other texts), words matched as the engine matches them
    in each text's language."""
    prepared = prepare(criteria, offset=0, limit=0)
    phrases, words = prepared.parsed.phrases()
    analysis_for = engine(using).analysis_for
    tokens_by_language = {}

    def tokens_for(language):
        if language not in tokens_by_language:
            tokens_by_language[language] = QueryTokens.of(phrases, words, prepared.case_sensitive, analysis_for(language))
        return tokens_by_language[language]

    def occurrences(document):
        found = in_paragraphs(document.paragraphs, tokens_for(document.language))
        for text in document.texts.all():
            found += in_paragraphs(text.paragraphs, tokens_for(text.language), text.language)
        return found

    return occurrences


def in_paragraphs(paragraphs, tokens, language=""):
    found = []
    for position, paragraph in enumerate(paragraphs):
        if tokens.phrases and not tokens.best_possible_rank(position, paragraph["text"]):
            continue
        match = tokens.match(position, paragraph)
        if match:
            spans = sorted(set(match.phrase_spans + match.word_spans))
            found += [Occurrence(paragraph["anchor"], paragraph["text"], start, end, language) for start, end in spans]
    return found
