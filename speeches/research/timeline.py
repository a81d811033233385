"""A query's timeline: per year (per month over a short span, per decade or century over a long one)
how many documents match and how often they say it, against how much the archive holds for the same
filters; the first and latest use; who says it most, where and when.
"""
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from speeches.dates import PartialDate
from speeches.models import Country, Document, Person, Venue
from speeches.search import cached_until_index_changes, facet_labels

from .rows import document_rows

# Matches spanning fewer months than this are counted per month.
MONTHLY_BELOW_MONTHS = 36
# Matches are counted per year, decade or century, the first that has at most this many periods between
# the first match and the last: every period is listed, empty ones too, and a document dated 9999-12-31 (a
# common placeholder) beside one of 1990 made a timeline of 8,000 years, seconds of work and a page of
# megabytes for each request. A date has at most four digits, so by century there are at most 100.
MOST_PERIODS = 500
TOP_SIZE = 10
# Top-list group -> the index field the engine tallies it by (slugs, and a kind's value).
TALLIED_FIELDS = {"speakers": "speakers", "venues": "venue", "events": "event", "countries": "countries",
                  "kinds": "kind"}
TOP_GROUPS = list(TALLIED_FIELDS)
# Matching ids asked for in date order to find the first and the latest use, until enough are read
# (more only when many share the first one's period); past the last, the best of those read.
FIRST_ASKED = (50, 1_000)
# Values of each top list the engine tallies: ties at the tenth are broken by name, after the cut.
TALLIED_VALUES = 100


@dataclass(frozen=True)
class Granularity:
    """What a timeline counts by: a month, or a run of ``years`` (1, 10, 100)."""

    name: str  # "month", "year", "decade", "century"
    plural: str
    years: int = 0  # 0: a month

    def __str__(self):
        return self.name

    def number(self, period):
        """Return the place in time of a period as the engines tally it ((year, month or None)), counted
        in this granularity's periods; None by month for a date known only to the year."""
        year, month = period
        if not self.years:
            return None if month is None else year * 12 + month - 1
        return year // self.years

    def label(self, number):
        """Return the label of the period at ``number``: "2013-05", "2013", "2010s" (a decade or a century)."""
        if not self.years:
            return f"{number // 12:04d}-{number % 12 + 1:02d}"
        return str(number) if self.years == 1 else f"{number * self.years}s"

    def labels(self, periods):
        """Return the label of every period from the first of ``periods`` to the last, those with no
        document too, in the order of time."""
        numbers = {number for period in periods if (number := self.number(period)) is not None}
        return [self.label(number) for number in range(min(numbers), max(numbers) + 1)] if numbers else []


MONTH = Granularity("month", "months")
YEAR = Granularity("year", "years", 1)
DECADE = Granularity("decade", "decades", 10)
CENTURY = Granularity("century", "centuries", 100)
GRANULARITIES = [MONTH, YEAR, DECADE, CENTURY]


@dataclass(frozen=True)
class Period:
    label: str  # "2013", "2013-05", or "2010s"
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
    """A document that says it, and the paragraph where it first does (None: only the headings of one
    of its texts do), in the text that says it (``language``: "" for the main text), the query marked there."""

    document: Document
    anchor: str | None
    language: str = ""
    query: str = ""

    @property
    def url(self):
        return self.document.paragraph_url(self.anchor, self.language, self.query)


@dataclass(frozen=True)
class Ranked:
    slug: str
    name: str
    occurrences: int
    documents: int


@dataclass
class Timeline:
    periods: list
    granularity: Granularity
    documents: int  # matching documents, dated or not
    occurrences: int
    first: Use | None = None
    latest: Use | None = None
    top: dict = field(default_factory=dict)  # group -> [Ranked], most occurrences first
    undated: int = 0  # matching documents without a date, in no period
    year_only: int = 0  # matching documents dated by year only, in no month of a timeline by month
    notices: list = field(default_factory=list)

    @property
    def monthly(self):
        return self.granularity == MONTH


def build_timeline(prepared):
    """Return the ``Timeline`` of a prepared search (``speeches.search.prepare``)."""
    return build_timelines([prepared])[0]


