"""Citations in every format, checked by parsing them back; metadata that reference managers read."""
import json
import re
from html.parser import HTMLParser

from pathlib import Path

import bibtexparser
import pytest
import rispy
from django.contrib.staticfiles import finders

from .factories import make_document

JOINING_HANDS = "/d/stx5jr9c/joining-hands-for-a-shared-future/"


def test_bibtex_parses_back_with_speaker_title_date_and_permanent_url(client, seed_documents):
    response = client.get("/d/stx5jr9c/cite/bibtex/")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stx5jr9c.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.key == "stx5jr9c" and entry.entry_type == "misc"
    assert entry["author"] == "{Xi Jinping}" and entry["title"] == "{Joining Hands for a Shared Future}"
    assert entry["date"] == "2022-01-25"
    assert entry["url"] == "http://testserver" + JOINING_HANDS
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["urldate"])
    assert "Virtual Summit to Commemorate" in entry["howpublished"]


def test_ris_parses_back(client, seed_documents):
    response = client.get("/d/wm7v8ets/cite/ris/")
    record = rispy.loads(response.content.decode())[0]
    assert record["type_of_reference"] == "GEN"
    assert record["title"].startswith("Developing the “China-Central Asia Spirit”")
    assert record["authors"] == ["Xi Jinping"] and record["year"] == "2025"
    assert record["place_published"] == "Astana, Kazakhstan"
    assert record["urls"] == ["http://testserver/d/wm7v8ets/developing-the-china-central-asia-spirit-for-high-quality-development-of-regiona/"]
    assert "access_date" in record


def test_csl_json_parses_back_and_carries_every_field(client, seed_documents):
    item = json.loads(client.get("/d/stx5jr9c/cite/csl-json/").content)[0]
    assert item["type"] == "speech" and item["author"] == [{"literal": "Xi Jinping"}]
    assert item["issued"] == {"date-parts": [[2022, 1, 25]]}
    assert item["event"].startswith("Virtual Summit") and item["note"] == "Translation"
    assert item["URL"] == "http://testserver" + JOINING_HANDS and "accessed" in item


def test_a_paragraph_citation_points_at_the_paragraph(client, seed_documents):
    item = json.loads(client.get("/d/stx5jr9c/cite/csl-json/", {"p": "p-3"}).content)[0]
    assert item["URL"].endswith(JOINING_HANDS + "#p-3") and item["section"] == "paragraph 3"
    bib = bibtexparser.parse_string(client.get("/d/stx5jr9c/cite/bibtex/", {"p": "p-3"}).content.decode())
    assert bib.entries[0].key == "stx5jr9c-p-3"
    assert client.get("/d/stx5jr9c/cite/ris/", {"p": "p-999"}).status_code == 404
    page = client.get(JOINING_HANDS, {"cite": "p-3"}).text
    assert "Cite paragraph 3" in page and JOINING_HANDS + "#p-3" in page


def test_document_page_shows_chicago_apa_and_mla(client, seed_documents):
    page = client.get(JOINING_HANDS).text
    assert "Xi Jinping. 2022. “Joining Hands for a Shared Future”. Remarks." in page
    assert "Xi Jinping. (2022, January 25). <i>Joining Hands for a Shared Future</i> [Remarks]." in page
    assert "Xi Jinping. “Joining Hands for a Shared Future”. Remarks." in page
    assert "Accessed" in page and "Retrieved" in page


def test_publisher_stands_in_for_missing_speakers_and_the_title_appears_once(client, seed_documents):
    item = json.loads(client.get("/d/np3hjpzv/cite/csl-json/").content)[0]
    assert item["author"] == [{"literal": "CGTN (distributed by GlobeNewswire)"}]
    page = client.get("/d/np3hjpzv/china-draws-blueprint-for-win-win-cooperation-with-its-neighbors/").text
    chicago = re.search(r'id="citation-chicago">(.*?)</p>', page).group(1)
    assert chicago.count("Win-win Cooperation") == 1


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.json_ld = [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
            self._in_json_ld = False


def test_highwire_dublin_core_opengraph_and_json_ld(client, seed_documents):
    parser = MetaTags()
    parser.feed(client.get(JOINING_HANDS).text)
    meta = dict(parser.meta)
    assert meta["citation_title"] == "Joining Hands for a Shared Future"
    assert ("citation_author", "Xi Jinping") in parser.meta
    assert meta["citation_publication_date"] == "2022/01/25"
    assert meta["DC.date"] == "2022-01-25" and meta["DC.type"] == "Remarks"
    assert meta["og:url"] == "http://testserver" + JOINING_HANDS
    assert meta["citation_public_url"] == "http://testserver" + JOINING_HANDS
    data = parser.json_ld[0]
    assert data["@type"] == "CreativeWork" and data["name"] == "Joining Hands for a Shared Future"
    assert data["author"] == [{"@type": "Person", "name": "Xi Jinping"}] and data["dateCreated"] == "2022-01-25"


def test_json_ld_cannot_be_broken_out_of(client, db):
    document = make_document(title="</script><script>alert(1)</script>")
    page = client.get(document.get_absolute_url()).text
    assert "</script><script>alert(1)" not in page
    assert "\\u003C/script\\u003E" in page


def test_citation_html_is_sanitised(client, db):
    document = make_document(title='Title <img src=x onerror="alert(1)">')
    cite_box = client.get(document.get_absolute_url()).text.split('id="cite"')[1]
    assert "<img" not in cite_box and "&lt;img src=x" in cite_box


def test_plain_text_and_markdown_downloads(client, seed_documents):
    text = client.get("/d/stx5jr9c/download/txt/")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    body = text.content.decode()
    assert body.startswith("Joining Hands for a Shared Future\nXi Jinping, President of the People’s Republic of China\n")
    assert "Cite as: Xi Jinping. 2022." in body and "\n\nDear Colleagues,\n\nFriends,\n\n" in body
    markdown = client.get("/d/stx5jr9c/download/md/").content.decode()
    assert markdown.startswith("---\npublic_id: stx5jr9c\n") and "\n---\nDear Colleagues," in markdown


@pytest.mark.parametrize("url", ["/d/{id}/cite/bibtex/", "/d/{id}/cite/ris/", "/d/{id}/cite/csl-json/",
                                 "/d/{id}/download/txt/", "/d/{id}/download/md/"])
def test_drafts_have_no_citations_or_downloads(client, db, url):
    draft = make_document(title="Secret", status="draft")
    assert client.get(url.format(id=draft.public_id)).status_code == 404


def test_unknown_formats_are_404(client, seed_documents):
    assert client.get("/d/stx5jr9c/cite/docx/").status_code == 404
    assert client.get("/d/stx5jr9c/download/pdf/").status_code == 404


def test_print_stylesheet_puts_the_citation_first():
    stylesheet = Path(finders.find("css/archive.css")).read_text()
    print_rules = stylesheet.split("@media print")[1]
    assert ".cite { order: -1;" in print_rules and ".site-header" in print_rules
