"""Find a query within one document: what its page marks and lists ("find in this document", ?hl=)."""
from dataclasses import dataclass

from .engines import engine
from .query import parse_query
from .snippets import find_snippets, highlight_spans


@dataclass
class DocumentFind:
    """Where a query occurs within one document: snippets to list, spans to mark."""

    snippets: list
    highlights: dict
    occurrences: int
    notices: list


def find_in_document(document, query, case_sensitive=False, text=None, using="default"):
    """Return every occurrence of ``query``'s phrases and words in ``document``'s paragraphs (or in
    those of its other ``text`` being read), words matched as the search engine matches them."""
    parsed = parse_query(query)
    phrases, words = parsed.phrases()
    case_sensitive = case_sensitive or parsed.case_sensitive
    shown = text or document
    analysis = engine(using).analysis_for(shown.language)
    highlights = highlight_spans(shown.paragraphs, phrases, words, analysis, case_sensitive)
    return DocumentFind(
        snippets=find_snippets(shown.paragraphs, phrases, words, analysis, case_sensitive, limit=None),
        highlights=highlights,
        occurrences=sum(len(spans) for spans in highlights.values()),
        notices=parsed.notices,
    )
