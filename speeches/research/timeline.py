"""A query's timeline: per year (per month over a short span) how many documents match and how
often they say it, against how much the archive holds for the same filters; the first and latest
use; who says it most, where and when.
"""
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import takewhile

from speeches.dates import PartialDate
from speeches.models import Country, Document, Person, Speaker, Venue, event_slug
from speeches.search import cached_until_index_changes

from .rows import document_rows, named_rows, restricted

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
    return build_timelines([prepared])[0]


def build_timelines(prepared_searches, top=True):
    """Return a ``Timeline`` per prepared search, all over the same periods: by month only when every
    dated match of every search falls within ``MONTHLY_BELOW_MONTHS``, from the first match of any to
    the last of any. Each is divided by what its own filters allow (a query may type its own).

    One search per query; the rows and credits of every matching document are read once for all the
    searches, and what the filters allow per period once per filters until the index changes. Without
    ``top``, who says it most is left out (``Timeline.top`` empty), and no credit is read.
    """
    counted = [prepared.occurrence_counts() for prepared in prepared_searches]
    matching = document_rows(set().union(*(counts.by_document for counts in counted)),
                             "date", "date_precision", "kind", "event", "venue_id")
    matched = [[row for row in matching if row["pk"] in counts.by_document] for counts in counted]
    monthly = counted_by_month([row for rows in matched for row in rows if row["date"]])
    labels = {label for rows in matched for row in rows if (label := period_of(row, monthly))}
    span = period_labels(min(labels), max(labels), monthly) if labels else []
    named = named_by_document({row["pk"]: row for rows in matched for row in rows}.values()) if top else None
    return [timeline_of(prepared, counts, archive_periods(prepared, monthly) if span else {}, matched_rows,
                        monthly, span, named)
            for prepared, counts, matched_rows in zip(prepared_searches, counted, matched)]


def archive_periods(prepared, monthly):
    """Return {label: (documents, words)}: per period, the documents ``prepared``'s filters allow and
    their words, what its matches are divided by. The same for every query under these filters, so
    kept until the index changes: a quote's timeline no longer reads every row of the archive."""
    def count():
        totals = defaultdict(lambda: [0, 0])
        for row in document_rows(prepared.filtered_ids(), "date", "date_precision", "word_count"):
            if label := period_of(row, monthly):
                totals[label][0] += 1
                totals[label][1] += row["word_count"]
        return {label: tuple(figures) for label, figures in totals.items()}
    filters = hashlib.sha256(repr((prepared.filters_key, monthly)).encode()).hexdigest()
    return cached_until_index_changes(f"timeline-archive:{filters}", count, prepared.using)


def timeline_of(prepared, counted, archive, matched, monthly, span, named):
    """Return the ``Timeline`` of one search: ``archive``, what its filters allow per period
    (``archive_periods``); ``matched``, its matches' rows; ``span``, the labels of the shared periods;
    ``named``, what ``named_by_document`` says of its matches (and others), or None: no top lists."""
    matches = counted.by_document
    timeline = Timeline([], monthly, len(matched), sum(matches[row["pk"]] for row in matched),
                        notices=list(counted.notices))
    timeline.periods, timeline.undated = periods(archive, matched, matches, monthly, span)
    dated = sorted((row for row in matched if row["date"]), key=lambda row: (row["date"], row["pk"]))
    if dated:
        first, latest = first_and_latest(dated)
        timeline.first, timeline.latest = use(first["pk"], prepared), use(latest["pk"], prepared)
        if named is not None:
            timeline.top = top_lists(matched, matches, named)
    return timeline


def first_and_latest(dated):
    """Return the rows of the first and the latest dated documents, as ``PartialDate`` orders them: a
    document known only to the year never wins over a precise one it may follow (or precede).

    ``dated`` is in the order of the stored dates, each within its period: the first is among the rows
    stored no later than the first row's period ends, the latest among those stored no earlier than the
    last row's period begins (only these are compared: a frequent word has thousands of rows).
    """
    def partial_date(row):
        return PartialDate.from_date(row["date"], row["date_precision"])

    first_end, last_start = partial_date(dated[0]).end, partial_date(dated[-1]).start
    return (min(takewhile(lambda row: row["date"] <= first_end, dated),
                key=lambda row: (partial_date(row).first_order, row["pk"])),
            max(takewhile(lambda row: row["date"] >= last_start, reversed(dated)),
                key=lambda row: (partial_date(row).latest_order, row["pk"])))


