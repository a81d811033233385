"""The vertical file for CWB, NoSketch Engine and KonText.

No CWB tool installs from the registries here (Debian has no ``cwb`` package; PyPI's CWB packages
wrap a CWB they do not ship), so the file is checked structurally, as cwb-encode would read it:
``<text>`` and ``<p>`` structures nested and closed, with the declared attributes, quoted and
XML-escaped (the file wrapped in one element parses as XML), and tokens one per line with exactly
the declared positional attributes.
"""
import io
import re
from pathlib import Path

import pytest
from lxml import etree

from speeches.importers.importing import import_paths
from speeches.models import Document
from speeches.opendata.vertical import POSITIONAL_ATTRIBUTES, STRUCTURAL_ATTRIBUTES, write_corpus
from tests.factories import make_document

TEXTS = Path(__file__).resolve().parents[1] / "fixtures" / "texts-in-several-languages.jsonl"
TAG = re.compile(r"</?(\w+)(?: [^>]*)?>")


@pytest.fixture
def vertical(seed_documents):
    report = import_paths([TEXTS])
    assert report.counts["created"] == 2, report.errors
    make_document('He said "no" <now> & then', "Draft words zanzibarquux.", status="draft")
    # U+FFFE, stored before fields refused it: XML (and so cwb-encode's reading) cannot hold it
    make_document('Quotes "in" <the> title\ufffe & more', "One paragraph.\n\nAnother one.")
    stream = io.StringIO()
    write_corpus(Document.objects.with_index_data().order_by("pk").iterator(chunk_size=2), stream)
    return stream.getvalue()


def parsed(vertical):
    """Return the file as cwb-encode reads it: checked line by line, and as an element tree."""
    open_structures = []
    for line in vertical.splitlines():
        if tag := TAG.fullmatch(line):
            name = tag.group(1)
            assert name in STRUCTURAL_ATTRIBUTES, line
            if line.startswith("</"):
                assert open_structures.pop() == name, line
            else:
                assert open_structures == {"text": [], "p": ["text"]}[name], line
                assert re.findall(r' (\w+)="', line) == list(STRUCTURAL_ATTRIBUTES[name]), line
                open_structures.append(name)
        else:
            assert open_structures == ["text", "p"], line
            assert len(line.split("\t")) == len(POSITIONAL_ATTRIBUTES) and "" not in line.split("\t"), line
    assert open_structures == []
    return etree.fromstring(f"<corpus>{vertical}</corpus>")


def tokens(p):
    return [line.split("\t") for line in p.text.strip("\n").split("\n")] if p.text.strip() else []


def test_every_text_and_paragraph_of_the_published_documents_is_a_structure(vertical):
    corpus = parsed(vertical)
    texts = {text.get("id"): text for text in corpus.iterfind("text")}
    published = Document.objects.published()
    expected = {document.public_id for document in published} | {
        f"{document.public_id}.{text.language}.{text.role}" for document in published for text in document.texts.all()}
    assert set(texts) == expected
    for document in published:
        text = texts[document.public_id]
        assert text.get("url").endswith(f"/d/{document.public_id}/")
        assert [p.get("id") for p in text.iterfind("p")] == [p["anchor"] for p in document.paragraphs]
        assert all(p.get("url").endswith(f"#{p.get('id')}") for p in text.iterfind("p"))


def test_the_header_attributes_carry_the_metadata(vertical):
    corpus = parsed(vertical)
    text = corpus.find("text[@id='stx5jr9c']")
    assert (text.get("title"), text.get("date"), text.get("speaker"), text.get("lang")) == (
        "Joining Hands for a Shared Future", "2022-01-25", "|Xi Jinping|", "en")
    quoted = next(text for text in corpus.iterfind("text") if text.get("title").startswith("Quotes"))
    assert quoted.get("title") == 'Quotes "in" <the> title & more'
    assert '"in"' not in vertical and "<the>" not in vertical


def test_tokens_are_the_archives_with_their_lowercase_form(vertical):
    corpus = parsed(vertical)
    english = corpus.find("text[@id='zhen2222']")
    assert tokens(english.find("p[@id='p-1']"))[:3] == [["Good", "good"], ["neighbourliness", "neighbourliness"],
                                                        ["is", "is"]]
    chinese = corpus.find("text[@id='zhen2222.zh-Hans.original']")
    assert chinese.get("lang") == "zh-Hans" and chinese.get("url").endswith("?lang=zh-Hans")
    # a Chinese text's words, as the archive's statistics count them (rjieba), not a character each
    assert [word for word, _ in tokens(chinese.find("p[@id='p-1']"))] == [
        "睦邻友好", "是", "我们", "在", "本", "地区", "外交", "的", "基础"]
    assert chinese.find("p[@id='p-2']").get("url").endswith("?lang=zh-Hans#p-2")


def test_the_turkish_capital_i_is_lowercased_as_corpus_queries_expect():
    from speeches.opendata.vertical import lowercase

    assert lowercase("İstanbul") == "istanbul" and lowercase("IRAK") == "irak" and lowercase("Élysée") == "élysée"


def test_nothing_of_a_draft_is_written(vertical):
    assert "zanzibarquux" not in vertical and "He said" not in vertical
