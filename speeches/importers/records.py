"""One document as the import and export formats carry it, checked field by field.

The JSONL keys (also the YAML front matter keys of .md files): title, subtitle, kind, date,
speakers (names, or {name, role} with the name as citations need it: name_form, family_name,
given_name; and offices, the offices the person held: [{title, organisation, country, from, to}], dates
as YYYY-MM-DD, YYYY-MM or YYYY), venue (a name, or {name, city, country}), event, regions and countries (names, or
{name, wikidata}), language, translation_note, source_publisher, source_url, source_retrieved, body
(Markdown), status, external_id, text_role (what the main text is: original, official-translation,
unofficial-translation, as-prepared, as-delivered); texts, the document's other texts: [{language,
role, title, body, translator, source_publisher, source_url, source_retrieved, alignment}], alignment being
[main paragraph number, paragraph number] pairs from 1 (left out: proposed from the lengths); and, as export writes
them so that a round trip loses nothing, public_id and source_text. A speaker, the venue, a region or a country
given as an object may carry its Wikidata item ("wikidata": "Q15031"). sources, the files the transcript was
taken from: [{file or url, label, retrieved_from, retrieved_on, sha256, ties}], a file named by its path from the
import file's folder or a web address to fetch, with the SHA-256 it must have if the record says
(``importers.record_sources`` reads and fetches them); ties, where paragraphs are in it, each
{paragraph (its number from 1), page and region (four percentages of the page: left, top, width,
height)} or {paragraph, start and end (a recording's times, "12:41")}.
"""
import datetime
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from speeches.dates import PartialDate, Period
from speeches.languages import UnknownLanguage, canonical_tag
from speeches.models import Document, Person, TextRole, parse_clock, region_from_percentages
from speeches.paragraph_ids import ANCHOR, MOST_ANCHOR_NUMBER
from speeches.names import NameParts, written_name
from speeches.public_ids import ALPHABET
from speeches.characters import LIST_SEPARATOR, LIST_SEPARATOR_PROBLEM, control_character_problem, without_invisible
from speeches.wikidata import NotAnItem, parse_item

KNOWN_KEYS = {
    "title", "subtitle", "kind", "date", "speakers", "venue", "event", "regions", "countries",
    "language", "translation_note", "source_publisher", "source_url", "source_retrieved", "body",
    "status", "external_id", "public_id", "source_text", "text_role", "texts", "sources", "anchors",
}
TEXT_KEYS = {"language", "role", "title", "body", "translator", "source_publisher", "source_url", "source_retrieved",
             "alignment", "anchors"}
ANCHOR_KEYS = {"paragraphs", "last_paragraph_number", "retired_paragraphs"}
MOST_ANCHORS = 20_000
MOST_TEXTS = 20
SOURCE_KEYS = {"file", "url", "label", "retrieved_from", "retrieved_on", "sha256", "ties"}
TIE_KEYS = {"paragraph", "page", "region", "start", "end"}
MOST_SOURCES = 20
MOST_TIES = 5_000
SHA256 = set("0123456789abcdef")
SHORT_TEXT_LIMIT = 300
CREDIT_KEYS = {"name", "role", "name_form", "family_name", "given_name", "wikidata", "offices"}
OFFICE_KEYS = {"title", "organisation", "country", "from", "to"}
MOST_OFFICES = 50
# What one record may list. Each name is a row to find or create in the record's transaction: a
# record crediting 100,000 speakers held the database for minutes.
MAX_LIST_ITEMS = {"speakers": 100, "regions": 100, "countries": 300}


class RecordError(ValueError):
    """A record that cannot be imported; the message says which field and why."""


@dataclass
class Credit:
    name: str
    role: str = ""
    name_parts: NameParts | None = None  # as the record gives them; None leaves them to the archive
    wikidata: str = ""
    offices: list = field(default_factory=list)  # OfficeRecords: offices the person held, added to theirs


@dataclass
class OfficeRecord:
    """An office a credited person held, each date as precisely as the record gives it."""

    title: str
    organisation: str = ""  # an organisation's name
    country: str = ""  # a country's name
    start: PartialDate | None = None
    end: PartialDate | None = None

    @property
    def period(self):
        return Period(self.start, self.end)


@dataclass
class PlaceRecord:
    name: str
    city: str = ""
    country: str = ""
    wikidata: str = ""