def counted_by_month(dated):
    """Whether dated matches are counted by month: they span under ``MONTHLY_BELOW_MONTHS``, and one
    at least is known to the month (by month, a date known only to the year is in no period)."""
    dates = [row["date"] for row in dated]
    known_to_the_month = any(row["date_precision"] != Document.DatePrecision.YEAR for row in dated)
    return known_to_the_month and months_between(min(dates), max(dates)) < MONTHLY_BELOW_MONTHS


def months_between(first, last):
    return (last.year - first.year) * 12 + last.month - first.month


def period_of(row, monthly):
    """Return the label of a document row's period, or None (undated, or dated by year only when
    counting by month)."""
    date = row["date"]
    if date is None or (monthly and row["date_precision"] == Document.DatePrecision.YEAR):
        return None
    return f"{date:%Y-%m}" if monthly else str(date.year)


def periods(archive, matched, matches, monthly, span):
    """Return (a ``Period`` per label of ``span``, the matching documents in none of them)."""
    found = defaultdict(Counter)
    undated = 0
    for row in matched:
        label = period_of(row, monthly)
        if label is None:
            undated += 1
            continue
        found[label]["documents"] += 1
        found[label]["occurrences"] += matches[row["pk"]]
    return [Period(label, found[label]["documents"], found[label]["occurrences"], *archive.get(label, (0, 0)))
            for label in span], undated


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


def named_by_document(rows):
    """Return {document id: {(group, key)}}: the speakers, venue, event, countries and kind each
    document of these rows names, by what is cheapest to read (a speaker's, venue's or country's id);
    only the names that can be listed are read (``top_lists``)."""
    named = {row["pk"]: {("kinds", row["kind"])} for row in rows}
    for row in rows:
        if row["venue_id"]:
            named[row["pk"]].add(("venues", row["venue_id"]))
        if row["event"]:
            named[row["pk"]].add(("events", row["event"]))
    for group, through, named_id in (("speakers", Speaker, "person_id"),
                                     ("countries", Document.countries.through, "country_id")):
        for document_id, key in named_rows(through, named_id, named):
            named[document_id].add((group, key))
    return named


def top_lists(matched, matches, named):
    """Return {group: [Ranked]}: the speakers, venues, events, countries and kinds of the matching
    documents, by how often their documents say it (then by how many documents, by name, by slug: two
    people may share a name)."""
    occurrences, documents = Counter(), Counter()  # (group, key) -> in the documents naming it
    for row in matched:
        said = matches[row["pk"]]
        for entry in named[row["pk"]]:
            occurrences[entry] += said
            documents[entry] += 1
    keys = defaultdict(list)
    for group, key in occurrences:
        keys[group].append(key)
    top = {}
    for group in TOP_GROUPS:
        def score(key, group=group):
            return occurrences[group, key], documents[group, key]
        contenders = ranked_contenders(keys[group], score)
        labels = LABELS[group](contenders)  # key -> (slug, name)
        ranked = [Ranked(*labels[key], *score(key)) for key in contenders]
        ranked.sort(key=lambda entry: (-entry.occurrences, -entry.documents, entry.name, entry.slug))
        top[group] = ranked[:TOP_SIZE]
    return top


def ranked_contenders(keys, score):
    """Return the keys that may be among the first ``TOP_SIZE`` once ties of ``score`` are broken by
    name: the first ``TOP_SIZE`` by score and every key tied with the last of them."""
    ordered = sorted(keys, key=score, reverse=True)
    if len(ordered) <= TOP_SIZE:
        return ordered
    bar = score(ordered[TOP_SIZE - 1])
    return [key for key in ordered if score(key) >= bar]


def labelled(model):
    """Return a function: ids of ``model`` -> {id: (slug, name)}."""
    def labels(ids):
        rows = restricted(model.objects.order_by().values_list("pk", "slug", "name"), ids, "pk")
        return {pk: (slug, name) for pk, slug, name in rows}
    return labels


LABELS = {
    "speakers": labelled(Person),
    "venues": labelled(Venue),
    "countries": labelled(Country),
    "events": lambda events: {event: (event_slug(event), event) for event in events},
    "kinds": lambda kinds: {kind: (kind, Document.Kind(kind).label) for kind in kinds},
}


def comparison_notices(queries, timelines):
    """Return the notices of timelines compared: one every query has (a filter's) once, the others
    each naming its query ("Query 2 (...): ..."), so a malformed query is told apart from the rest."""
    shared = set.intersection(*(set(timeline.notices) for timeline in timelines))
    notices = [notice for notice in timelines[0].notices if notice in shared]
    for number, (query, timeline) in enumerate(zip(queries, timelines), start=1):
        notices += [f"Query {number} ({query}): {notice}" for notice in timeline.notices if notice not in shared]
    return notices
