"""A whole result set out, streamed: a row per document (CSV, JSON lines) with its matching
paragraphs, or the set's citations for a reference manager (RIS, BibTeX, CSL-JSON).

Documents come in the search's order, at most ``MOST_EXPORTED``; only published ones, as search
finds them. Each format is written a document at a time, so the first byte leaves at once.
"""
import csv
import io
import json

from speeches.characters import LIST_SEPARATOR
from speeches.citations import bibliographic_formats, csl
from speeches.models import Document

MOST_EXPORTED = 10_000
BATCH = 100
# Format -> (file extension, content type).
FORMATS = {
    "csv": ("csv", "text/csv"),
    "jsonl": ("jsonl", "application/x-ndjson"),
    "ris": ("ris", "application/x-research-info-systems"),
    "bibtex": ("bib", "application/x-bibtex"),
    "csl-json": ("json", "application/vnd.citationstyles.csl+json"),
}
CSV_COLUMNS = ["id", "url", "title", "subtitle", "date", "kind", "language", "speakers", "venue", "event",
               "regions", "countries", "source_publisher", "source_url", "matching_paragraphs", "matching_text"]
# A spreadsheet runs a cell beginning with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A name after the separator of a cell's list ("Anna Kowalska; =1+1"): a spreadsheet that splits the cell
# at it makes that name a cell of its own.


def export_lines(format, ids, finder, absolute_url):
    """Yield the export of the documents ``ids`` (in order) as text chunks. ``finder`` gives a
    document's occurrences; ``absolute_url`` makes a path absolute."""
    writer = WRITERS[format](finder, absolute_url)
    yield writer.opening()
    first = True
    for document in published_in_order(ids):
        yield writer.document(document, first)
        first = False
    yield writer.closing()


def published_in_order(ids):
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        by_id = Document.objects.published().with_index_data().in_bulk(batch)
        yield from (by_id[pk] for pk in batch if pk in by_id)


class Writer:
    def __init__(self, finder, absolute_url):
        self.finder, self.absolute_url = finder, absolute_url

    def opening(self):
        return ""

    def closing(self):
        return ""

    def url(self, document):
        return self.absolute_url(document.permanent_path())

    def matching_paragraphs(self, document):
        """Return the first ``Occurrence`` in each paragraph where the query occurs (main text first,
        then the other texts), in reading order."""
        return list({(occurrence.language, occurrence.anchor): occurrence for occurrence in self.finder(document)}.values())

    def citation(self, document):
        return csl.csl_item(document, self.url(document))


class CsvWriter(Writer):
    def opening(self):
        return csv_line(CSV_COLUMNS)

    def document(self, document, first):
        paragraphs = self.matching_paragraphs(document)
        venue = document.venue
        return csv_line([
            document.public_id, self.url(document), document.title, document.subtitle,
            document.partial_date.iso if document.date else "", document.kind, document.language,
            spreadsheet_list(document.speaker_names), str(venue) if venue else "", document.event,
            spreadsheet_list(region.name for region in document.regions.all()),
            spreadsheet_list(country.name for country in document.countries.all()),
            document.source_publisher, document.source_url, " ".join(paragraph_label(found) for found in paragraphs),
            "\n\n".join(f"[{paragraph_label(found)}] {found.text}" for found in paragraphs),
        ])


class JsonLinesWriter(Writer):
    def document(self, document, first):
        venue = document.venue
        record = {
            "id": document.public_id, "url": self.url(document), "title": document.title,
            "subtitle": document.subtitle, "date": document.partial_date.iso if document.date else None,
            "kind": document.kind, "language": document.language,
            "speakers": [{"name": speaker.person.name, "slug": speaker.person.slug, "role": speaker.role}
                         for speaker in document.speakers.all()],
            "venue": {"name": venue.name, "city": venue.city, "country": venue.country} if venue else None,
            "event": document.event, "regions": [region.name for region in document.regions.all()],
            "countries": [country.name for country in document.countries.all()],
            "source_publisher": document.source_publisher, "source_url": document.source_url,
            "paragraphs": [{"anchor": found.anchor, "language": found.language,
                            "url": self.absolute_url(document.paragraph_url(found.anchor, found.language)),
                            "text": found.text} for found in self.matching_paragraphs(document)],
        }
        return json.dumps(record, ensure_ascii=False) + "\n"


def paragraph_label(occurrence):
    """``p-2`` for a paragraph of the main text, ``zh-Hans:p-2`` for one of another text."""
    return f"{occurrence.language}:{occurrence.anchor}" if occurrence.language else occurrence.anchor


class RisWriter(Writer):
    def document(self, document, first):
        return bibliographic_formats.ris(self.citation(document), document.kind)


class BibtexWriter(Writer):
    def document(self, document, first):
        return bibliographic_formats.bibtex(self.citation(document), document.kind) + "\n"


class CslJsonWriter(Writer):
    def opening(self):
        return "["

    def document(self, document, first):
        return ("\n" if first else ",\n") + json.dumps(self.citation(document), ensure_ascii=False)

    def closing(self):
        return "\n]\n"


WRITERS = {"csv": CsvWriter, "jsonl": JsonLinesWriter, "ris": RisWriter, "bibtex": BibtexWriter,
           "csl-json": CslJsonWriter}


def csv_line(values):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spreadsheet_safe(value) for value in values])
    return buffer.getvalue()


def spreadsheet_safe(value):
    """Return a cell a spreadsheet shows as text: one that would start a formula gets a leading '."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def spreadsheet_list(names):
    """Return a cell listing ``names`` ("Anna Kowalska; Li Wei"), each name that would start a formula with
    a leading ', as a spreadsheet may split the cell at its separators (a quote in a text is left as it is)."""
    return f"{LIST_SEPARATOR} ".join(spreadsheet_safe(name) for name in names)