@dataclass
class NamedRecord:
    """A region or a country a record names, with its Wikidata item if the record gives one."""

    name: str
    wikidata: str = ""


@dataclass
class DocumentRecord:
    title: str
    body: str
    subtitle: str = ""
    kind: str = Document.Kind.SPEECH
    date: datetime.date | None = None
    date_precision: str = Document.DatePrecision.DAY
    speakers: list = field(default_factory=list)
    venue: PlaceRecord | None = None
    event: str = ""
    regions: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    language: str = "en"
    translation_note: str = ""
    source_publisher: str = ""
    source_url: str = ""
    source_retrieved: datetime.date | None = None
    status: str | None = None  # None: the record states none (a new document is a draft, a stored one keeps its own)
    external_id: str | None = None
    public_id: str | None = None
    source_text: str = ""
    text_role: str = ""
    texts: list | None = None  # TextRecords; None when the record has no "texts" (its texts stay as they are)
    sources: list = field(default_factory=list)  # SourceRecords, added to the document's (none taken away)
    anchors: dict | None = None  # as an export gives them: kept for a new document (``parse_anchors``)


@dataclass
class TextRecord:
    """Another text of the document: an original, a translation or a version."""

    language: str
    role: str
    body: str
    title: str = ""  # in the text's own language
    translator: str = ""
    source_publisher: str = ""
    source_url: str = ""
    source_retrieved: datetime.date | None = None
    alignment: list | None = None  # [(main paragraph number, this text's), ...] counted from 1; None: proposed
    anchors: dict | None = None  # as an export gives them: kept for a new text (``parse_anchors``)


@dataclass
class SourceRecord:
    """A file the transcript was taken from: a path from the import file's folder, or a web address."""

    file: str = ""
    url: str = ""
    label: str = ""
    retrieved_from: str = ""
    retrieved_on: datetime.date | None = None
    sha256: str = ""  # what the file must hash to, if the record says
    ties: list = field(default_factory=list)  # TieRecords, the record's editor's: confirmed as given

    @property
    def given_as(self):
        return self.file or self.url


@dataclass
class TieRecord:
    """Where a paragraph (numbered from 1) is in a source: a page (and the region of it, as fractions)
    or a recording's time range (seconds)."""

    paragraph: int
    page: int | None = None
    region: list | None = None
    start: float | None = None
    end: float | None = None


def parse_record(data):
    """Return the ``DocumentRecord`` for a dict of import keys, or raise ``RecordError``."""
    if not isinstance(data, dict):
        raise RecordError("a record must be an object of keys and values")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise RecordError(f"unknown key(s): {', '.join(unknown)}")
    title = title_value(data, "title", required=True)
    body = text_value(data, "body", required=True, limit=None)
    date, precision = parse_date(data.get("date"))
    return DocumentRecord(
        title=title,
        body=body,
        subtitle=title_value(data, "subtitle"),
        kind=parse_kind(data.get("kind")),
        date=date,
        date_precision=precision,
        speakers=parse_speakers(data.get("speakers")),
        venue=parse_venue(data.get("venue")),
        event=text_value(data, "event"),
        regions=name_list(data, "regions"),
        countries=name_list(data, "countries"),
        language=parse_language(data.get("language"), body),
        translation_note=text_value(data, "translation_note"),
        source_publisher=text_value(data, "source_publisher"),
        source_url=parse_url(data.get("source_url")),
        source_retrieved=parse_day(data.get("source_retrieved"), "source_retrieved"),
        status=parse_status(data.get("status")),
        external_id=text_value(data, "external_id", limit=200) or None,
        public_id=parse_public_id(data.get("public_id")),
        source_text=text_value(data, "source_text", limit=None),
        text_role=parse_role(data.get("text_role"), "text_role", required=False),
        texts=parse_texts(data.get("texts")) if "texts" in data else None,
        sources=parse_sources(data.get("sources")),
        anchors=parse_anchors(data.get("anchors")),
    )


