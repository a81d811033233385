"""What a prepared search answers: a page of hits, a whole result set's ids or occurrence counts,
the occurrences within one document. Plain values: no engine or Haystack object leaves the package."""
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Page


@dataclass(frozen=True)
class Hit:
    """A matching published document and the snippets (paragraphs) where it matched."""

    document: object
    snippets: list


@dataclass
class SearchPage:
    """One page of a search: its hits, how many match in all, facets if asked for, and notices."""

    hits: list
    page: Page  # number, paginator.count, paginator.num_pages, has_next... for templates and links
    facets: list = field(default_factory=list)
    notices: list = field(default_factory=list)

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def documents(self):
        return [hit.document for hit in self.hits]

    @property
    def years(self):
        """Return {year: number of hits} (with the facets only)."""
        return {int(option.value): option.count for facet in self.facets if facet.name == "year"
                for option in facet.options}


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


class Tally(NamedTuple):
    documents: int
    occurrences: int  # of the query's words and phrases in those documents


@dataclass(frozen=True)
class Tallies:
    """What a whole result set adds up to, counted by the engine (no row is read): its documents and
    how often they say it, in all, per period and per value of the fields asked for."""

    documents: int
    occurrences: int
    # (year, month) -> Tally, by the date a document is known to: month None for a date known only to
    # the year. Undated documents are in no period. Empty when periods were not asked for.
    periods: dict
    values: dict  # index field -> {value: Tally}
    notices: list

    @property
    def undated(self):
        return self.documents - sum(tally.documents for tally in self.periods.values())


@dataclass(frozen=True)
class Occurrence:
    """One match of a query's phrase or word in a paragraph: ``text[start:end]``."""

    anchor: str
    text: str
    start: int
    end: int
    language: str = ""  # in another text of the document (a translation, the original): its language


@dataclass
class DocumentFind:
    """Where a query occurs within one document: snippets to list, spans to mark."""

    snippets: list
    highlights: dict
    occurrences: int
    notices: list
