"""A document's other texts (original, translations, versions), aligned with its main text."""
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