def parse_anchors(value):
    """Return the anchors an export gives a text's paragraphs ({"paragraphs": [{"anchor", "text"}],
    "last_paragraph_number", "retired_paragraphs": [{"anchor", "text", "into"}]}), or None."""
    if value in (None, ""):
        return None
    if not isinstance(value, dict) or set(value) - ANCHOR_KEYS or "paragraphs" not in value:
        raise RecordError("anchors must be an object of paragraphs, last_paragraph_number and retired_paragraphs, "
                          "as an export writes it")
    paragraphs = anchored_list(value["paragraphs"], "anchors.paragraphs", {"anchor", "text"})
    retired = anchored_list(value.get("retired_paragraphs") or [], "anchors.retired_paragraphs", {"anchor", "text", "into"})
    numbers = [int(ANCHOR.fullmatch(entry["anchor"]).group(1)) for entry in paragraphs + retired]
    last = value.get("last_paragraph_number", max(numbers, default=0))
    if (not isinstance(last, int) or isinstance(last, bool) or not max(numbers, default=0) <= last <= MOST_ANCHOR_NUMBER):
        raise RecordError(f"anchors.last_paragraph_number must be a whole number no smaller than any anchor's, at "
                          f"most {MOST_ANCHOR_NUMBER:,}")
    if len(set(numbers)) < len(numbers):
        raise RecordError("anchors: two paragraphs have the same anchor")
    return {"paragraphs": paragraphs, "last_paragraph_number": int(last), "retired_paragraphs": retired}


def anchored_list(value, key, keys):
    """Return ``value`` as a list of at most ``MOST_ANCHORS`` objects of ``keys`` (``anchor``: p-N; the
    others text), or raise ``RecordError`` naming ``key``."""
    if not isinstance(value, list) or len(value) > MOST_ANCHORS:
        raise RecordError(f"{key} must be a list of at most {MOST_ANCHORS:,} objects")
    entries = []
    for number, entry in enumerate(value, 1):
        if (not isinstance(entry, dict) or set(entry) - keys or not isinstance(entry.get("anchor"), str)
                or not ANCHOR.fullmatch(entry["anchor"]) or not all(isinstance(entry.get(name, ""), str) for name in keys)):
            raise RecordError(f"{key}[{number}] must be an object of {', '.join(sorted(keys))}, its anchor p-1, p-2...")
        entries.append({name: entry.get(name, "") for name in sorted(keys)})
    return entries


def parse_role(value, key, required=True):
    if value in (None, "") and not required:
        return ""
    if isinstance(value, str) and value.strip() in TextRole.values:
        return value.strip()
    raise RecordError(f"{key} {value!r} is unknown: use one of {', '.join(TextRole.values)}")


def parse_texts(value):
    """Return the ``TextRecord``s of a record's ``texts`` list."""
    if not isinstance(value, list) or len(value) > MOST_TEXTS:
        raise RecordError(f"texts must be a list of at most {MOST_TEXTS} objects")
    texts = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise RecordError(f"texts[{number}] must be an object")
        if unknown := sorted(set(item) - TEXT_KEYS):
            raise RecordError(f"texts[{number}]: unknown key(s): {', '.join(unknown)}")
        try:
            body = text_value(item, "body", required=True, limit=None)
            texts.append(TextRecord(
                language=parse_language(text_value(item, "language", required=True), body),
                role=parse_role(item.get("role"), "role"),
                body=body,
                title=title_value(item, "title"),
                translator=text_value(item, "translator", limit=200),
                source_publisher=text_value(item, "source_publisher", limit=200),
                source_url=parse_url(item.get("source_url")),
                source_retrieved=parse_day(item.get("source_retrieved"), "source_retrieved"),
                alignment=parse_alignment(item.get("alignment")),
                anchors=parse_anchors(item.get("anchors")),
            ))
        except RecordError as error:
            raise RecordError(f"texts[{number}]: {error}") from None
    if len({(text.language, text.role) for text in texts}) < len(texts):
        raise RecordError("texts: two texts have the same language and role")
    return texts


def parse_sources(value):
    """Return the ``SourceRecord``s of a record's ``sources`` list: each a ``file`` or a ``url``."""
    return parse_objects(value, "sources", MOST_SOURCES, parse_source)