def build_timelines(prepared_searches, top=True):
    """Return a ``Timeline`` per prepared search, all over the same periods (``granularity_of``), from
    the first match of any to the last of any. Each is divided by what its own filters allow (a query
    may type its own).

    The engine adds up each search's matches (``PreparedSearch.tallies``): no row of a matching
    document is read but the first's and the latest's. What the filters allow per period is read
    once per filters until the index changes. Without ``top``, who says it most is left out
    (``Timeline.top`` empty).
    """
    fields = TALLIED_FIELDS.values() if top else ()
    tallied = [prepared.tallies(fields, TALLIED_VALUES) for prepared in prepared_searches]
    dated = [period for tallies in tallied for period in tallies.periods]
    granularity = granularity_of(dated)
    span = granularity.labels(dated)
    return [timeline_of(prepared, tallies, archive_periods(prepared, granularity) if span else {}, granularity, span)
            for prepared, tallies in zip(prepared_searches, tallied)]


def archive_periods(prepared, granularity):
    """Return {label: (documents, words)}: per period, the documents ``prepared``'s filters allow and
    their words, what its matches are divided by. The same for every query under these filters, so
    kept until the index changes: a quote's timeline no longer reads every row of the archive."""
    def count():
        totals = defaultdict(lambda: [0, 0])
        for period, documents, words in allowed_per_period(prepared):
            if label := period_label(period, granularity):
                totals[label][0] += documents
                totals[label][1] += words
        return {label: tuple(figures) for label, figures in totals.items()}
    filters = hashlib.sha256(repr((prepared.filters_key, granularity.name)).encode()).hexdigest()
    return cached_until_index_changes(f"timeline-archive:{filters}", count, prepared.using)


def allowed_per_period(prepared):
    """Yield (period, documents, words) of the dated documents ``prepared``'s filters allow: with no
    filter, every published document, added up by the database (at 100,000 documents, a second
    less than asking the index for every id and reading every row); else document by document."""
    if not prepared.filters:
        dated = Document.objects.published().exclude(date=None).order_by()
        grouped = dated.values(year=ExtractYear("date"), month=ExtractMonth("date"), precision=F("date_precision"))
        for row in grouped.annotate(documents=Count("pk"), words=Sum("words_in_every_text")):
            month = None if row["precision"] == Document.DatePrecision.YEAR else row["month"]
            yield (row["year"], month), row["documents"], row["words"]
        return
    for row in document_rows(prepared.filtered_ids(), "date", "date_precision", "words_in_every_text"):
        if row["date"]:
            yield period_of(row["date"], row["date_precision"]), 1, row["words_in_every_text"]


def timeline_of(prepared, tallies, archive, granularity, span):
    """Return the ``Timeline`` of one search: ``tallies``, its matches added up; ``archive``, what its
    filters allow per period (``archive_periods``); ``span``, the labels of the shared periods."""
    timeline = Timeline([], granularity, tallies.documents, tallies.occurrences, notices=list(tallies.notices))
    timeline.periods, timeline.year_only = periods(archive, tallies, granularity, span)
    timeline.undated = tallies.undated
    if tallies.periods:
        timeline.first = use(first_dated(prepared, "oldest"), prepared)
        timeline.latest = use(first_dated(prepared, "newest"), prepared)
        if tallies.values:
            timeline.top = top_lists(tallies.values)
    return timeline


def first_dated(prepared, sort):
    """Return the id of the first matching document in ``sort`` order ("oldest", "newest") as
    ``PartialDate`` orders them (``first_order``, ``latest_order``): a document known only to the year
    never wins over a precise one it may follow (or precede). The engine gives the matches in the order
    of their stored dates (a period's first day); they are read until none later can win."""
    for asked in FIRST_ASKED:
        found = prepared.ids(asked, sort=sort)
        by_id = {row["pk"]: row for row in document_rows(found.ids, "date", "date_precision") if row["date"]}
        dated = [(PartialDate.from_date(by_id[pk]["date"], by_id[pk]["date_precision"]), pk)
                 for pk in found.ids if pk in by_id]  # undated last
        best, settled = best_dated(dated, sort)
        if settled or len(found.ids) == found.total:
            break
    return best


def best_dated(dated, sort):
    """Return (the id of the best of ``dated`` [(PartialDate, id)], in ``sort`` order, whether no
    later date can beat it): oldest, none that starts after the best ends can end before it; newest,
    none that starts before the best starts can start after it."""
    oldest, best = sort == "oldest", None
    for entry in dated:
        date = entry[0]
        if best and (date.start > best[0].end if oldest else date.start < best[0].start):
            return best[1], True
        if best is None or rank(entry, oldest) < rank(best, oldest):
            best = entry
    return (best[1] if best else None), False


def rank(entry, oldest):
    """Return the key of a (PartialDate, id) that is smallest for the first (``oldest``) or the latest
    use: the earliest last day, the latest first day; the more precise on a tie, then by id."""
    date, pk = entry
    if oldest:
        return date.first_order, pk
    start, precision = date.latest_order
    return -start.toordinal(), -precision, -pk


