"""The facets a search page shows: which index field each counts, how many options, their labels."""
from dataclasses import dataclass

from speeches.models import Country, Document, Person, Region, Venue, event_slug

from .index.version import cached_until_index_changes
from .languages import filter_languages
from .query.criteria import VALUE_FILTERS

FACETS = [("kind", "Kind"), ("speaker", "Speaker"), ("region", "Region"), ("country", "Mentions"),
          ("venue", "Venue"), ("event", "Event"), ("lang", "Has a text in"), ("year", "Year")]
FACET_NAMES = tuple(name for name, _ in FACETS)
# Options shown per facet (every year, for the histogram).
FACET_SIZE = 30
YEAR_FACET_SIZE = 500
# Index field -> how many of its values engines count.
FACET_FIELDS = {VALUE_FILTERS[name]: YEAR_FACET_SIZE if name == "year" else FACET_SIZE for name, _ in FACETS}


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list


def facet_fields(names):
    """Return {index field: how many of its values to count} for the facets ``names`` (True: every facet)."""
    return {VALUE_FILTERS[name]: FACET_FIELDS[VALUE_FILTERS[name]] for name, _ in FACETS if names is True or name in names}


def labelled_facets(counts, filters):
    """Return the ``Facet``s of an engine's counts ({index field: [(value, count)]}), each option
    labelled and marked when it is the filter in force; years in order. A facet not counted is left out."""
    facets = []
    for name, label in FACETS:
        if VALUE_FILTERS[name] not in counts:
            continue
        values = [(str(value), count) for value, count in counts.get(VALUE_FILTERS[name], []) if value is not None]
        labels = facet_labels(name, [value for value, _ in values])
        if name == "lang":  # one option per language: its general code ("zh", not also "zh-hans")
            values = [(value, count) for value, count in values if value in labels]
        options = [FacetOption(value, labels.get(value, value), count, str(filters.get(name, "")) == value)
                   for value, count in values]
        if name == "year":
            options.sort(key=lambda option: option.value)
        facets.append(Facet(name, label, options))
    return facets


def facet_labels(name, values):
    """Return display names for facet values (slugs and codes) as {value: label}.

    Only people, regions, countries, venues and events of published documents are named: a slug
    credited on drafts alone gets no label, as a slug that names nothing.
    """
    if name in NAMED_VALUES:
        names = cached_until_index_changes(f"facet-labels:{name}", NAMED_VALUES[name])
        return {value: names[value] for value in values if value in names}
    if name == "kind":
        return dict(Document.Kind.choices)
    if name == "lang":  # general codes only: one option per language
        return dict(filter_languages([value for value in values if "-" not in value]))
    return {}


# Facet -> a function returning {value: label} for every value published documents have. Each is
# read once until the index changes: a change to a name reaches the index (``index.signals``).
NAMED_VALUES = {
    "speaker": lambda: dict(Person.objects.with_published_documents().values_list("slug", "name")),
    "region": lambda: dict(Region.objects.with_published_documents().values_list("slug", "name")),
    "country": lambda: dict(Country.objects.with_published_documents().values_list("slug", "name")),
    "venue": lambda: {venue.slug: venue.written_apart for venue in Venue.objects.with_published_documents()},
    "event": lambda: {event_slug(event): event for event in Document.objects.published_values("event")},
}