def parse_objects(value, key, most, parse_item):
    """Return the list ``value`` (at most ``most`` long) of ``key``'s objects, each read by ``parse_item``;
    a problem names the object (``sources[2]: ...``)."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > most:
        raise RecordError(f"{key} must be a list of at most {most:,} objects")
    parsed = []
    for number, item in enumerate(value, 1):
        try:
            parsed.append(parse_item(item))
        except ValueError as error:  # RecordError too
            raise RecordError(f"{key}[{number}]: {error}") from None
    return parsed


def parse_source(item):
    if not isinstance(item, dict):
        raise RecordError("must be an object: {\"file\": ...} or {\"url\": ...}, with a label")
    if unknown := sorted(set(item) - SOURCE_KEYS):
        raise RecordError(f"unknown key(s): {', '.join(unknown)}")
    file, url = text_value(item, "file", limit=500), parse_url(item.get("url"), "url", limit=2000)
    if bool(file) == bool(url):
        raise RecordError("give either a file (its path from the import file's folder) or a url")
    sha256 = text_value(item, "sha256", limit=64).lower()
    if sha256 and (len(sha256) != 64 or not set(sha256) <= SHA256):
        raise RecordError(f"sha256 {sha256[:70]!r} is not a SHA-256 (64 hexadecimal digits)")
    return SourceRecord(file=file, url=url, label=text_value(item, "label", limit=200),
                        retrieved_from=parse_url(item.get("retrieved_from"), "retrieved_from", limit=2000),
                        retrieved_on=parse_day(item.get("retrieved_on"), "retrieved_on"), sha256=sha256,
                        ties=parse_ties(item.get("ties")))


def parse_ties(value):
    """Return the ``TieRecord``s of a source's ``ties`` list, at most one a paragraph."""
    ties = parse_objects(value, "ties", MOST_TIES, parse_tie)
    if len({tie.paragraph for tie in ties}) < len(ties):
        raise RecordError("ties: a paragraph is tied twice to this source")
    return ties


def parse_tie(item):
    if not isinstance(item, dict):
        raise RecordError('must be an object: {"paragraph": 4, "page": 2} or {"paragraph": 5, "start": "12:41"}')
    if unknown := sorted(set(item) - TIE_KEYS):
        raise RecordError(f"unknown key(s): {', '.join(unknown)}")
    paragraph, page = item.get("paragraph"), item.get("page")
    if not is_count(paragraph):
        raise RecordError("paragraph must be the paragraph's number, from 1")
    if (page is None) == (item.get("start") is None):
        raise RecordError("give either a page (a PDF's or a scan's) or a start (a recording's time)")
    if page is not None:
        if not is_count(page) or item.get("end") is not None:
            raise RecordError("page must be a page number, from 1 (and a page has no end)")
        region = item.get("region")
        return TieRecord(paragraph, page=page, region=None if region is None else region_from_percentages(region))
    if item.get("region") is not None:
        raise RecordError("a recording has no region")
    start, end = (None if time is None else parse_clock(time) for time in (item.get("start"), item.get("end")))
    if end is not None and end <= start:
        raise RecordError("end must come after start")
    return TieRecord(paragraph, start=start, end=end)


def is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def parse_alignment(value):
    """Return [(main paragraph number, paragraph number)] counted from 1, or None (proposed from the lengths)."""
    if value is None:
        return None
    pairs = value if isinstance(value, list) else None
    if pairs is None or not all(isinstance(pair, list) and len(pair) == 2 and all(
            isinstance(number, int) and not isinstance(number, bool) and number >= 1 for number in pair)
            for pair in pairs):
        raise RecordError("alignment must be a list of [main paragraph number, paragraph number] pairs, from 1")
    return [tuple(pair) for pair in pairs]


def text_value(data, key, required=False, limit=SHORT_TEXT_LIMIT):
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise RecordError(f"{key} is missing")
        return ""
    # A number is text as written (YAML reads a title "1984" as one, and "3.10" as 3.1: the reader keeps
    # what was written, ``formats.WrittenInt``); not NaN or infinity, which no one writes.
    if (not isinstance(value, (str, int, float)) or isinstance(value, bool)
            or (isinstance(value, float) and not math.isfinite(value))):
        raise RecordError(f"{key} must be text" + (": write it in quotes (YAML reads yes, no, on and off as true "
                                                   "or false)" if isinstance(value, bool) else ""))
    value = getattr(value, "written", str(value))
    # The unlimited fields are texts of many lines; the others are kept stripped, so a line break
    # that ends them (as YAML's block scalars leave one) is white space, not part of the value.
    if problem := control_character_problem(value.strip() if limit else value, multi_line=limit is None):
        raise RecordError(f"{key} {problem}")
    if required and not value.strip():
        raise RecordError(f"{key} is empty")
    if limit and len(value) > limit:
        raise RecordError(f"{key} is longer than {limit} characters")
    return value.strip() if limit else value


def name_value(data, key, required=False, limit=200):
    """Return the name of a person, organisation or place under ``key`` as the archive stores and finds
    it (``written_name``), so one written another way no reader sees is not a second entry."""
    return not_a_list(key, visible_value(data, key, written_name, required, limit))


