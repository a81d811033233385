"""A query's concordance: every occurrence of its phrases and words as a line of left context,
match and right context, aligned on the match, each linking to its paragraph.

Lines are gathered document by document in the chosen order, up to ``MOST_LINES``. Sorting by the
words around the match needs every line first; past the bound, the earliest ``MOST_LINES`` are
sorted and a notice says so.
"""
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from speeches.models import Document
from speeches.search import matching_ids, occurrence_counts, occurrence_finder
from speeches.search.text import tokenise

from .rows import speaker_rows

MOST_LINES = 2000
# Documents read at most: each matching document holds at least one line, save those matched only
# by their title or by filters.
MOST_DOCUMENTS = 10_000
CONTEXT_WORDS = 8
CONTEXT_WINDOW = 120  # characters first read on each side for those words
BATCH = 50
ORDERS = {"date": "Date, oldest first", "newest": "Date, newest first", "left": "Word to the left",
          "right": "Word to the right", "speaker": "Speaker"}
DEFAULT_ORDER = "date"


@dataclass(frozen=True)
class Line:
    document: Document
    anchor: str
    left: str
    match: str
    right: str
    left_key: tuple  # the normalised words to the left, nearest first
    right_key: tuple
    query: str

    @property
    def left_trimmed(self):
        """The left context without its final space, which a right-aligned cell would misplace."""
        return self.left.rstrip()

    @property
    def url(self):
        marked = f"?{urlencode({'hl': self.query})}" if self.query else ""
        return f"{self.document.get_absolute_url()}{marked}#{self.anchor}"


@dataclass
class Concordance:
    lines: list
    order: str
    total: int  # occurrences in all
    complete: bool  # every occurrence is a line
    notices: list = field(default_factory=list)


def build_concordance(criteria, order=DEFAULT_ORDER):
    documents = OrderedDocuments(criteria, order)
    finder = occurrence_finder(criteria)
    lines, complete = [], True
    for document in documents:
        lines += [line_of(document, occurrence, criteria.q) for occurrence in finder(document)]
        if len(lines) > MOST_LINES:
            complete = False
            break
    complete = complete and documents.all_read
    if order in ("left", "right"):
        lines.sort(key=lambda line: getattr(line, f"{order}_key"))
    lines = lines[:MOST_LINES]
    counted = None if complete else occurrence_counts(criteria)
    concordance = Concordance(lines, order, len(lines) if complete else counted.total, complete,
                              list(counted.notices if counted else documents.notices))
    if not complete:
        concordance.notices.append(bound_notice(concordance))
    return concordance


def bound_notice(concordance):
    kept = f"Showing {len(concordance.lines):,} of {concordance.total:,} occurrences (as the index counts them, " \
           "titles and credits included)"
    if concordance.order in ("left", "right"):
        return f"{kept}: the earliest {MOST_LINES:,}, sorted by the word to the {concordance.order}. " \
               "Narrow the search with a filter to sort them all."
    return f"{kept}: the first {MOST_LINES:,} in this order. Narrow the search with a filter to see the rest."


class OrderedDocuments:
    """The matching documents, in the order the concordance reads them, fetched a batch at a time."""

    def __init__(self, criteria, order):
        sort = "newest" if order == "newest" else "oldest"
        found = matching_ids(replace(criteria, sort=sort), MOST_DOCUMENTS)
        self.ids, self.notices = found.ids, found.notices
        self.all_read = found.total <= MOST_DOCUMENTS
        if order == "speaker":
            self.ids = by_speaker(self.ids)

    def __iter__(self):
        for start in range(0, len(self.ids), BATCH):
            batch = self.ids[start:start + BATCH]
            by_id = Document.objects.published().with_listing_data().in_bulk(batch)
            yield from (by_id[pk] for pk in batch if pk in by_id)


def by_speaker(ids):
    """Return ``ids`` ordered by their first speaker's name (documents without one last), keeping
    the date order within a speaker."""
    position = {pk: index for index, pk in enumerate(ids)}
    first_speaker = {}
    for document_id, _, name in speaker_rows(ids):
        first_speaker.setdefault(document_id, name)
    return sorted(ids, key=lambda pk: (pk not in first_speaker, first_speaker.get(pk, "").casefold(), position[pk]))


def line_of(document, occurrence, query):
    text, start, end = occurrence.text, occurrence.start, occurrence.end
    left, left_key = context_before(text, start)
    right, right_key = context_after(text, end)
    return Line(document, occurrence.anchor, left, text[start:end], right, left_key, right_key, query)


def context_before(text, start):
    """Return (the text of the ``CONTEXT_WORDS`` words before ``start``, their normalised forms
    nearest first), tokenising only a window: a concordance has thousands of lines."""
    size = CONTEXT_WINDOW
    while True:
        window_start = max(0, start - size)
        window = text[window_start:start]
        tokens = tokenise(window)[1 if window_start else 0:]  # the window may begin inside a word
        if len(tokens) >= CONTEXT_WORDS or not window_start:
            break
        size *= 2
    tokens = tokens[-CONTEXT_WORDS:]
    return window[tokens[0].start:] if tokens else window, tuple(token.norm for token in reversed(tokens))


def context_after(text, end):
    size = CONTEXT_WINDOW
    while True:
        window = text[end:end + size]
        cut = end + size < len(text)
        tokens = tokenise(window)[:-1 if cut else None]  # the window may end inside a word
        if len(tokens) >= CONTEXT_WORDS or not cut:
            break
        size *= 2
    tokens = tokens[:CONTEXT_WORDS]
    return window[:tokens[-1].end] if tokens else window, tuple(token.norm for token in tokens)
