"""A document written as files: the import formats read back (a JSONL record, one document a line, or a
folder of Markdown files with front matter), and the page's plain-text and Markdown downloads."""
import json
from pathlib import Path

import yaml
from django.conf import settings

from speeches.models import region_percentages


def export_record(document, anchored=False):
    """Return a document as a dict of import keys; importing it gives the same document back (``anchored``:
    with its texts' anchors, retired paragraphs' words included: for an export, never a public file)."""
    venue = document.venue
    numbers = {paragraph["anchor"]: number for number, paragraph in enumerate(document.paragraphs, 1)}
    return {
        "public_id": document.public_id,
        "external_id": document.external_id,
        "title": document.title,
        "subtitle": document.subtitle,
        "kind": document.kind,
        "date": document.partial_date.iso if document.date else None,
        "speakers": [credit_record(speaker) for speaker in document.speakers.all()],
        "venue": {"name": venue.name, "city": venue.city, "country": venue.country, **wikidata_of(venue)} if venue else None,
        "event": document.event,
        "regions": [named_record(region) for region in document.regions.all()],
        "countries": [named_record(country) for country in document.countries.all()],
        "language": document.language,
        "translation_note": document.translation_note,
        "source_publisher": document.source_publisher,
        "source_url": document.source_url,
        "source_retrieved": document.source_retrieved.isoformat() if document.source_retrieved else None,
        "status": document.status,
        "body": document.body,
        **({"anchors": anchors_record(document)} if anchored else {}),
        "source_text": document.source_text,
        **({"text_role": document.text_role} if document.text_role else {}),
        **({"texts": texts} if (texts := [text_record(text, anchored) for text in document.texts.all()]) else {}),
        **({"sources": sources} if (sources := [{**source_record(source), **ties_record(source, numbers)}
                                                 for source in document.sources.all()]) else {}),
    }


def source_record(source):
    """Return a source file as the import formats carry it: its permanent address in this archive, from
    which an import fetches it (and checks it has the same SHA-256)."""
    return {
        "url": settings.ARCHIVE_BASE_URL + source.get_absolute_url(), "label": source.label, "sha256": source.sha256,
        "retrieved_from": source.retrieved_from, "retrieved_on": source.retrieved_on.isoformat() if source.retrieved_on else None,
    }


def ties_record(source, numbers):
    """Return a source's confirmed ties as the import formats carry them ({} if none), each paragraph
    by its number (``numbers``: anchor → number from 1)."""
    ties = [tie_record(tie, numbers[tie.anchor]) for tie in source.ties.all()  # prefetched by the dumps
            if tie.confirmed and tie.anchor in numbers]
    return {"ties": sorted(ties, key=lambda tie: tie["paragraph"])} if ties else {}


def tie_record(tie, number):
    place = {"page": tie.page, "region": tie.region and region_percentages(tie.region), "start": tie.start,
             "end": tie.end}
    return {"paragraph": number, **{key: value for key, value in place.items() if value is not None}}


def text_record(text, anchored=False):
    """Return another text of a document as the import formats carry it, its alignment numbered from 1
    (``anchored``: with its anchors, as ``export_record``)."""
    main_numbers = {paragraph["anchor"]: number for number, paragraph in enumerate(text.document.paragraphs, 1)}
    numbers = {paragraph["anchor"]: number for number, paragraph in enumerate(text.paragraphs, 1)}
    return {
        "language": text.language, "role": text.role, "title": text.title, "body": text.body, "translator": text.translator,
        "source_publisher": text.source_publisher, "source_url": text.source_url,
        "source_retrieved": text.source_retrieved.isoformat() if text.source_retrieved else None,
        "alignment": [[main_numbers[main], numbers[anchor]] for main, anchor in text.alignment
                      if main in main_numbers and anchor in numbers],
        **({"anchors": anchors_record(text)} if anchored else {}),
    }


def anchors_record(text):
    """Return the anchors of a text's paragraphs, and those it retired, as the import formats carry them:
    imported into another archive, each paragraph keeps its address (``#p-9``), and each retired one its
    notice or where it was merged. A retired paragraph's words may be a draft's, or a correction's: an
    export is the editors' file, never published."""
    return {"paragraphs": text.paragraphs, "last_paragraph_number": text.last_paragraph_number,
            "retired_paragraphs": text.retired_paragraphs}


def credit_record(speaker):
    """Return a speaker as the import formats carry it, with the name as citations write it and the offices
    the person held."""
    person = speaker.person
    parts = {"name_form": person.name_form, "family_name": person.family_name, "given_name": person.given_name}
    offices = [office_record(office) for office in person.offices.all()]
    return {"name": person.name, "role": speaker.role, **{key: value for key, value in parts.items() if value},
            **wikidata_of(person), **({"offices": offices} if offices else {})}


def office_record(office):
    period = office.period
    entries = {"title": office.title, "organisation": office.organisation.name if office.organisation else "",
               "country": office.country.name if office.country else "",
               "from": period.start.iso if period.start else "", "to": period.end.iso if period.end else ""}
    return {key: value for key, value in entries.items() if value}


def named_record(row):
    """Return a region or a country as the import formats carry it: its name, or {name, wikidata}."""
    return {"name": row.name, **wikidata_of(row)} if row.wikidata else row.name


def wikidata_of(row):
    return {"wikidata": row.wikidata} if row.wikidata else {}


def write_jsonl(documents, stream):
    """Write one JSON object a line; return how many documents were written."""
    count = 0
    for document in documents:
        stream.write(json.dumps(export_record(document, anchored=True), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_markdown_folder(documents, folder):
    """Write ``<public_id>.md`` files with YAML front matter; return how many were written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for document in documents:
        (folder / f"{document.public_id}.md").write_text(markdown_file_text(document), encoding="utf-8")
        count += 1
    return count


def markdown_file_text(document, text=None):
    """Return a document as Markdown with its metadata as YAML front matter (the .md import format); or
    one of its other ``text``s as a text's own .md file, naming its document by ``external_id`` (by
    ``public_id`` when it has none)."""
    named_by = {"external_id": document.external_id} if document.external_id else {"public_id": document.public_id}
    record = export_record(document) if text is None else {**named_by, **text_record(text)}
    body = record.pop("body")
    front_matter = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    return f"---\n{front_matter}---\n{body}"


def plain_text(document, citation, text=None):
    """Return a document (or one of its other ``text``s) as plain text: a header of who, what, when and
    where, then its paragraphs."""
    speakers = [f"{s.person.name}, {s.role}" if s.role else s.person.name for s in document.speakers.all()]
    occasion = " · ".join(str(part) for part in (document.partial_date, document.event, document.venue) if part)
    read = text or document
    source = " ".join(part for part in (read.source_publisher, read.source_url) if part)
    if text is None:
        titles, note = [document.title, document.subtitle], document.translation_note
    else:
        titles = [text.title or document.title]
        note = f"{text}, translated by {text.translator}" if text.translator else str(text)
    header = [*titles, *speakers, occasion, f"Source: {source}" if source else "", note, f"Cite as: {citation}"]
    paragraphs = [paragraph["text"] for paragraph in read.paragraphs]
    return "\n".join(line for line in header if line) + "\n\n" + "\n\n".join(paragraphs) + "\n"