def not_a_list(key, value):
    """Return ``value``, refused if it holds the separator of the CSV files' lists (a name, a role)."""
    if LIST_SEPARATOR in value:
        raise RecordError(f"{key} {LIST_SEPARATOR_PROBLEM}")
    return value


def title_value(data, key, required=False):
    """Return the title under ``key`` as the archive stores it: without the invisible characters a pasted
    title may carry (``without_invisible``)."""
    return visible_value(data, key, without_invisible, required, SHORT_TEXT_LIMIT)


def visible_value(data, key, as_stored, required, limit):
    """Return the text under ``key`` as ``as_stored`` stores it; one of invisible characters alone is
    refused as empty when the value is ``required``."""
    value = as_stored(text_value(data, key, required=required, limit=limit))
    if required and not value:
        raise RecordError(f"{key} is empty: it holds invisible characters only")
    return value


# A date with its time, as front matter often writes one (2022-01-25T10:00:00+08:00, 2022-01-25 10:00).
TIMESTAMP = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")


def parse_date(value):
    """Return ``(date, precision)`` for "2022-01-25", "2022-01" or "2022" (or a date object)."""
    if value in (None, ""):
        return None, Document.DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, Document.DatePrecision.DAY
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and (timestamp := TIMESTAMP.fullmatch(value.strip())):
        value = timestamp.group("day")  # the day it was written on; a time of day is not kept
    if isinstance(value, str):
        try:
            partial = PartialDate.parse(value)
        except ValueError:
            pass
        else:
            return partial.start, partial.precision
    raise RecordError(f"date {value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def parse_day(value, key):
    if value in (None, ""):
        return None
    date, precision = parse_date(value)
    if precision != Document.DatePrecision.DAY:
        raise RecordError(f"{key} must be a full date, YYYY-MM-DD")
    return date


def parse_kind(value):
    if value in (None, ""):
        return Document.Kind.SPEECH
    if isinstance(value, str):
        wanted = value.strip().lower().replace(" ", "-").replace("_", "-")
        for kind in Document.Kind:
            if wanted in {kind.value, kind.label.lower().replace(" ", "-")}:
                return kind.value
    raise RecordError(f"kind {value!r} is unknown: use one of {', '.join(Document.Kind.values)}")


def parse_status(value):
    """Return the status a record states, or None when it states none."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().lower() in Document.Status.values:
        return value.strip().lower()
    raise RecordError(f"status {value!r} is unknown: use draft or published")


def parse_language(value, body):
    """Return the canonical tag of a language in any case or form ("zh-cn", "zh-Hans", "EN-gb"); Chinese
    without a script takes the script of ``body``, the text it is the language of."""
    if value in (None, ""):
        return "en"
    try:
        return canonical_tag(value, text=body)
    except UnknownLanguage as error:
        raise RecordError(f"language: {error}") from None


def parse_url(value, key="source_url", limit=1000):
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise RecordError(f"{key} must be a URL of at most {limit} characters")
    if problem := control_character_problem(value.strip()):
        raise RecordError(f"{key} {problem}")
    try:
        URLValidator(schemes=["http", "https"])(value.strip())
    except ValidationError:
        raise RecordError(f"{key} {value[:100]!r} is not an http(s) URL") from None
    return value.strip()


def parse_public_id(value):
    if value in (None, ""):
        return None
    if isinstance(value, str) and 4 <= len(value) <= 12 and set(value) <= set(ALPHABET):
        return value
    raise RecordError(f"public_id {str(value)[:20]!r} is not a public id")


def parse_speakers(value):
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise RecordError("speakers must be a list of names or of {name, role}")
    check_list_length("speakers", value)
    credits = []
    for item in value:
        if isinstance(item, str):  # too long, or empty, it is refused as such
            credits.append(Credit(name_value({"speaker": item}, "speaker", required=True)))
        elif isinstance(item, dict) and set(item) <= CREDIT_KEYS:
            name = name_value(item, "name", required=True)
            credits.append(Credit(name, not_a_list("role", text_value(item, "role")), parse_name_parts(item, name),
                                  wikidata_value(item, name), parse_offices(item.get("offices"), name)))
        else:
            raise RecordError(f"speaker {str(item)[:60]!r} must be a name or {{name, role}}")
    if len({credit.name for credit in credits}) != len(credits):
        raise RecordError("a speaker is listed twice")
    return credits


def parse_offices(value, name):
    """Return the ``OfficeRecord``s of a speaker's ``offices`` list."""
    if value in (None, ""):
        return []
    if not isinstance(value, list) or len(value) > MOST_OFFICES:
        raise RecordError(f"offices of {name!r} must be a list of at most {MOST_OFFICES} objects")
    offices = []
    for number, item in enumerate(value, 1):
        try:
            offices.append(parse_office(item))
        except RecordError as error:
            raise RecordError(f"offices[{number}] of {name!r}: {error}") from None
    return offices


def parse_office(item):
    if not isinstance(item, dict):
        raise RecordError("an office must be an object {title, organisation, country, from, to}")
    if unknown := sorted(set(item) - OFFICE_KEYS):
        raise RecordError(f"unknown key(s): {', '.join(unknown)}")
    title = not_a_list("title", text_value(item, "title", required=True))
    office = OfficeRecord(title, name_value(item, "organisation"),
                          text_value(item, "country", limit=200), partial_date(item, "from"), partial_date(item, "to"))
    if office.period.ends_before_it_begins:
        raise RecordError("it ends before it begins")
    return office


def partial_date(item, key):
    """Return the ``PartialDate`` an entry's ``key`` gives (YYYY-MM-DD, YYYY-MM or YYYY), or None."""
    value = item.get(key)
    if value in (None, ""):
        return None
    try:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return PartialDate.parse(str(value))
    except ValueError:
        pass
    raise RecordError(f"{key} {str(value)[:40]!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def parse_name_parts(item, name):
    """Return the ``NameParts`` a speaker entry gives (name_form, family_name, given_name), or None."""
    form = text_value(item, "name_form")
    family, given = text_value(item, "family_name", limit=200), text_value(item, "given_name", limit=200)
    if not (form or family or given):
        return None
    if form and form not in Person.NameForm.values:
        raise RecordError(f"name_form {form[:40]!r} of {name!r} is unknown: use one of "
                          f"{', '.join(Person.NameForm.values)}")
    if form == Person.NameForm.ORGANISATION:
        return NameParts(form)
    if not family:
        raise RecordError(f"speaker {name!r} has name parts but no family_name")
    if not form:
        form = Person.NameForm.FAMILY_GIVEN if name.startswith(family) else Person.NameForm.GIVEN_FAMILY
    return NameParts(form, family, given)


def check_list_length(key, items):
    if len(items) > MAX_LIST_ITEMS[key]:
        raise RecordError(f"{key} lists {len(items):,} names; a record may list at most {MAX_LIST_ITEMS[key]}")


def parse_venue(value):
    if value in (None, ""):
        return None
    if isinstance(value, str):
        return PlaceRecord(name_value({"venue": value}, "venue"))
    if isinstance(value, dict) and set(value) <= {"name", "city", "country", "wikidata"}:
        name = name_value(value, "name", required=True)
        # a venue is one cell of the CSV files, not a list: its city and country may hold ";"
        return PlaceRecord(name, visible_value(value, "city", written_name, False, 120),
                           visible_value(value, "country", written_name, False, 120),
                           wikidata_value(value, name))
    raise RecordError("venue must be a name or {name, city, country, wikidata}")


def name_list(data, key):
    """Return the ``NamedRecord``s of a list of names, or of {name, wikidata}."""
    value = data.get(key)
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise RecordError(f"{key} must be a list of names or of {{name, wikidata}}")
    check_list_length(key, value)
    return [named_record(key, item) for item in value]


def named_record(key, item):
    if isinstance(item, str):
        return NamedRecord(name_value({key: item}, key, required=True))
    if isinstance(item, dict) and set(item) <= {"name", "wikidata"}:
        name = name_value(item, "name", required=True)
        return NamedRecord(name, wikidata_value(item, name))
    raise RecordError(f"{key}: {str(item)[:60]!r} must be a name (at most 200 characters) or {{name, wikidata}}")


def wikidata_value(item, name):
    """Return the Wikidata item an entry gives (its Q number), or "" if it gives none."""
    value = item.get("wikidata")
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise RecordError(f"wikidata of {name!r} must be a Q number such as \"Q15031\"")
    try:
        return parse_item(value)
    except NotAnItem as error:
        raise RecordError(f"wikidata of {name!r}: {error}") from error
