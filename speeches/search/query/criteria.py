"""What a researcher asks for (``SearchCriteria``), and the notices for filters naming what the archive lacks."""
import datetime
import re
from dataclasses import dataclass

from speeches.countries import code_of
from speeches.languages import language_name
from speeches.models import SLUG_CHARACTER, Country, Document, Person, Region, TextRole, Venue, event_slug, readable_slug

from ..languages import filter_code, filter_languages, indexed_codes

FILTER_FIELDS = ("speaker", "region", "country", "venue", "event", "kind", "lang", "role", "year", "date_from",
                 "date_to")
# Filter name -> index field holding one value (or several) per document.
VALUE_FILTERS = {"speaker": "speakers", "region": "regions", "country": "countries", "venue": "venue", "event": "event",
                 "kind": "kind", "lang": "languages", "role": "roles", "year": "year"}
# Filters whose value is the slug of a name, which may also be typed as written ("Xi Jinping").
NAMED_BY_SLUG = {"speaker", "region", "venue", "event"}
# Filters whose value is one of a fixed list's, which may also be typed as its label ("Press release").
NAMED_CHOICES = {"kind": Document.Kind, "role": TextRole}
# Filter values are slugs or codes ("xi-jinping", "press-release", "zh-hans"), or a year.
FILTER_VALUE = re.compile(f"{SLUG_CHARACTER}{{1,100}}")
SORTS = {"relevance": None, "newest": True, "oldest": False}


@dataclass
class SearchCriteria:
    q: str = ""
    speaker: str = ""
    region: str = ""
    country: str = ""  # a country's slug, ISO code or name (``country_slug``)
    venue: str = ""
    event: str = ""
    kind: str = ""
    lang: str = ""
    role: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    year: int | None = None
    sort: str = "relevance"
    case_sensitive: bool = False

    def filters(self):
        return {name: getattr(self, name) for name in FILTER_FIELDS if getattr(self, name)}

    def is_empty(self):
        return not (self.q.strip() or self.filters())


def unknown_value_notices(filters):
    """Return a notice for each filter naming a speaker, region, venue, event or kind the archive lacks.

    Only names on published documents count as known: one credited on drafts alone gets the same
    notice as a name never heard of, so a notice cannot confirm that a draft exists.
    """
    lookups = {"speaker": (Person, "speaker"), "region": (Region, "region"), "venue": (Venue, "venue")}
    notices = []
    for name, (model, label) in lookups.items():
        value = filters.get(name)
        if value and not model.objects.with_published_documents().filter(slug=value).exists():
            notices.append(f"There is no {label} “{value}” in the archive.")
    if (country := filters.get("country")) and not names_a_country(country):
        notices.append(f"There is no country “{country}”: name one by its name or ISO code, such as France, FR or "
                       "FRA, or South Africa.")
    if (event := filters.get("event")) and event not in set(map(event_slug, Document.objects.published_values("event"))):
        notices.append(f"There is no event “{event}” in the archive.")
    if (kind := filters.get("kind")) and kind not in Document.Kind.values:
        notices.append(f"There is no kind of document “{kind}”; kinds are: {', '.join(Document.Kind.values)}.")
    if (language := filters.get("lang")) and filter_code(language) is None:
        notices.append(f"There is no language “{language}”; use a language tag such as en, en-GB, zh, zh-Hant, "
                       "fr, ru or ar.")
    if (year := str(filters.get("year") or "")) and not is_year(year):
        notices.append(f"There is no year “{year}”: write a year as 2022.")
    if (role := filters.get("role")) and role not in TextRole.values:
        notices.append(f"There is no text role “{role}”; roles are: {', '.join(TextRole.values)}.")
    return notices


def absent_language_notices(filters):
    """Return a notice when a language filter names a language no published text is in ("kr", Kanuri,
    typed for Korean). A language, like a kind, is known without any document: a list of documents by
    it is empty, not a 404 (``unknown_value_notices``)."""
    code = filter_code(filters.get("lang") or "")
    if code is None:  # no language filter (or one naming none: ``unknown_value_notices`` says so)
        return []
    published = Document.objects.published_languages()
    if code in indexed_codes(published):
        return []
    held = ", ".join(f"{name} ({tag})" for tag, name in filter_languages(published))
    return [f"No text in the archive is in {language_name(code)} (“{filters['lang']}”); its languages are: {held}."]


YEAR = re.compile("[0-9]{1,4}")  # ASCII digits: "²".isdigit() is true, and int("²") raises


def is_year(value):
    """Whether a filter's ``value`` is a year the archive can hold (1 to 9999), as written in a query."""
    return bool(YEAR.fullmatch(str(value))) and int(value) >= 1


def date_order_notices(filters):
    """Return a notice when the filters' dates are the wrong way round (a search all the same)."""
    date_from, date_to = filters.get("date_from"), filters.get("date_to")
    if date_from and date_to and date_from > date_to:
        return [f"The “From” date ({date_from}) is after the “To” date ({date_to}): only documents dated by a "
                "month or a year spanning both can match."]
    return []


def named_slug(filter_name, written):
    """Return the slug a speaker, region, venue or event filter names, whether typed as the slug in its
    page's address or as its name is written, one word or several, in any case (speaker:CGTN and
    speaker:"Xi Jinping" are cgtn and xi-jinping): the slug itself, else that of the entry published
    documents credit by that name (a renamed person keeps the slug of their first name), else the one
    the name makes."""
    made = readable_slug(written) or written
    model = {"speaker": Person, "region": Region, "venue": Venue}.get(filter_name)
    if model is None:
        return made
    credited = model.objects.with_published_documents()
    if credited.filter(slug=written).exists():  # a slug made otherwise than from its name ("jane-roe")
        return written
    named = credited.filter(name__iexact=written).order_by("pk")
    return named.values_list("slug", flat=True).first() or made


def choice_value(filter_name, written):
    """Return the kind or text role a filter names by its value or its label, in any case (kind:Speech,
    kind:"Press release", role:"As prepared for delivery"), or ``written`` when it names none: it then
    matches nothing, and its notice lists those there are."""
    by_name = {readable_slug(text): value for value, label in NAMED_CHOICES[filter_name].choices
               for text in (value, label)}
    return by_name.get(readable_slug(written), written)


def country_slug(value):
    """Return the slug the index holds for the country ``value`` names (by slug, ISO code or any of its
    names), or ``value`` itself when it names none: it then matches nothing, and its notice says why.
    A country mentioned only by drafts resolves as any other: its filter finds no published document."""
    country = Country.objects.named(value).order_by("pk").first()
    return country.slug if country else value


def names_a_country(value):
    """Whether ``value`` names a country: one of the data's (CLDR, countryinfo), or a catalogue country that
    published documents mention (one on drafts alone is as unknown as a name never heard of)."""
    return bool(code_of(value)) or Country.objects.with_published_documents().named(value).exists()
