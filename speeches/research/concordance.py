"""A query's concordance: every occurrence of its phrases and words as a line of left context,
match and right context, aligned on the match, each linking to its paragraph.

Lines are gathered document by document in the chosen order until those asked for (a page of them,
or all up to ``MOST_LINES``) are found. Sorting by the words around the match needs every line
first; past the bound, the earliest ``MOST_LINES`` are sorted and a notice says so.
"""
import math
from dataclasses import dataclass, field

from speeches.dates import PartialDate
from speeches.models import Document, speakers_with_people
from speeches.names import sorting_name
from speeches.search import normalise_token, written_spans, written_tokens

from .rows import document_rows, speaker_rows
from .timeline import rank

MOST_LINES = 2000
# Documents read at most: each matching document holds at least one line, save those matched by filters alone.
MOST_DOCUMENTS = 10_000
# Ids asked for first, in date order (``OrderedDocuments``).
FIRST_IDS = 500
CONTEXT_WORDS = 8
CONTEXT_WINDOW = 120  # characters first read on each side for those words
# Documents read at a time: a few first, then as many as the lines still wanted need at the rate
# lines have come so far, up to ``BATCH``. A frequent word's first page needs about 250 documents;
# two whole batches read 400 and parsed every paragraph of each.
FIRST_BATCH = 40
BATCH = 200
# What a line needs of its document besides credits: paragraphs, and what the summary cites (the
# venue joined as the documents are read: prefetching it wrote one "id = ..." clause per venue).
LINE_FIELDS = ["public_id", "slug", "title", "subtitle", "kind", "date", "date_precision", "event", "language",
               "venue", "created", "paragraphs"]
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
    url: str  # the paragraph, with the query marked
    language: str = ""  # in another text of the document: its language

    @property
    def text_language(self):
        """The language tag of the text the line is from: its document's, or that of another text."""
        return self.language or self.document.language

    @property
    def left_trimmed(self):
        """The left context without its final space, which a right-aligned cell would misplace."""
        return self.left.rstrip()

    @property
    def space_before_match(self):
        """A space if the text has one between the left context and the match (none after an
        opening bracket or between Chinese words): it is written in the match's cell."""
        return " " if self.left[-1:].isspace() else ""

    def left_key(self):
        """The normalised words left of the match, nearest first."""
        return [normalise_token(word) for word in reversed(written_tokens(self.left))]

    def right_key(self):
        return [normalise_token(word) for word in written_tokens(self.right)]


@dataclass
class Concordance:
    lines: list
    order: str
    total: int  # occurrences in all
    complete: bool  # every occurrence is a line
    more: bool = False  # lines within the bound beyond those asked for
    notices: list = field(default_factory=list)


def build_concordance(prepared, order=DEFAULT_ORDER, enough=MOST_LINES):
    """Return the ``Concordance`` of a prepared search (``speeches.search.prepare``): its first
    ``enough`` lines (at most ``MOST_LINES``) in ``order``. Sorting by the words beside the match
    reads up to ``MOST_LINES`` whatever is asked."""
    enough = MOST_LINES if order in ("left", "right") else min(enough, MOST_LINES)
    documents = OrderedDocuments(prepared, order)
    query = prepared.criteria.q
    lines, stopped = [], False
    for document in documents.read(lambda read: batch_size(enough + 1 - len(lines), len(lines), read)):
        url = document.get_absolute_url()  # once per document: reversing it is a tenth of a line's cost
        lines.extend(line_of(document, occurrence, url, query)
                     for occurrence in prepared.occurrences(document, headings=True))
        if len(lines) > enough:
            stopped = True
            break
    complete = not stopped and documents.all_read
    if order in ("left", "right"):
        lines.sort(key=getattr(Line, f"{order}_key"))
    more = len(lines) > enough and enough < MOST_LINES
    lines = lines[:enough]
    counted = None if complete else prepared.tallies(by_period=False)
    concordance = Concordance(lines, order, len(lines) if complete else counted.occurrences, complete, more,
                              list(counted.notices if counted else documents.notices))
    if not complete and concordance.total > MOST_LINES:
        concordance.notices.append(bound_notice(concordance))
    return concordance


def bound_notice(concordance):
    kept = f"Showing {MOST_LINES:,} of {concordance.total:,} occurrences"
    if concordance.order in ("left", "right"):
        return f"{kept}: the earliest {MOST_LINES:,}, sorted by the word to the {concordance.order}. " \
               "Narrow the search with a filter to sort them all."
    return f"{kept}: the first {MOST_LINES:,} in this order. Narrow the search with a filter to see the rest."


