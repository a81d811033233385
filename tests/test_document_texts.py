"""A document's other texts (original, translations, versions), aligned with its main text."""
import json

import pytest

from speeches.models import Document, DocumentText, TextRole

from .factories import make_document

ENGLISH = "Amity, sincerity, mutual benefit and inclusiveness.\n\nWe will build a shared future."
CHINESE = "亲诚惠容。\n\n我们将共建共享的未来。"


@pytest.fixture
def bilingual(db):
    document = make_document("A bilingual speech", ENGLISH, language="en", text_role=TextRole.OFFICIAL_TRANSLATION)
    original = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                           body=CHINESE, translator="", source_publisher="Ministry")
    return document, original


def test_a_text_is_rendered_with_its_own_anchors_and_aligned_in_order(bilingual):
    document, original = bilingual
    assert [paragraph["text"] for paragraph in original.paragraphs] == ["亲诚惠容。", "我们将共建共享的未来。"]
    assert original.alignment == [["p-1", "p-1"], ["p-2", "p-2"]]
    rows = original.aligned_rows()
    assert [(main["text"][:5], [paragraph["text"] for paragraph in aligned]) for main, aligned in rows] == [
        ("Amity", ["亲诚惠容。"]), ("We wi", ["我们将共建共享的未来。"])]


def test_texts_of_unequal_length_are_not_paired_by_guess(db):
    document = make_document("Uneven", ENGLISH)
    text = DocumentText.objects.create(document=document, language="fr", role=TextRole.UNOFFICIAL_TRANSLATION,
                                       body="Un seul paragraphe.")
    assert text.alignment == []
    assert text.aligned_rows()[-1] == (None, [{"anchor": "p-1", "text": "Un seul paragraphe."}])


def test_the_page_switches_language_and_shows_two_texts_side_by_side(client, bilingual):
    document, _ = bilingual
    main = client.get(document.get_absolute_url()).content.decode()
    assert "Chinese" in main and "?lang=zh-hans&amp;view=side-by-side" in main and "亲诚惠容" not in main
    chinese = client.get(document.get_absolute_url(), {"lang": "zh-hans"}).content.decode()
    assert '<div class="document__body" id="document-body" lang="zh-hans">' in chinese
    assert '<p id="p-1">亲诚惠容。</p>' in chinese and '<p id="p-1">Amity' not in chinese
    both = client.get(document.get_absolute_url(), {"lang": "zh-hans", "view": "side-by-side"}).content.decode()
    assert both.index("Amity, sincerity") < both.index("亲诚惠容") < both.index("We will build") < both.index("我们将")
    assert 'id="p-2"' in both  # the main text's paragraph links keep working


def test_a_drafts_texts_are_never_shown(client, db):
    draft = make_document("Draft", ENGLISH, status=Document.Status.DRAFT)
    DocumentText.objects.create(document=draft, language="zh-hans", role=TextRole.ORIGINAL, body=CHINESE)
    assert client.get(draft.get_absolute_url(), {"lang": "zh-hans"}).status_code == 404


def test_the_api_gives_every_text_with_its_alignment(client, bilingual):
    document, _ = bilingual
    data = client.get(f"/api/documents/{document.public_id}/").json()
    assert data["text_role"] == "official-translation"
    assert data["texts"] == [{
        "language": "zh-hans", "role": "original", "translator": "", "source_publisher": "Ministry", "source_url": "",
        "source_retrieved": None, "paragraphs": [{"anchor": "p-1", "text": "亲诚惠容。"},
                                                 {"anchor": "p-2", "text": "我们将共建共享的未来。"}],
        "alignment": [["p-1", "p-1"], ["p-2", "p-2"]]}]


def bilingual_record(**text):
    return {"title": "Imported bilingual speech", "body": ENGLISH, "language": "en", "status": "published",
            "external_id": "bilingual-1", "text_role": "official-translation",
            "texts": [{"language": "zh-hans", "role": "original", "body": CHINESE, "translator": "", **text}]}