def granularity_of(dated):
    """Return what matches in these periods ((year, month or None)) are counted by: the month while
    ``counted_by_month``, else the shortest run of years that makes at most ``MOST_PERIODS`` periods."""
    if counted_by_month(dated):
        return MONTH
    years = [year for year, _ in dated] or [0]
    return next((granularity for granularity in (YEAR, DECADE)
                 if max(years) // granularity.years - min(years) // granularity.years < MOST_PERIODS), CENTURY)


def counted_by_month(dated):
    """Whether matches in these periods ((year, month or None)) are counted by month: they span under
    ``MONTHLY_BELOW_MONTHS``, and one at least is known to the month (by month, a date known only to
    the year is in no period)."""
    months = [(year, month or 1) for year, month in dated]
    known_to_the_month = any(month for _, month in dated)
    return known_to_the_month and months_between(min(months), max(months)) < MONTHLY_BELOW_MONTHS


def months_between(first, last):
    return (last[0] - first[0]) * 12 + last[1] - first[1]


def period_of(date, precision):
    """Return a date's period as the engines tally it: (year, month), or (year, None) when it is known
    only to the year."""
    return date.year, None if precision == Document.DatePrecision.YEAR else date.month


def period_label(period, granularity):
    """Return the label of a period ("2013", "2013-05", "2010s"), or None: by month, a date known only to the year."""
    number = granularity.number(period)
    return None if number is None else granularity.label(number)


def periods(archive, tallies, granularity, span):
    """Return (a ``Period`` per label of ``span``, the matching documents dated by year only that a
    timeline by month leaves out)."""
    found = defaultdict(lambda: [0, 0])
    year_only = 0
    for period, (documents, occurrences) in tallies.periods.items():
        label = period_label(period, granularity)
        if label is None:
            year_only += documents
            continue
        found[label][0] += documents
        found[label][1] += occurrences
    return [Period(label, *found.get(label, (0, 0)), *archive.get(label, (0, 0))) for label in span], year_only


def use(document_id, prepared):
    """Return the ``Use`` of a document: its first occurrence in a paragraph, else in the headings of
    a text (a title, credits, a translator), as the concordance finds and links them."""
    if document_id is None:  # unpublished since the engine counted it
        return None
    document = Document.objects.published().get(pk=document_id)
    occurrences = prepared.occurrences(document, headings=True)
    occurrence = next((occurrence for occurrence in occurrences if occurrence.anchor), None) or next(
        iter(occurrences), None)
    if occurrence is None:  # a search by filters alone
        return Use(document, None)
    return Use(document, occurrence.anchor or None, occurrence.language, prepared.criteria.q)


def top_lists(tallied_values):
    """Return {group: [Ranked]}: the speakers, venues, events, countries and kinds of the matching
    documents, by how often their documents say it (then by how many documents, by name, by slug: two
    people may share a name), from the engine's tallies of each (``TALLIED_FIELDS``)."""
    top = {}
    for group, fieldname in TALLIED_FIELDS.items():
        tallied = tallied_values.get(fieldname, {})
        names = LABELS[group](list(tallied))
        ranked = [Ranked(value, names[value], tally.occurrences, tally.documents)
                  for value, tally in tallied.items() if value in names]
        ranked.sort(key=lambda entry: (-entry.occurrences, -entry.documents, entry.name, entry.slug))
        top[group] = ranked[:TOP_SIZE]
    return top


def named(model):
    """Return a function: slugs of ``model`` -> {slug: name}."""
    return lambda slugs: dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))


LABELS = {
    "speakers": named(Person),
    "venues": named(Venue),
    "countries": named(Country),
    "events": lambda slugs: facet_labels("event", slugs),
    "kinds": lambda kinds: {kind: Document.Kind(kind).label for kind in kinds if kind in Document.Kind.values},
}


def comparison_notices(queries, timelines):
    """Return the notices of timelines compared: one every query has (a filter's) once, the others
    each naming its query ("Query 2 (...): ..."), so a malformed query is told apart from the rest."""
    shared = set.intersection(*(set(timeline.notices) for timeline in timelines))
    notices = [notice for notice in timelines[0].notices if notice in shared]
    for number, (query, timeline) in enumerate(zip(queries, timelines), start=1):
        notices += [f"Query {number} ({query}): {notice}" for notice in timeline.notices if notice not in shared]
    return notices
