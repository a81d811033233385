"""A query's timeline: per year (per month over a short span) how many documents match and how
often they say it, against how much the archive holds for the same filters; the first and latest
use; who says it most, where and when.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from speeches.dates import PartialDate
from speeches.models import Document, event_slug

from .rows import country_rows, document_rows, speaker_rows

# Matches spanning fewer months than this are counted per month.
MONTHLY_BELOW_MONTHS = 36
TOP_SIZE = 10
TOP_GROUPS = ["speakers", "venues", "events", "countries", "kinds"]


@dataclass(frozen=True)
class Period:
    label: str  # "2013", or "2013-05"
    documents: int  # matching documents
    occurrences: int
    archive_documents: int  # documents the filters allow in this period, matching or not
    archive_words: int

    @property
    def share(self):
        """Matching documents as a percentage of the period's documents (None when it has none:
        there is nothing to divide by, which is not 0%)."""
        return 100 * self.documents / self.archive_documents if self.archive_documents else None

    @property
    def per_10k_words(self):
        return 10_000 * self.occurrences / self.archive_words if self.archive_words else None


@dataclass(frozen=True)
class Use:
    """A document that says it, and the paragraph where it first does (None: only its title does)."""

    document: Document
    anchor: str | None

    @property
    def url(self):
        return self.document.paragraph_url(self.anchor)


@dataclass(frozen=True)
class Ranked:
    slug: str
    name: str
    occurrences: int
    documents: int


@dataclass
class Timeline:
    periods: list
    monthly: bool
    documents: int  # matching documents, dated or not
    occurrences: int
    first: Use | None = None
    latest: Use | None = None
    top: dict = field(default_factory=dict)  # group -> [Ranked], most occurrences first
    undated: int = 0  # matching documents left out of the periods (no date, or only a year by month)
    notices: list = field(default_factory=list)


def build_timeline(prepared):
    """Return the ``Timeline`` of a prepared search (``speeches.search.prepare``)."""
    counted = prepared.occurrence_counts()
    matches = counted.by_document
    archive = document_rows(prepared.filtered_ids() | set(matches), "date", "date_precision", "word_count",
                            "kind", "event", "venue__slug", "venue__name")
    matched = [row for row in archive if row["pk"] in matches]
    timeline = Timeline([], False, len(matched), sum(matches[row["pk"]] for row in matched),
                        notices=list(counted.notices))
    dated = sorted((row for row in matched if row["date"]), key=lambda row: (row["date"], row["pk"]))
    if not dated:
        timeline.undated = len(matched)
        return timeline
    timeline.monthly = months_between(dated[0]["date"], dated[-1]["date"]) < MONTHLY_BELOW_MONTHS
    timeline.periods, timeline.undated = periods(archive, matches, timeline.monthly)
    first, latest = first_and_latest(dated)
    timeline.first, timeline.latest = use(first["pk"], prepared), use(latest["pk"], prepared)
    timeline.top = top_lists(matched, matches)
    return timeline


def first_and_latest(dated):
    """Return the rows of the first and the latest dated documents, as ``PartialDate`` orders them: a
    document known only to the year never wins over a precise one it may follow (or precede)."""
    def partial_date(row):
        return PartialDate.from_date(row["date"], row["date_precision"])

    return (min(dated, key=lambda row: (partial_date(row).first_order, row["pk"])),
            max(dated, key=lambda row: (partial_date(row).latest_order, row["pk"])))


def months_between(first, last):
    return (last.year - first.year) * 12 + last.month - first.month


def period_of(row, monthly):
    """Return the label of a document row's period, or None (undated, or dated by year only when
    counting by month)."""
    date = row["date"]
    if date is None or (monthly and row["date_precision"] == Document.DatePrecision.YEAR):
        return None
    return f"{date:%Y-%m}" if monthly else str(date.year)


def periods(archive, matches, monthly):
    """Return (every period from the first match to the last, the matching documents left out)."""
    totals = defaultdict(Counter)
    undated = 0
    for row in archive:
        label = period_of(row, monthly)
        matched = row["pk"] in matches
        if label is None:
            undated += matched
            continue
        counts = totals[label]
        counts["archive_documents"] += 1
        counts["archive_words"] += row["word_count"]
        if matched:
            counts["documents"] += 1
            counts["occurrences"] += matches[row["pk"]]
    labels = [label for label, counts in totals.items() if counts["documents"]]
    return [Period(label, **{name: totals[label][name] for name in
                             ("documents", "occurrences", "archive_documents", "archive_words")})
            for label in period_labels(min(labels), max(labels), monthly)], undated


def period_labels(first, last, monthly):
    """Return every label from ``first`` to ``last``, those with no document too."""
    if not monthly:
        return [str(year) for year in range(int(first), int(last) + 1)]
    year, month = map(int, first.split("-"))
    labels = []
    while (label := f"{year:04d}-{month:02d}") <= last:
        labels.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def use(document_id, prepared):
    document = Document.objects.published().get(pk=document_id)
    occurrences = prepared.occurrences(document)
    return Use(document, occurrences[0].anchor if occurrences else None)


def top_lists(matched, matches):
    """Return {group: [Ranked]}: the speakers, venues, events, countries and kinds of the matching
    documents, by how often their documents say it (then by how many documents)."""
    ids = {row["pk"] for row in matched}
    credits = {group: defaultdict(set) for group in TOP_GROUPS}  # group -> (slug, name) -> document ids
    for row in matched:
        if row["venue__slug"]:
            credits["venues"][row["venue__slug"], row["venue__name"]].add(row["pk"])
        if row["event"]:
            credits["events"][event_slug(row["event"]), row["event"]].add(row["pk"])
        credits["kinds"][row["kind"], Document.Kind(row["kind"]).label].add(row["pk"])
    for group, rows in (("speakers", speaker_rows(ids)), ("countries", country_rows(ids))):
        for document_id, slug, name in rows:
            credits[group][slug, name].add(document_id)
    return {group: ranked(named, matches) for group, named in credits.items()}


def ranked(named, matches):
    entries = [Ranked(slug, name, sum(matches[pk] for pk in documents), len(documents))
               for (slug, name), documents in named.items()]
    entries.sort(key=lambda entry: (-entry.occurrences, -entry.documents, entry.name))
    return entries[:TOP_SIZE]