def test_a_record_brings_its_other_texts_aligned_in_order_or_as_it_says(tmp_path, db):
    from .test_importers import write_jsonl
    from speeches.importers.importing import import_paths

    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [bilingual_record()])])
    assert report.counts["created"] == 1, report.errors
    document = Document.objects.get(external_id="bilingual-1")
    assert document.text_role == "official-translation"
    original = document.texts.get()
    assert (original.language, original.role, original.alignment) == ("zh-hans", "original", [["p-1", "p-1"], ["p-2", "p-2"]])
    import_paths([write_jsonl(tmp_path / "b.jsonl", [bilingual_record(alignment=[[1, 2]])])])
    assert document.texts.get().alignment == [["p-1", "p-2"]]
    import_paths([write_jsonl(tmp_path / "c.jsonl", [{**bilingual_record(), "texts": []}])])
    assert not document.texts.exists()


def test_a_record_without_texts_leaves_a_documents_texts_as_they_are(tmp_path, bilingual):
    from .test_importers import write_jsonl
    from speeches.importers.importing import import_paths

    document, _ = bilingual
    document.external_id = "kept"
    document.save()
    import_paths([write_jsonl(tmp_path / "a.jsonl", [{"title": "Renamed", "body": ENGLISH, "external_id": "kept"}])])
    assert document.texts.count() == 1


@pytest.mark.parametrize("text, message", [
    ({"role": "gloss"}, "role 'gloss' is unknown"),
    ({"language": "xx"}, "language 'xx' is not a known language code"),
    ({"alignment": [[0, 1]]}, "alignment must be a list of"),
    ({"alignment": [[9, 1]]}, "names a paragraph the texts do not have"),
    ({"colour": "red"}, "unknown key(s): colour"),
])
def test_bad_texts_are_reported_and_import_nothing(tmp_path, db, text, message):
    from .test_importers import write_jsonl
    from speeches.importers.importing import import_paths

    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [bilingual_record(**text)])])
    assert any(message in str(error) for error in report.errors), report.errors
    assert not Document.objects.filter(external_id="bilingual-1").exists()


def test_export_then_import_keeps_every_text_and_its_alignment(tmp_path, bilingual):
    from speeches.importers.exporting import export_record
    from .test_importers import write_jsonl
    from speeches.importers.importing import import_paths

    document, original = bilingual
    original.alignment = [["p-2", "p-1"]]
    original.save()
    before = export_record(Document.objects.get(pk=document.pk))
    assert before["texts"][0]["alignment"] == [[2, 1]] and before["text_role"] == "official-translation"
    Document.objects.all().delete()
    import_paths([write_jsonl(tmp_path / "export.jsonl", [before])])
    assert export_record(Document.objects.get(public_id=document.public_id)) == before


def test_citations_cite_the_text_being_read(client, bilingual):
    from .test_citation_clients import read_with_citation_js

    document, original = bilingual
    DocumentText.objects.create(document=document, language="ru", role=TextRole.UNOFFICIAL_TRANSLATION,
                                body="Дружба.\n\nБудущее.", translator="Anna Petrova", source_publisher="Agency")
    item = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/", {"lang": "ru"}).content)[0]
    assert item["language"] == "ru" and item["translator"] == [{"literal": "Anna Petrova"}]
    assert item["note"] == "Unofficial translation from Simplified Chinese" and item["publisher"] == "Agency"
    assert item["URL"].endswith(f"{document.get_absolute_url()}?lang=ru")
    chinese = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/", {"lang": "zh-hans"}).content)[0]
    assert chinese["language"] == "zh-hans" and "note" not in chinese  # the original translates nothing
    page = client.get(document.get_absolute_url(), {"lang": "ru"}).content.decode()
    assert "cite/ris/?lang=ru" in page and "Anna Petrova" in page
    read = read_with_citation_js("@ris/file", client.get(f"/d/{document.public_id}/cite/ris/", {"lang": "ru"}).content.decode())
    assert read["items"][0]["language"] == "ru"