class OrderedDocuments:
    """The matching documents, in the order the concordance reads them, fetched a batch at a time.

    In date order the first ``FIRST_IDS`` are asked for, and the rest only if the lines need them: a
    page of a frequent word's lines takes a few dozen documents, and its 10,000 ids were a third of
    the page's time on a cluster. By speaker, every id is needed to sort them.

    Dates are ordered as the timeline names its first and latest use (``by_date``), the engine by their
    stored day (a period's first): of the first ids asked for, only those no later one can come before
    are read (``settled``) until the rest are asked for.
    """

    def __init__(self, prepared, order):
        self.prepared, self.sort = prepared, "newest" if order == "newest" else "oldest"
        found = prepared.ids(MOST_DOCUMENTS if order == "speaker" else FIRST_IDS, sort=self.sort)
        self.ids, self.notices, self.total = found.ids, found.notices, found.total
        self.all_read = found.total <= MOST_DOCUMENTS
        self.all_asked = len(self.ids) >= min(self.total, MOST_DOCUMENTS)
        if order == "speaker":
            self.ids, self.settled = by_speaker(self.ids), len(self.ids)
        else:
            self.ids, self.settled = by_date(self.ids, self.sort, self.all_asked)

    def read(self, batch_size):
        """Yield the documents with their paragraphs, the headings of each of their texts (credits
        included) and what a line cites, in batches of ``batch_size(documents read so far)``."""
        start = 0
        while start < self.settled or self.ask_for_the_rest():
            batch = self.ids[start:min(start + batch_size(start), self.settled)]
            start += len(batch)
            documents = (Document.objects.published().select_related("venue").only(*LINE_FIELDS).with_other_texts()
                         .prefetch_related(speakers_with_people()))
            by_id = documents.in_bulk(batch)
            yield from (by_id[pk] for pk in batch if pk in by_id)

    def ask_for_the_rest(self):
        """Ask for every matching id (up to ``MOST_DOCUMENTS``) if only the first were; return whether
        there are more to read."""
        if self.all_asked:
            return False
        self.all_asked = True
        self.ids, self.settled = by_date(self.prepared.ids(MOST_DOCUMENTS, sort=self.sort).ids, self.sort, True)
        return True


def batch_size(lines_missing, lines_found, documents_read):
    """Return how many documents to read next for ``lines_missing`` more lines (a fifth more than
    the rate so far needs, so that one batch is usually the last)."""
    if not documents_read:
        return FIRST_BATCH
    lines_per_document = max(lines_found / documents_read, 0.1)
    return max(FIRST_BATCH, min(BATCH, math.ceil(lines_missing / lines_per_document * 1.2)))


def by_speaker(ids):
    """Return ``ids`` ordered by their first speaker's name as lists order names (``sorting_name``:
    Élise beside Elena, not after Z), documents without one last, keeping the date order within a speaker."""
    position = {pk: index for index, pk in enumerate(ids)}
    first_speaker = {}
    for document_id, _, name in speaker_rows(ids):
        first_speaker.setdefault(document_id, name)
    return sorted(ids, key=lambda pk: (pk not in first_speaker, sorting_name(first_speaker.get(pk, "")), position[pk]))


def by_date(ids, sort, all_asked):
    """Return (``ids`` in ``sort`` order as the timeline names its first and latest use, how many of
    the first are settled). Oldest first, the period that ends first comes first (12 March 1998 before
    "1998", which may be December); newest first, the one that begins last: ``timeline.rank``; undated
    last, in the engine's order. Unless every id was asked for (``all_asked``), only those are settled
    that no id after the last asked for can come before: the engine orders by the stored day, so those
    may be as early as its day (as late, newest first)."""
    rows = {row["pk"]: row for row in document_rows(ids, "date", "date_precision")}  # published ones
    dates = {pk: PartialDate.from_date(row["date"], row["date_precision"]) for pk, row in rows.items() if row["date"]}
    oldest = sort == "oldest"
    dated = sorted((pk for pk in ids if pk in dates), key=lambda pk: rank((dates[pk], pk), oldest))
    ordered = dated + [pk for pk in ids if pk not in dates]
    last = next((pk for pk in reversed(ids) if pk in rows), None)
    if all_asked or (last is not None and last not in dates):  # the engine reached the undated, every dated one read
        return ordered, len(ordered)
    if last is None:
        return ordered, 0
    day = dates[last].start
    if oldest:
        settled = sum(1 for pk in dated if dates[pk].first_order < (day, 0))
    else:
        settled = sum(1 for pk in dated if dates[pk].latest_order > (day, 0))
    return ordered, settled


def line_of(document, occurrence, document_url, query):
    """Return the ``Line`` of one occurrence, linking to its paragraph (in its text) with ``query`` marked."""
    text, start, end = occurrence.text, occurrence.start, occurrence.end
    url = document.paragraph_url(occurrence.anchor, occurrence.language, query, page_url=document_url)
    return Line(document, occurrence.anchor, context_before(text, start), text[start:end], context_after(text, end),
                url, occurrence.language)


def context_before(text, start):
    """Return the text of the ``CONTEXT_WORDS`` words before ``start``, finding words only in a
    window: a concordance has thousands of lines."""
    size = CONTEXT_WINDOW
    while True:
        window_start = max(0, start - size)
        window = text[window_start:start]
        word_starts = [word_start for _, word_start, _ in written_spans(window)][1 if window_start else 0:]  # may begin mid-word
        if len(word_starts) >= CONTEXT_WORDS or not window_start:
            break
        size *= 2
    if not word_starts:
        return window
    cut_at = word_starts[-CONTEXT_WORDS] if len(word_starts) >= CONTEXT_WORDS else word_starts[0]
    while cut_at > 0 and is_attached_mark(window[cut_at - 1]):  # the sign of "-10", the bracket of "(+86"
        cut_at -= 1
    return window[cut_at:]


def context_after(text, end):
    size = CONTEXT_WINDOW
    while True:
        window = text[end:end + size]
        cut = end + size < len(text)
        word_ends = [word_end for _, _, word_end in written_spans(window)][:-1 if cut else None]  # may end mid-word
        if len(word_ends) >= CONTEXT_WORDS or not cut:
            break
        size *= 2
    if not word_ends:
        return window
    cut_at = word_ends[CONTEXT_WORDS - 1] if len(word_ends) >= CONTEXT_WORDS else word_ends[-1]
    while cut_at < len(window) and is_attached_mark(window[cut_at]):  # the sign of "10%", a closing bracket
        cut_at += 1
    return window[:cut_at]


def is_attached_mark(character):
    """Whether ``character`` is a sign or punctuation mark, which belongs with the word it touches."""
    return not character.isspace() and not character.isalnum() and character != "_"
