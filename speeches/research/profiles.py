"""What the page of a speaker, a venue or a region shows beside its list of documents: documents per
year (per decade or century over a long span, as a timeline counts them), who speaks there most, where
and of what a speaker speaks, the offices they held and how many documents each, and the words and
phrases they use more than the archive (found ahead of time by ``keywords``). Each is one aggregate
query over published documents: a page never reads texts."""
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from speeches.models import Country, Document, Keyword, KeywordProfile, Person, Speaker, Venue

from .chart import bar_chart
from .timeline import YEAR, Granularity, granularity_of, period_label

TOP_SIZE = 10


@dataclass(frozen=True)
class PeriodCount:
    label: str  # the year (or decade, century), as the timeline's periods are labelled
    documents: int


@dataclass(frozen=True)
class TopEntry:
    name: str
    url: str | None  # the row's page, if it has one
    documents: int


@dataclass(frozen=True)
class OfficeHeld:
    office: object  # an ``Office``
    documents: int  # published documents crediting the person in it
    organisation_url: str | None  # the page of its organisation, if it has one


@dataclass
class Profile:
    """The figures of a page: ``periods`` (every period of ``granularity`` from the first document's to the
    last's: a year, or a decade or century over a long span), the
    ``chart`` drawn from them (when they are more than one), the ``undated`` documents left out, the
    top lists (``TopEntry``s), and for a speaker their offices and keyword profiles (one per language,
    most words first)."""

    periods: list
    undated: int
    chart: object = None
    granularity: Granularity = YEAR
    speakers: list = field(default_factory=list)
    venues: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    offices: list = field(default_factory=list)
    keyword_profiles: list = field(default_factory=list)

    @property
    def has_keywords(self):
        return any(profile.keywords.all() for profile in self.keyword_profiles)


def speaker_profile(person, documents):
    """Return the ``Profile`` of a speaker's page; ``documents``: their published documents."""
    profile = yearly_profile(documents)
    profile.venues = top_venues(documents)
    profile.countries = top_countries(documents)
    profile.offices = offices_held(person)
    profile.keyword_profiles = list(KeywordProfile.objects.filter(person=person).prefetch_related(
        Prefetch("keywords", queryset=Keyword.objects.order_by("is_phrase", "rank"))))
    return profile


def place_profile(documents):
    """Return the ``Profile`` of a venue's or a region's page; ``documents``: its published documents."""
    profile = yearly_profile(documents)
    profile.speakers = top_speakers(documents)
    return profile


def yearly_profile(documents):
    counts = dict(documents.order_by().values_list("date__year").annotate(documents=Count("pk", distinct=True)))
    undated = counts.pop(None, 0)
    if not counts:
        return Profile([], undated)
    dated = [(year, None) for year in counts]
    granularity = granularity_of(dated)
    per_period = Counter()
    for period, documents in zip(dated, counts.values()):
        per_period[period_label(period, granularity)] += documents
    periods = [PeriodCount(label, per_period[label]) for label in granularity.labels(dated)]
    chart = bar_chart(periods, "documents") if len(periods) > 1 else None  # one bar says nothing
    return Profile(periods, undated, chart, granularity)


def top_speakers(documents):
    credits = (Speaker.objects.filter(document__in=documents.values("pk")).order_by()
               .values("person__name", "person__slug").annotate(documents=Count("document", distinct=True))
               .order_by("-documents", "person__sort_name")[:TOP_SIZE])
    return [TopEntry(row["person__name"], Person(slug=row["person__slug"]).get_absolute_url(), row["documents"])
            for row in credits]


def top_venues(documents):
    rows = (documents.exclude(venue=None).order_by().values("venue__name", "venue__slug")
            .annotate(documents=Count("pk", distinct=True)).order_by("-documents", "venue__sort_name")[:TOP_SIZE])
    return [TopEntry(row["venue__name"], Venue(slug=row["venue__slug"]).get_absolute_url(), row["documents"])
            for row in rows]


def top_countries(documents):
    mentions = (Document.countries.through.objects.filter(document__in=documents.values("pk")).order_by()
                .values("country__name", "country__slug").annotate(documents=Count("document", distinct=True))
                .order_by("-documents", "country__sort_name")[:TOP_SIZE])
    return [TopEntry(row["country__name"], Country(slug=row["country__slug"]).get_absolute_url(), row["documents"])
            for row in mentions]


def offices_held(person):
    """Return an ``OfficeHeld`` for each of the person's offices, latest first; an organisation is
    linked only when its page exists (a published document credits it)."""
    offices = list(person.offices.select_related("organisation", "country"))
    if not offices:
        return []
    counts = dict(Speaker.objects.filter(person=person, document__status=Document.Status.PUBLISHED)
                  .exclude(office=None).order_by().values_list("office").annotate(Count("pk")))
    with_pages = set(Person.objects.with_published_documents().filter(
        pk__in=[office.organisation_id for office in offices if office.organisation_id]).values_list("pk", flat=True))
    return [OfficeHeld(office, counts.get(office.pk, 0),
                       office.organisation.get_absolute_url() if office.organisation_id in with_pages else None)
            for office in offices]
