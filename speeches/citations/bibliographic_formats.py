"""Citation files for reference managers, written from a document's CSL item: BibTeX, RIS, CSL-JSON.

Each is read back by the clients researchers use in tests/integration/test_citation_clients.py (citation-js, as
strict BibTeX and as BibLaTeX); docs/editors.md says what Zotero makes of each.
"""
import json
import re

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from speeches.dates import PartialDate
from speeches.names import CitedName

from .kinds import item_types

BIBTEX_SPECIAL = str.maketrans({"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&",
                                "#": r"\#", "$": r"\$", "_": r"\_"})
# A run of spaces, tabs and line breaks: RIS values are written on one line with single spaces (no-break
# spaces are kept as the source has them).
WHITE_SPACE = re.compile(r"[ \t\r\n\v\f\x1c-\x1f\x85\u2028\u2029]+")
# Strict BibTeX knows months by these macros; BibLaTeX reads the full date from ``date``.
MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def bibtex(item, kind):
    """Return a BibTeX entry for a CSL item that strict BibTeX and BibLaTeX readers both date.

    ``year`` and ``month`` are what BibTeX reads; ``date``, ``eventtitle``, ``venue`` and ``urldate``
    are BibLaTeX's, which strict readers skip.
    """
    entry_type = item_types(kind).bibtex
    issued = item_date(item, "issued")
    container = {"article": "journal", "techreport": "institution"}.get(entry_type, "publisher")
    text_fields = {
        "author": " and ".join(bibtex_name(name) for name in item.get("author", [])),
        "translator": " and ".join(bibtex_name(name) for name in item.get("translator", [])),
        "title": escape_bibtex(item["title"]),
        "date": issued.iso if issued else "",
        "type": escape_bibtex(item["genre"]),
        container: escape_bibtex(item.get("publisher", "")),
        "journaltitle": escape_bibtex(item.get("publisher", "")) if entry_type == "article" else "",
        "eventtitle": escape_bibtex(item.get("event", "")),
        "venue": escape_bibtex(item.get("event-place", "")),
        "url": item["URL"],
        "urldate": item_date(item, "accessed").iso,
        "note": escape_bibtex(item.get("note", "")),
        "language": item["language"],
    }
    fields = [Field(key, "{" + value + "}") for key, value in text_fields.items() if value]
    if issued:
        after_title = [field.key for field in fields].index("title") + 1
        fields.insert(after_title, Field("year", str(issued.year)))
        if issued.month:
            fields.insert(after_title + 1, Field("month", MONTH_MACROS[issued.month - 1]))
    entry = Entry(entry_type, item["id"], fields)
    # No enclosing middleware: values carry their own braces, so month macros stay bare.
    return bibtexparser.write_string(bibtexparser.Library([entry]), unparse_stack=[])


def bibtex_name(csl_name):
    escaped = CitedName(**{part: escape_bibtex(text) for part, text in csl_name.items()})
    return escaped.bibtex()


def escape_bibtex(text):
    return text.translate(BIBTEX_SPECIAL)


class RisRecordWriter(rispy.RisWriter):
    """RIS without rispy's "1." line before each record, which some readers stumble on."""

    def set_header(self, count):
        return ""


def ris(item, kind):
    """Return a RIS record for a CSL item, typed as docs/editors.md's table says Zotero reads best."""
    issued = item_date(item, "issued")
    ris_type = item_types(kind).ris
    # T2 is the meeting of a presentation and the magazine of an article; for a web page Zotero
    # would take it as the site's name.
    secondary_title = {"SLIDE": item.get("event"), "MGZN": item.get("container-title")}.get(ris_type)
    record = {
        "type_of_reference": ris_type,
        "title": item["title"],
        "authors": [CitedName(**name).inverted() for name in item.get("author", [])],
        # A4 is the translator to Zotero (a contributor for a film, MPCT) and to EndNote.
        "subsidiary_authors": [CitedName(**name).inverted() for name in item.get("translator", [])],
        "year": str(issued.year) if issued else "",
        # RIS dates are YYYY/MM/DD/other; a date known only to the year is PY alone.
        "date": f"{issued.slashed}{'/' * (4 - len(issued.parts))}" if issued and issued.month else "",
        "secondary_title": secondary_title,
        "type_of_work": item["genre"],
        "place_published": item.get("event-place", ""),
        "publisher": item.get("publisher", ""),
        "name_of_database": item["archive"],
        "urls": [item["URL"]],
        "access_date": item_date(item, "accessed").slashed,
        "notes": [item["note"]] if item.get("note") else [],
        "language": item["language"],
        "id": item["id"],
    }
    record = {key: [one_line(item) for item in value] if isinstance(value, list) else one_line(value)
              for key, value in record.items() if value}
    return rispy.dumps([record], implementation=RisRecordWriter)


def one_line(text):
    """Return ``text`` on one line with single spaces. In RIS a line break would end the field and
    "ER  -" the record; and readers such as citation-js split a line at any "  - " (two spaces), so a
    title folded from "Peace\nER  - Now" would end at "Peace ER"."""
    return WHITE_SPACE.sub(" ", text).strip()


def csl_json(item):
    return json.dumps([item], ensure_ascii=False, indent=2)


def item_date(item, variable):
    """Return the ``PartialDate`` of a CSL date variable, or None."""
    if variable not in item:
        return None
    return PartialDate(*item[variable]["date-parts"][0])

