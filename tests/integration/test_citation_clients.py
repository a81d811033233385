"""Every seed's citation files, read by citation-js (the library behind many reference tools).

citation-js runs in Node from tests/clients (pinned by its package-lock.json, installed by the
Makefile). It reads each file the way those tools do, and this test checks what it understood: the
item type, each author's family and given name, the date, title, publisher or container, and URL.
"""
import atexit
import datetime
import functools
import html
import json
import re
import select
import subprocess
from pathlib import Path

import pytest

from speeches.models import Document

from tests.factories import make_document

CLIENTS = Path(__file__).resolve().parents[1] / "clients"
READER = {"bibtex": "@bibtex/text", "biblatex": "@biblatex/text", "ris": "@ris/file", "csl-json": "@csl/list+object"}
ANSWER_SECONDS = 60
DOWNLOAD = {"bibtex": "bibtex", "biblatex": "bibtex", "ris": "ris", "csl-json": "csl-json"}

XI = {"family": "Xi", "given": "Jinping"}
SEEDS = {
    "wqvet5df": {  # podcast transcript, no speaker: cited under its publisher
        "title": "[Stories of Xi Jinping: podcast episode]",
        "types": {"csl-json": "broadcast", "bibtex": "document", "biblatex": "document", "ris": "webpage"},
        "authors": [{"literal": "CGTN"}], "date": [2025, 12, 25], "publisher": "CGTN",
    },
    "wm7v8ets": {  # speech, known to the year
        "title": "Developing the “China-Central Asia Spirit” for High-Quality Development of Regional Cooperation",
        "types": {"csl-json": "speech", "bibtex": "document", "biblatex": "document", "ris": "motion_picture"},
        "authors": [XI], "date": [2025], "event": "2nd China–Central Asia Summit",
    },
    "stx5jr9c": {  # remarks, known to the day
        "title": "Joining Hands for a Shared Future",
        "types": {"csl-json": "speech", "bibtex": "document", "biblatex": "document", "ris": "motion_picture"},
        "authors": [XI], "date": [2022, 1, 25],
        "event": "Virtual Summit to Commemorate the 30th Anniversary of Diplomatic Relations Between China "
                 "and Central Asian Countries",
    },
    "np3hjpzv": {  # press release issued by an organisation
        "title": "China draws blueprint for win-win cooperation with its neighbors",
        "types": {"csl-json": "report", "bibtex": "report", "biblatex": "report", "ris": "report"},
        "authors": [{"literal": "CGTN"}], "date": [2025, 4, 10], "publisher": "GlobeNewswire",
    },
    "9eqrv25t": {  # commentary, undated
        "title": "[Commentary by He Yin on friendship and cooperation]",
        "types": {"csl-json": "article-magazine", "bibtex": "article-journal", "biblatex": "article-journal",
                  "ris": "article-magazine"},
        "authors": [{"family": "He", "given": "Yin"}], "date": None,
    },
}
# Strict BibTeX has no day: what it can hold of a date is the year and the month.
BIBTEX_DATE_PARTS = 2


class CitationJs:
    """citation-js in one Node process for every file a test process reads: starting Node and loading
    citation-js took two seconds a file, reading it a few hundredths."""

    def __init__(self):
        self.process = subprocess.Popen(["node", str(CLIENTS / "read_citation.js")], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8")
        atexit.register(self.close)

    def read(self, reader, text):
        self.process.stdin.write(json.dumps({"format": reader, "text": text}) + "\n")
        self.process.stdin.flush()
        answered, _, _ = select.select([self.process.stdout], [], [], ANSWER_SECONDS)
        assert answered, f"citation-js gave no answer in {ANSWER_SECONDS} s"
        line = self.process.stdout.readline()
        assert line, f"citation-js ended (exit status {self.process.wait()})"
        answer = json.loads(line)
        assert "error" not in answer, answer["error"]
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=ANSWER_SECONDS)


@functools.cache
def citation_js():
    return CitationJs()


def read_with_citation_js(reader, text):
    """Return what citation-js reads in ``text`` with ``reader``: its CSL-JSON items and their APA text."""
    return citation_js().read(reader, text)


def expected_name(name, file_format):
    """An organisation stays one name: CSL-JSON says so with "literal", the other formats as a family
    name without a given name (a braced BibTeX name, a RIS name without a comma)."""
    if "literal" in name and file_format != "csl-json":
        return {"family": name["literal"]}
    return name


@pytest.mark.parametrize("file_format", sorted(READER))
@pytest.mark.parametrize("public_id", sorted(SEEDS))
def test_citation_js_reads_each_seed_as_it_is(client, seed_documents, public_id, file_format):
    expected = SEEDS[public_id]
    text = client.get(f"/d/{public_id}/cite/{DOWNLOAD[file_format]}/").content.decode()
    read = read_with_citation_js(READER[file_format], text)
    [item] = read["items"]
    assert item["type"] == expected["types"][file_format]
    assert [{key: value for key, value in name.items() if value} for name in item["author"]] == [
        expected_name(name, file_format) for name in expected["authors"]]
    date = expected["date"]
    if date is None:
        assert "issued" not in item
    else:
        parts = date[:BIBTEX_DATE_PARTS] if file_format == "bibtex" else date
        assert item["issued"] == {"date-parts": [parts]}
    assert item["title"] == expected["title"]
    assert item["URL"] == f"http://testserver/d/{public_id}/"  # the permanent address, short in any script
    if "publisher" in expected:
        assert item["publisher"] == expected["publisher"]
    if expected["types"]["csl-json"] == "article-magazine" and file_format in {"ris", "csl-json"}:
        assert item.get("container-title") is None  # no publisher known: no invented periodical
    if "event" in expected and file_format in {"biblatex", "csl-json"}:
        assert item["event-title"] == expected["event"]


