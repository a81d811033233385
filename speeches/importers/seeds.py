"""The seed documents: build the committed fixture from the seed texts and their curated metadata
(fixtures/seeds.yaml), and load it into an empty archive."""
import datetime
from pathlib import Path

import yaml
from django.core.management import call_command

from speeches.database import refresh_planner_statistics
from speeches.models import Document, count_words, readable_slug
from speeches.names import sorting_name
from speeches.rendering import render_markdown
from speeches.search import rebuild_index

from .plaintext import clean_pasted_text

FIXTURE_TIMESTAMP = "2026-11-23T00:00:00Z"
SEED_FIXTURE = "seed_documents"


class SeedError(ValueError):
    pass


def split_header(raw, header_lines):
    """Return the text after ``header_lines``, which must be the first non-blank lines of ``raw``."""
    lines = raw.splitlines(keepends=True)
    position = 0
    for expected in header_lines:
        while position < len(lines) and not lines[position].strip():
            position += 1
        found = lines[position].strip() if position < len(lines) else ""
        if found != expected.strip():
            raise SeedError(f"expected header line {expected!r}, found {found!r}")
        position += 1
    return "".join(lines[position:])


class FixtureBuilder:
    """Collects fixture rows, giving each related row (person, venue, ...) one primary key."""

    def __init__(self):
        self.rows = []
        self.keys = {}

    def related(self, model, name, **fields):
        key = (model, name)
        if key not in self.keys:
            self.keys[key] = len([k for k in self.keys if k[0] == model]) + 1
            self.rows.append({"model": f"speeches.{model}", "pk": self.keys[key],
                              "fields": {"name": name, "sort_name": sorting_name(name), "slug": readable_slug(name, 70),
                                         **fields}})
        return self.keys[key]

    def document(self, pk, entry, raw):
        cleaned = clean_pasted_text(split_header(raw, entry.get("header", [])))
        if cleaned.changes:
            raise SeedError(f"cleaning would change words: {cleaned.changes}")
        body = cleaned.markdown
        rendered = render_markdown(body)
        paragraphs = [{"anchor": p.anchor, "text": p.text} for p in rendered.paragraphs]
        venue = entry.get("venue")
        date = entry.get("date")
        self.rows.append({"model": "speeches.document", "pk": pk, "fields": {
            "public_id": entry["public_id"],
            "title": entry["title"],
            "subtitle": entry.get("subtitle", ""),
            "slug": readable_slug(entry["title"]),
            "kind": entry["kind"],
            "date": date.isoformat() if isinstance(date, datetime.date) else None,
            "date_precision": entry.get("date_precision", "day"),
            "venue": self.related("venue", venue["name"], city=venue.get("city", ""),
                                  country=venue.get("country", "")) if venue else None,
            "event": entry.get("event", ""),
            "regions": [self.related("region", name) for name in entry.get("regions", [])],
            "countries": [self.related("country", name) for name in entry.get("countries", [])],
            "language": entry.get("language", "en"),
            "translation_note": entry.get("translation_note", ""),
            "source_publisher": entry.get("source_publisher", ""),
            "source_url": entry.get("source_url", ""),
            "source_retrieved": None,
            "body": body,
            "body_html": rendered.html,
            "paragraphs": paragraphs,
            "last_paragraph_number": rendered.last_paragraph_number,
            "word_count": count_words(paragraphs),
            "words_in_every_text": count_words(paragraphs),  # a seed has no other text
            "source_text": raw,
            "external_id": None,
            "status": "published",
            "created": FIXTURE_TIMESTAMP,
            "updated": FIXTURE_TIMESTAMP,
            "published_at": FIXTURE_TIMESTAMP,
            "corrected_at": None,
        }})
        for order, speaker in enumerate(entry.get("speakers", [])):
            self.rows.append({"model": "speeches.speaker", "pk": None, "fields": {
                "document": pk, "person": self.related(
                    "person", speaker["name"], description="", name_form=speaker["name_form"],
                    family_name=speaker.get("family_name", ""), given_name=speaker.get("given_name", "")),
                "role": speaker.get("role", ""), "order": order,
            }})


def build_seed_fixture(metadata_path, seeds_dir):
    """Return the fixture rows for every seed listed in ``metadata_path``."""
    metadata = yaml.safe_load(Path(metadata_path).read_text(encoding="utf-8"))
    builder = FixtureBuilder()
    for name in metadata.get("regions", []):
        builder.related("region", name)
    for pk, entry in enumerate(metadata["documents"], start=1):
        raw = (Path(seeds_dir) / entry["file"]).read_text(encoding="utf-8")
        try:
            builder.document(pk, entry, raw)
        except SeedError as error:
            raise SeedError(f"{entry['file']}: {error}") from error
    speaker_rows = [row for row in builder.rows if row["model"] == "speeches.speaker"]
    for pk, row in enumerate(speaker_rows, start=1):
        row["pk"] = pk
    order = ["region", "country", "venue", "person", "document", "speaker"]
    return sorted(builder.rows, key=lambda row: order.index(row["model"].split(".")[1]))


def load_seed_documents():
    """Load the seed fixture into an empty archive and index it; return how many documents it holds.

    ``loaddata`` saves rows raw, which the index's signals pass over (only setting a document's
    regions reached the index, so a seed without regions was left out), and a new archive's index
    has never been whole; the archive held nothing before, so a rebuild is both cheap and complete."""
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    refresh_planner_statistics()
    rebuild_index(verbosity=0)
    return Document.objects.count()
