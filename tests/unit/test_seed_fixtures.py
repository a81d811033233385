"""The seed fixture is faithful to the seed texts: cleaning moved line breaks, never words.

The seed texts themselves live outside the repository (../shared/seeds, needed only to regenerate the
fixture); tests/golden/seeds/SHA256SUMS records their digests as they arrived (``sha256sum`` in that
folder), so the fixture's copy of each text is checked to be the seed itself before its words are.
"""
import hashlib
import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from speeches.importers.seeds import build_seed_fixture
from speeches.search.text import tokenise

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
METADATA = yaml.safe_load((FIXTURES / "seeds.yaml").read_text(encoding="utf-8"))
FIXTURE_ROWS = json.loads((FIXTURES / "seed_documents.json").read_text(encoding="utf-8"))
DOCUMENT_ROWS = {row["fields"]["public_id"]: row for row in FIXTURE_ROWS if row["model"] == "speeches.document"}
ENTRIES = {entry["public_id"]: entry for entry in METADATA["documents"]}
# Connecting words of header lines that say how a field relates ("Remarks by H.E. ...", "At the ...").
HEADER_CONNECTIVES = {"by", "at", "the", "of", "he"}
SEED_DIGESTS = dict(reversed(line.split()) for line in
                    (Path(__file__).resolve().parents[1] / "golden" / "seeds" / "SHA256SUMS").read_text().splitlines())


def words(text):
    """Return the text's words and punctuation, with all white space treated alike."""
    return text.split()


@pytest.mark.parametrize("public_id", sorted(ENTRIES))
def test_header_and_body_keep_every_word_of_the_source_in_order(public_id):
    entry, row = ENTRIES[public_id], DOCUMENT_ROWS[public_id]
    source = row["fields"]["source_text"].encode("utf-8")
    assert hashlib.sha256(source).hexdigest() == SEED_DIGESTS[entry["file"]], "the fixture's source is not the seed"
    body_text = [paragraph["text"] for paragraph in row["fields"]["paragraphs"]]
    assert words(" ".join(entry["header"] + body_text)) == words(row["fields"]["source_text"])


@pytest.mark.parametrize("public_id", sorted(ENTRIES))
def test_header_lines_are_recorded_in_the_metadata(public_id):
    entry, row = ENTRIES[public_id], DOCUMENT_ROWS[public_id]
    fields = row["fields"]
    speakers = [f"{s['name']} {s.get('role', '')}" for s in entry.get("speakers", [])]
    date = entry.get("date")
    metadata_text = " ".join([
        fields["title"], fields["subtitle"], fields["kind"], fields["event"], fields["translation_note"],
        fields["source_publisher"], *speakers, f"{date:%-d %B %Y}" if date else "",
    ])
    metadata_words = {token.norm for token in tokenise(metadata_text.replace("-", " "))}
    for line in entry["header"]:
        missing = {token.norm for token in tokenise(line)} - metadata_words - HEADER_CONNECTIVES
        assert not missing, f"header line {line!r}: {missing} not in the metadata"


@pytest.mark.parametrize("public_id", sorted(ENTRIES))
def test_pdf_line_breaks_are_joined_into_paragraphs(public_id):
    paragraphs = DOCUMENT_ROWS[public_id]["fields"]["paragraphs"]
    source_lines = [line for line in DOCUMENT_ROWS[public_id]["fields"]["source_text"].splitlines() if line.strip()]
    assert len(paragraphs) <= len(source_lines)
    assert all(paragraph["text"] and "\n" not in paragraph["text"] for paragraph in paragraphs)


def test_wrapped_pdf_seed_becomes_its_real_paragraphs():
    paragraphs = [p["text"] for p in DOCUMENT_ROWS["stx5jr9c"]["fields"]["paragraphs"]]
    assert paragraphs[:3] == ["Dear Colleagues,", "Friends,", paragraphs[2]]
    assert paragraphs[2].startswith("The Chinese people often say, “One should be able to establish himself")
    assert paragraphs[2].endswith("equality and mutual benefit.")
    bullets = [p for p in paragraphs if p.startswith("― Over the past 30 years")]
    assert len(bullets) == 5
    assert paragraphs[-1] == "Thank you."


def test_the_build_script_reproduces_the_committed_fixture(tmp_path):
    for public_id, entry in ENTRIES.items():
        (tmp_path / entry["file"]).write_text(DOCUMENT_ROWS[public_id]["fields"]["source_text"], encoding="utf-8")
    assert build_seed_fixture(FIXTURES / "seeds.yaml", tmp_path) == FIXTURE_ROWS