@pytest.mark.parametrize("public_id, apa", [
    ("stx5jr9c", "Xi, J. (2022, January 25). Joining Hands for a Shared Future [Remarks]."),
    ("wm7v8ets", "Xi, J. (2025). Developing the “China-Central Asia Spirit”"),
    ("9eqrv25t", "He, Y. (n.d.). [Commentary by He Yin on friendship and cooperation] [Commentary]."),
    ("np3hjpzv", "CGTN. (2025). China draws blueprint for win-win cooperation with its neighbors "
                 "[Press release]. GlobeNewswire."),
])
def test_citation_js_renders_apa_with_family_names_first(client, seed_documents, public_id, apa):
    text = client.get(f"/d/{public_id}/cite/csl-json/").content.decode()
    assert read_with_citation_js(READER["csl-json"], text)["apa"].startswith(apa)


def test_a_document_without_speaker_or_publisher_is_cited_by_its_title_once_as_citation_js_cites_it(client, db):
    document = make_document("Joint Statement on the Harbour", kind=Document.Kind.STATEMENT,
                             date=datetime.date(2024, 3, 2))
    page = client.get(document.get_absolute_url()).text
    citations = {key: html.unescape(re.sub(r"<[^>]+>", "", re.search(rf'id="citation-{key}">(.*?)</p>', page,
                                                                      re.S).group(1)))
                 for key in ("chicago", "apa", "mla")}
    assert all(text.count("Joint Statement on the Harbour") == 1 for text in citations.values()), citations
    csl_json = client.get(f"/d/{document.public_id}/cite/csl-json/").content.decode()
    reference_apa = read_with_citation_js(READER["csl-json"], csl_json)["apa"]
    # citeproc-js, the reference processor, renders the item alike; the archive adds the access date APA asks for.
    assert citations["apa"].split(" Retrieved ")[0] == reference_apa.split(" http")[0]


@pytest.mark.parametrize("speaker", [[{"family": "Lavrov", "given": "Sergey"}], []])
def test_a_translator_is_cited_with_the_label_citation_js_gives(speaker):
    from speeches.citations.csl import formatted_citations

    item = {"id": "x", "type": "speech", "title": "Joint Statement", "genre": "Statement",
            "archive": "Diplomatic Speech Archive", "URL": "https://example.org/d/1",
            "issued": {"date-parts": [[2024, 3, 2]]}, "accessed": {"date-parts": [[2026, 12, 7]]},
            "translator": [{"literal": "Jane Roe"}], **({"author": speaker} if speaker else {})}
    citations = {citation.key: citation.text for citation in formatted_citations(item, [])}
    reference_apa = read_with_citation_js(READER["csl-json"], json.dumps([item]))["apa"]
    assert citations["apa"].split(" Retrieved ")[0] == reference_apa.split(" http")[0]
    assert "(Jane Roe, Trans.)" in reference_apa
    # citeproc-js with the same Chicago and MLA styles (checked by hand: citation-js ships APA only)
    if speaker:
        assert "Statement. Translated by Jane Roe. March 2." in citations["chicago"]
        assert "Statement. Translated by Jane Roe, Diplomatic Speech Archive" in citations["mla"]
    else:
        assert citations["chicago"].startswith("Jane Roe, trans. 2024. “Joint Statement.”")
        assert citations["mla"].startswith("Jane Roe, translator. “Joint Statement.”")


def test_a_translation_s_translator_is_in_every_citation_file(client, db):
    from speeches.models import DocumentText, TextRole

    from tests.factories import make_person

    document = make_document("Discours", "Le multilatéralisme.", language="fr", speakers=[make_person("Emmanuel Macron")])
    DocumentText.objects.create(document=document, language="en", role=TextRole.UNOFFICIAL_TRANSLATION,
                                title="Speech", body="Multilateralism.", translator="Jane Doe")
    cited = {file_format: client.get(f"/d/{document.public_id}/cite/{DOWNLOAD[file_format]}/", {"lang": "en"}).text
             for file_format in READER}
    for file_format in ("biblatex", "csl-json"):  # strict BibTeX has no translator field; it skips it
        read = read_with_citation_js(READER[file_format], cited[file_format])
        assert read["items"][0]["translator"] in ([{"family": "Jane Doe"}], [{"literal": "Jane Doe"}]), file_format
        assert "(Jane Doe, Trans.)" in read["apa"]
    assert "translator = {{Jane Doe}}" in cited["bibtex"]  # braced whole: the archive knows no family name
    # Zotero's RIS translator (zotero/translators RIS.js) reads A4 as the translator; citation-js skips it.
    assert "\nA4  - Jane Doe\n" in cited["ris"].replace("\r\n", "\n")
