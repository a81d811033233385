"""A document's other texts (original, translations, versions), aligned with its main text."""
import json
import re

import pytest

from speeches.models import Document, DocumentText, TextRole

from speeches.alignment import LOW_CONFIDENCE
from tests.factories import make_document
from tests.unit.test_alignment import CHINESE as FOUR_CHINESE
from tests.unit.test_alignment import ENGLISH as SIX_ENGLISH

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


def test_texts_of_unequal_length_get_an_alignment_proposed_by_length(db):
    document = make_document("Six and four", "\n\n".join(SIX_ENGLISH))
    text = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                       body="\n\n".join(FOUR_CHINESE))
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-2"], ["p-3", "p-2"], ["p-4", "p-3"], ["p-5", "p-4"],
                              ["p-6", "p-4"]]
    assert not text.alignment_confirmed
    assert [(bead["main"], bead["text"]) for bead in text.alignment_proposal] == [
        (["p-1"], ["p-1"]), (["p-2", "p-3"], ["p-2"]), (["p-4"], ["p-3"]), (["p-5", "p-6"], ["p-4"])]
    assert all(bead["confidence"] > LOW_CONFIDENCE for bead in text.alignment_proposal)
    rows = text.aligned_rows()  # what the side-by-side page reads: the proposal, until an editor corrects it
    assert [[paragraph["anchor"] for paragraph in aligned] for _, aligned in rows] == [
        ["p-1"], ["p-2"], ["p-2"], ["p-3"], ["p-4"], ["p-4"]]


def test_a_proposed_alignment_is_proposed_anew_when_either_text_changes(db):
    document = make_document("Six and four", "\n\n".join(SIX_ENGLISH))
    text = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                       body="\n\n".join(FOUR_CHINESE))
    journeys = FOUR_CHINESE[1].index("开启了")  # the Chinese paragraph the English made two of, split as they are
    text.body = "\n\n".join([FOUR_CHINESE[0], FOUR_CHINESE[1][:journeys], FOUR_CHINESE[1][journeys:], *FOUR_CHINESE[2:]])
    text.save()
    chinese = [paragraph["anchor"] for paragraph in text.paragraphs]
    assert text.alignment == [["p-1", chinese[0]], ["p-2", chinese[1]], ["p-3", chinese[2]], ["p-4", chinese[3]],
                              ["p-5", chinese[4]], ["p-6", chinese[4]]]
    document.body = "\n\n".join([*SIX_ENGLISH[:4], SIX_ENGLISH[4] + " " + SIX_ENGLISH[5]])
    document.save()
    text.refresh_from_db()
    english = [paragraph["anchor"] for paragraph in document.paragraphs]
    assert text.alignment == [[main, other] for main, other in zip(english, chinese)]
    assert not text.alignment_confirmed


def test_an_alignment_set_by_hand_is_kept_through_later_edits(db):
    document = make_document("Three to two", "First.\n\nSecond.\n\nThird.")
    text = DocumentText.objects.create(document=document, language="fr", role=TextRole.UNOFFICIAL_TRANSLATION,
                                       body="Premier.\n\nDeuxième et troisième.")
    text.alignment = [["p-1", "p-1"], ["p-3", "p-2"]]
    text.save()
    document.body = "First, longer now.\n\nSecond.\n\nThird."
    document.save()
    text.refresh_from_db()
    assert text.alignment == [["p-1", "p-1"], ["p-3", "p-2"]] and text.alignment_confirmed
    assert text.alignment_proposal == []


def test_the_page_switches_language_and_shows_two_texts_side_by_side(client, bilingual):
    document, _ = bilingual
    main = client.get(document.get_absolute_url()).content.decode()
    assert "Chinese" in main and "?lang=zh-Hans&amp;view=side-by-side" in main and "亲诚惠容" not in main
    chinese = client.get(document.get_absolute_url(), {"lang": "zh-hans"}).content.decode()
    assert '<div class="document__body" id="document-body" lang="zh-Hans">' in chinese
    first_paragraph = re.compile(r'<p id="p-1"><span class="paragraph-tools"[^>]*>.*?</span>(.*?)</p>')
    assert first_paragraph.search(chinese).group(1) == "亲诚惠容。" and "Amity" not in chinese.split("</header>")[2]
    assert first_paragraph.search(client.get(document.get_absolute_url(), {"lang": "zh"}).content.decode()).group(1) == "亲诚惠容。"
    both = client.get(document.get_absolute_url(), {"lang": "zh-hans", "view": "side-by-side"}).content.decode()
    assert both.index("Amity, sincerity") < both.index("亲诚惠容") < both.index("We will build") < both.index("我们将")
    assert 'id="p-2"' in both  # the main text's paragraph links keep working


def test_a_paragraph_aligned_with_three_is_shown_once_beside_them_with_its_line_break_joined(client, db):
    document = make_document("Three to one", "First.\n\nSecond.\n\nThird.\n\nFourth.")
    text = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                       body="我们坚持互联\n互通。\n\n第四段。")
    text.alignment = [["p-1", "p-1"], ["p-2", "p-1"], ["p-3", "p-1"], ["p-4", "p-2"]]
    text.save()
    page = client.get(document.get_absolute_url(), {"lang": "zh-hans", "view": "side-by-side"}).content.decode()
    side_by_side = page.split('<div class="side-by-side"')[1].split('<aside class="cite"')[0]
    assert side_by_side.count("我们坚持互联互通。") == 1 and "互联 互通" not in page and "互联\n互通" not in page
    rows = re.findall(r'<div class="side-by-side__row">(.*?)</div>\s*</div>', page, re.DOTALL)
    assert len(rows) == 2
    assert all(f'id="p-{number}"' in rows[0] for number in (1, 2, 3)) and "我们坚持互联互通" in rows[0]
    assert 'id="p-4"' in rows[1] and "第四段" in rows[1]


def test_reading_a_translation_cites_and_lists_its_own_paragraphs_under_its_own_title(client, bilingual):
    document, original = bilingual
    original.title = "共建共享的未来"
    original.save()
    page = client.get(document.get_absolute_url(), {"lang": "zh-hans"}).content.decode()
    assert '<h1 lang="zh-Hans">共建共享的未来</h1>' in page
    assert '<meta name="citation_title" content="共建共享的未来">' in page
    assert '<meta name="citation_language" content="zh-Hans">' in page
    assert "<dt>Language</dt><dd>Chinese (Simplified) (original)</dd>" in page
    form = page.split('<form class="cite__paragraph"')[1].split("</form>")[0]
    assert '<input type="hidden" name="lang" value="zh-Hans">' in form
    assert "亲诚惠容" in form and "Amity" not in form
    cited = client.get(document.get_absolute_url(), {"lang": "zh-hans", "cite": "p-2"}).content.decode()
    assert "Cite paragraph 2" in cited and f"/d/{document.public_id}/?lang=zh-Hans#p-2" in cited
    assert f"/d/{document.public_id}/cite/ris/?p=p-2&amp;lang=zh-Hans" in cited
    chicago = re.search(r'id="citation-chicago">(.*?)</p>', cited).group(1)
    assert "“共建共享的未来.”" in chicago and "A bilingual speech" not in chicago
    item = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/", {"lang": "zh-hans", "p": "p-2"}).content)[0]
    assert (item["title"], item["language"], item["section"]) == ("共建共享的未来", "zh-Hans", "paragraph 2")
    assert item["URL"].endswith(f"/d/{document.public_id}/?lang=zh-Hans#p-2")
    main = client.get(document.get_absolute_url()).content.decode()
    assert '<h1 lang="en">A bilingual speech</h1>' in main and "<dt>Language</dt><dd>English (official translation)</dd>" in main


def test_a_drafts_texts_are_never_shown(client, db):
    draft = make_document("Draft", ENGLISH, status=Document.Status.DRAFT)
    DocumentText.objects.create(document=draft, language="zh-hans", role=TextRole.ORIGINAL, body=CHINESE)
    assert client.get(draft.get_absolute_url(), {"lang": "zh-hans"}).status_code == 404


def test_the_api_gives_every_text_with_its_alignment(client, bilingual):
    document, _ = bilingual
    data = client.get(f"/api/documents/{document.public_id}/").json()
    assert data["text_role"] == "official-translation"
    assert data["texts"] == [{
        "language": "zh-Hans", "role": "original", "title": "", "translator": "", "source_publisher": "Ministry", "source_url": "",
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
    assert (original.language, original.role, original.alignment) == ("zh-Hans", "original", [["p-1", "p-1"], ["p-2", "p-2"]])
    assert not original.alignment_confirmed  # proposed: the record gave none
    import_paths([write_jsonl(tmp_path / "b.jsonl", [bilingual_record(alignment=[[1, 2]])])])
    assert document.texts.get().alignment == [["p-1", "p-2"]] and document.texts.get().alignment_confirmed
    import_paths([write_jsonl(tmp_path / "b.jsonl", [bilingual_record()])])  # a proposal never replaces it
    assert document.texts.get().alignment == [["p-1", "p-2"]]
    import_paths([write_jsonl(tmp_path / "c.jsonl", [{**bilingual_record(), "texts": []}])])
    assert not document.texts.exists()


def test_a_texts_own_title_is_imported_and_exported(tmp_path, db):
    from speeches.importers.document_files import export_record
    from .test_importers import write_jsonl
    from speeches.importers.importing import import_paths

    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [bilingual_record(title="共建共享的未来")])])
    assert not report.errors, report.errors
    document = Document.objects.get(external_id="bilingual-1")
    assert document.texts.get().title == "共建共享的未来"
    assert export_record(document)["texts"][0]["title"] == "共建共享的未来"


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
    ({"language": "xx"}, "language: “xx” is not a language tag"),
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
    from speeches.importers.document_files import export_record
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
    assert item["note"] == "Unofficial translation from Chinese (Simplified)" and item["publisher"] == "Agency"
    assert item["URL"].endswith(f"/d/{document.public_id}/?lang=ru")
    chinese = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/", {"lang": "zh-hans"}).content)[0]
    assert chinese["language"] == "zh-Hans" and "note" not in chinese  # the original translates nothing
    page = client.get(document.get_absolute_url(), {"lang": "ru"}).content.decode()
    assert "cite/ris/?lang=ru" in page and "Anna Petrova" in page
    read = read_with_citation_js("@ris/file", client.get(f"/d/{document.public_id}/cite/ris/", {"lang": "ru"}).content.decode())
    assert read["items"][0]["language"] == "ru"


def test_the_text_being_read_is_the_one_downloaded_as_plain_text_and_markdown(client, bilingual):
    document, original = bilingual
    DocumentText.objects.create(document=document, language="ru", role=TextRole.UNOFFICIAL_TRANSLATION,
                                title="Дружба навсегда", body="Дружба.\n\nБудущее.", translator="Anna Petrova")
    page = client.get(document.get_absolute_url(), {"lang": "ru"}).content.decode()
    assert f"/d/{document.public_id}/download/txt/?lang=ru" in page and f"/d/{document.public_id}/download/md/?lang=ru" in page
    text = client.get(f"/d/{document.public_id}/download/txt/", {"lang": "ru"})
    assert text["Content-Disposition"] == f'attachment; filename="{document.public_id}.ru.txt"'
    body = text.content.decode()
    assert body.startswith("Дружба навсегда\n") and body.endswith("\n\nДружба.\n\nБудущее.\n")
    assert "Russian (unofficial translation), translated by Anna Petrova" in body
    assert f"/d/{document.public_id}/?lang=ru." in body  # cited as the text it is
    markdown = client.get(f"/d/{document.public_id}/download/md/", {"lang": "ru"}).content.decode()
    front, markdown_body = markdown.split("\n---\n", 1)
    assert "language: ru\nrole: unofficial-translation\ntitle: Дружба навсегда\n" in front
    assert markdown_body == "Дружба.\n\nБудущее."
    main = client.get(f"/d/{document.public_id}/download/txt/").content.decode()
    assert "Дружба" not in main  # without ?lang=, the main text


def test_a_main_text_that_is_an_official_translation_is_cited_as_one(client, bilingual):
    from .test_citation_clients import read_with_citation_js

    document, _ = bilingual
    note = "Official translation from Chinese (Simplified)"
    item = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/").content)[0]
    assert item["note"] == note and item["language"] == "en"
    bibtex = client.get(f"/d/{document.public_id}/cite/bibtex/").content.decode()
    assert f"note = {{{note}}}" in bibtex
    ris = client.get(f"/d/{document.public_id}/cite/ris/").content.decode()
    assert read_with_citation_js("@ris/file", ris)["items"][0]["note"] == note
    cite_box = client.get(document.get_absolute_url()).content.decode().split('id="cite"')[1]
    for style in ("chicago", "apa", "mla"):
        assert note in re.search(f'id="citation-{style}">(.*?)</p>', cite_box).group(1), style


def test_a_text_file_naming_no_language_is_recognised_and_reported_with_its_document(tmp_path, db):
    from speeches.importers.importing import import_paths

    (tmp_path / "speech.md").write_text("---\ntitle: Markdown bilingual\nexternal_id: md-1\nlanguage: en\n---\n"
                                        + ENGLISH)
    (tmp_path / "speech.x.md").write_text("---\nexternal_id: md-1\nrole: unofficial-translation\n---\n"
                                          "Дружба народов.\n\nОбщее будущее для всех стран региона.")
    report = import_paths([tmp_path])
    assert report.counts["created"] == 1, report.errors
    assert Document.objects.get().texts.get().language == "ru"
    assert [note for note in report.outcomes[0].notes if note.startswith("speech.x.md: language Russian (ru)")]


def test_markdown_files_of_one_document_are_its_texts(tmp_path, db):
    from speeches.importers.importing import import_paths

    (tmp_path / "speech.md").write_text("---\ntitle: Markdown bilingual\nexternal_id: md-1\nlanguage: en\n"
                                        "text_role: official-translation\nstatus: published\n---\n" + ENGLISH)
    (tmp_path / "speech.zh.md").write_text("---\nexternal_id: md-1\nlanguage: zh-hans\nrole: original\n"
                                           "source_publisher: Ministry\n---\n" + CHINESE)
    report = import_paths([tmp_path])
    assert report.counts["created"] == 1 and not report.errors, report.errors
    document = Document.objects.get(external_id="md-1")
    assert [(text.language, text.role, text.source_publisher) for text in document.texts.all()] == [
        ("zh-Hans", "original", "Ministry")]
    assert document.texts.get().alignment == [["p-1", "p-1"], ["p-2", "p-2"]]

    later = tmp_path / "later"
    later.mkdir()
    (later / "speech.ru.md").write_text("---\nexternal_id: md-1\nlanguage: ru\nrole: unofficial-translation\n"
                                        "translator: Anna Petrova\n---\nДружба.\n\nБудущее.")
    report = import_paths([later])
    assert report.counts["updated"] == 1, report.errors
    assert sorted(document.texts.values_list("language", flat=True)) == ["ru", "zh-Hans"]

    (later / "speech.ru.md").write_text("---\nexternal_id: nowhere\nlanguage: ru\nrole: original\n---\nТекст.")
    report = import_paths([later])
    assert "which no document has" in report.errors[0].detail


def test_a_translation_downloaded_from_a_document_without_external_id_imports_again(client, tmp_path, db):
    """A document added in the admin has no external_id: its texts' downloads name it by public_id, so an
    editor corrects a translation offline and imports the file back, alone or with the document's own."""
    from speeches.importers.importing import import_paths

    document = make_document("Harbour talks", body="Friendship.\n\nThe future.")
    assert not document.external_id
    DocumentText.objects.create(document=document, language="ru", role=TextRole.UNOFFICIAL_TRANSLATION,
                                body="Дружба.\n\nБудущее.")
    downloaded = client.get(f"/d/{document.public_id}/download/md/", {"lang": "ru"}).content.decode()
    assert f"public_id: {document.public_id}\n" in downloaded and "external_id" not in downloaded
    (tmp_path / "talks.ru.md").write_text(downloaded.replace("Будущее.", "Общее будущее."))
    report = import_paths([tmp_path])
    assert report.counts["updated"] == 1, report.errors
    assert document.texts.get().body == "Дружба.\n\nОбщее будущее."

    (tmp_path / "talks.md").write_text(client.get(f"/d/{document.public_id}/download/md/").content.decode())
    (tmp_path / "talks.ru.md").write_text(downloaded)
    report = import_paths([tmp_path])  # the document's own file and its text's, matched by public_id
    assert report.counts["updated"] == 1 and not report.errors, report.errors
    assert document.texts.get().body == "Дружба.\n\nБудущее."
    assert Document.objects.count() == 1


def test_an_editor_adds_a_chinese_original_in_the_admin_aligns_it_and_it_is_found(client, transactional_db):
    from speeches.search import SearchCriteria, search
    from tests.factories import make_person
    from .test_admin import document_form, staff_member

    client.force_login(staff_member("publisher", "Publishers"))
    person = make_person("Wang Yi")
    inline = {"texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "0", "texts-MIN_NUM_FORMS": "0",
              "texts-MAX_NUM_FORMS": "1000", "texts-0-language": "zh-hans", "texts-0-role": "original",
              "texts-0-translator": "", "texts-0-source_publisher": "Ministry", "texts-0-source_url": "",
              "texts-0-source_retrieved": "", "texts-0-body": CHINESE, "texts-0-alignment": "[]"}
    response = client.post("/admin/speeches/document/add/",
                           document_form(person, body=ENGLISH, text_role="official-translation", **inline))
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(title="Remarks at the Harbour Forum")
    text = document.texts.get()
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-2"]]
    assert [hit.document.pk for hit in search(SearchCriteria(q="「親誠惠容」")).hits] == [document.pk]
    assert [hit.document.pk for hit in search(SearchCriteria(q='"a shared future"')).hits] == [document.pk]

    align_url = f"/admin/speeches/document/{document.pk}/texts/{text.pk}/align/"
    page = client.get(align_url).content.decode()
    assert "Amity, sincerity" in page and "亲诚惠容。" in page and 'name="p-2"' in page
    # Both Chinese paragraphs now render the first English one (merge); the second is left unlinked.
    response = client.post(align_url, {"p-1": ["p-1"], "p-2": ["p-1"]})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.alignment == [["p-1", "p-1"], ["p-1", "p-2"]]
    client.post(align_url, {"p-1": ["p-1", "p-2"]})  # one paragraph rendering two (split the other way)
    text.refresh_from_db()
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-1"]]
    client.post(align_url, {})  # every pair unlinked stays unlinked, through later saves too
    text.refresh_from_db()
    text.save()
    text.refresh_from_db()
    assert text.alignment == []


UNREADABLE_ALIGNMENTS = ["NaN", "1e999", '"x"', '["a"]', '[["p-1"]]', '[["p-1", "p-1", "p-1"]]',
                         "[[{}, []]]", '[["\\u0000", "p-1"]]', '[["p-1", 1]]', "[" * 500 + "]" * 500, "not json",
                         "[[" + "1" * 5000 + ', "p-1"]]']


def test_an_alignment_typed_in_the_form_must_be_pairs_of_anchors_and_empty_is_none(client, bilingual):
    from tests.factories import make_person
    from .test_admin import document_form, staff_member

    document, original = bilingual
    client.force_login(staff_member("publisher", "Publishers"))
    change_url = f"/admin/speeches/document/{document.pk}/change/"
    person = make_person("Wang Yi")

    def edited(typed):
        return document_form(person, title=document.title, body=ENGLISH, text_role=document.text_role,
                             **text_inline(original, alignment=typed))

    for typed in UNREADABLE_ALIGNMENTS:
        response = client.post(change_url, edited(typed))
        assert response.status_code == 200, typed  # the form again, with the error: nothing saved
        texts = next(inline.formset for inline in response.context["inline_admin_formsets"]
                     if inline.formset.prefix == "texts")
        assert texts.errors[0]["alignment"], typed
        original.refresh_from_db()
        assert original.alignment == [["p-1", "p-1"], ["p-2", "p-2"]]
    response = client.post(change_url, edited('[["p-1", "p-1"], ["p-1", "p-99"], ["p-7", "p-2"]]'))
    texts = next(inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "texts")
    assert texts.errors[0]["alignment"] == [
        "p-99, p-7: no such paragraph. A pair is [the main text's anchor, this text's anchor]; the main text has "
        "p-1 to p-2, this text p-1 to p-2."]
    # A paragraph added to the main text in the same save: its anchor is known once saved.
    added = document_form(person, title=document.title, body=ENGLISH + "\n\nA paragraph added.",
                          text_role=document.text_role, **{"speakers-TOTAL_FORMS": "0"},
                          **text_inline(original, alignment='[["p-3", "p-2"]]'))
    response = client.post(change_url, added)
    assert response.status_code == 302, re.findall(r"errorlist.{0,300}", response.text)
    original.refresh_from_db()
    assert original.alignment == [["p-3", "p-2"]]
    response = client.post(change_url, edited(""))
    assert response.status_code == 302, response.content.decode()[:2000]
    original.refresh_from_db()
    assert original.alignment == [] and original.alignment_confirmed  # every pair unlinked


def test_an_alignment_stored_in_another_shape_before_it_was_checked_is_emptied_and_proposed_again(bilingual):
    import importlib

    from django.apps import apps

    document, original = bilingual
    DocumentText.objects.filter(pk=original.pk).update(alignment=[[{}, []]], alignment_confirmed=True)
    migration = importlib.import_module("speeches.migrations.0029_text_alignment_checked")
    migration.empty_unreadable_alignments(apps, None)
    original.refresh_from_db()
    assert original.alignment == [] and not original.alignment_confirmed
    original.save()
    assert original.alignment == [["p-1", "p-1"], ["p-2", "p-2"]]  # proposed again from the lengths


def test_only_those_who_may_change_the_document_align_its_texts(client, bilingual):
    from .test_admin import staff_member

    document, original = bilingual
    client.force_login(staff_member("editor", "Editors"))  # may not change a published document
    align_url = f"/admin/speeches/document/{document.pk}/texts/{original.pk}/align/"
    assert client.post(align_url, {"p-1": ["p-2"]}).status_code == 403
    original.refresh_from_db()
    assert original.alignment == [["p-1", "p-1"], ["p-2", "p-2"]]
    assert client.get(f"/admin/speeches/document/{document.pk}/texts/999999/align/").status_code == 404


# English of a long, a short and a long paragraph, and a French text of two halves: the short one may
# belong with either, so the proposal is unsure of both halves.
UNSURE_ENGLISH = ["Long " * 60, "Short " * 17, "Long " * 60]
UNSURE_FRENCH = ["Moitié " * 50, "Moitié " * 50]


def text_inline(text, **overrides):
    """Return the document form's inline data for ``text`` as the change page shows it."""
    data = {"texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "1", "texts-MIN_NUM_FORMS": "0",
            "texts-MAX_NUM_FORMS": "1000", "texts-0-id": str(text.pk), "texts-0-document": str(text.document_id),
            "texts-0-language": text.language, "texts-0-role": text.role, "texts-0-title": text.title,
            "texts-0-translator": "", "texts-0-source_publisher": "", "texts-0-source_url": "",
            "texts-0-source_retrieved": "", "texts-0-body": text.body, "texts-0-alignment": json.dumps(text.alignment)}
    return {**data, **{f"texts-0-{name}": value for name, value in overrides.items()}}


def test_the_align_view_preselects_the_proposal_and_marks_its_unsure_pairs_until_an_editor_saves_it(client, db):
    from .test_admin import staff_member

    client.force_login(staff_member("publisher", "Publishers"))
    document = make_document("Unsure", "\n\n".join(UNSURE_ENGLISH))
    text = DocumentText.objects.create(document=document, language="fr", role=TextRole.UNOFFICIAL_TRANSLATION,
                                       body="\n\n".join(UNSURE_FRENCH))
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-2"], ["p-3", "p-2"]]
    change_page = client.get(f"/admin/speeches/document/{document.pk}/change/").content.decode()
    assert "<strong>Proposed alignment</strong>, from the paragraphs' lengths" in change_page
    assert "(2 group(s) of paragraphs of low confidence)" in change_page

    align_url = f"/admin/speeches/document/{document.pk}/texts/{text.pk}/align/"
    page = client.get(align_url).content.decode()
    assert "<strong>Proposed alignment:</strong>" in page
    first, second = page.split('name="p-1"')[1], page.split('name="p-2"')[1]
    assert re.search(r'<option value="p-1" selected>', first.split("</select>")[0])
    assert re.findall(r'<option value="(p-\d)" selected>', second.split("</select>")[0]) == ["p-2", "p-3"]
    assert page.count("⚠ Check: low confidence</strong>") == 2 + 3  # both French paragraphs, all three English
    assert "(50% likely)" in page

    client.post(align_url, {"p-1": ["p-1", "p-2"], "p-2": ["p-3"]})  # the editor's correction
    text.refresh_from_db()
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-1"], ["p-3", "p-2"]]
    assert text.alignment_confirmed and text.alignment_proposal == []
    page = client.get(align_url).content.decode()
    assert "An editor confirmed this alignment" in page and "⚠ Check" not in page and "likely)" not in page
    asked = client.get(align_url, {"propose": "1"}).content.decode()  # shown again on request, not stored
    assert "Proposed alignment, shown on request" in asked and "⚠ Check: low confidence" in asked
    text.refresh_from_db()
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-1"], ["p-3", "p-2"]]


def test_an_editors_saved_alignment_survives_later_edits_of_both_texts(client, db):
    from tests.factories import make_person
    from .test_admin import document_form, staff_member

    client.force_login(staff_member("publisher", "Publishers"))
    document = make_document("Six and four", "\n\n".join(SIX_ENGLISH))
    text = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                       body="\n\n".join(FOUR_CHINESE))
    align_url = f"/admin/speeches/document/{document.pk}/texts/{text.pk}/align/"
    chosen = {"p-1": ["p-1"], "p-2": ["p-2", "p-3"], "p-3": ["p-4", "p-5"], "p-4": ["p-6"]}
    assert client.post(align_url, chosen).status_code == 302
    text.refresh_from_db()
    saved = [["p-1", "p-1"], ["p-2", "p-2"], ["p-3", "p-2"], ["p-4", "p-3"], ["p-5", "p-3"], ["p-6", "p-4"]]
    assert text.alignment == saved

    edited = document_form(make_person("Xi Jinping"), title="Six and four",
                           body="\n\n".join([*SIX_ENGLISH[:5], SIX_ENGLISH[5] + " Thank you again."]),
                           **text_inline(text, body="\n\n".join([*FOUR_CHINESE[:3], FOUR_CHINESE[3] + "再次感谢。"])))
    response = client.post(f"/admin/speeches/document/{document.pk}/change/", edited)
    assert response.status_code == 302, response.content.decode()[:3000]
    text.refresh_from_db()
    assert text.body.endswith("再次感谢。") and text.alignment == saved and text.alignment_confirmed


def test_editing_both_texts_at_once_keeps_a_proposed_alignment_proposed(client, db):
    from tests.factories import make_person
    from .test_admin import document_form, staff_member

    client.force_login(staff_member("publisher", "Publishers"))
    document = make_document("Six and four", "\n\n".join(SIX_ENGLISH))
    text = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                       body="\n\n".join(FOUR_CHINESE))
    edited = document_form(make_person("Xi Jinping"), title="Six and four",
                           body="\n\n".join([*SIX_ENGLISH[:4], SIX_ENGLISH[4] + " " + SIX_ENGLISH[5]]),
                           **text_inline(text, body="\n\n".join([*FOUR_CHINESE[:3], FOUR_CHINESE[3] + "谢谢。"])))
    assert client.post(f"/admin/speeches/document/{document.pk}/change/", edited).status_code == 302
    text.refresh_from_db()
    document.refresh_from_db()
    english = [paragraph["anchor"] for paragraph in document.paragraphs]
    assert not text.alignment_confirmed  # the form sent the alignment it showed; no editor changed it
    assert text.alignment == [[english[0], "p-1"], [english[1], "p-2"], [english[2], "p-2"], [english[3], "p-3"],
                              [english[4], "p-4"]]


def test_an_edit_of_one_text_keeps_the_proposed_pairs_whose_paragraphs_are_still_there(db):
    english = [SIX_ENGLISH[0], SIX_ENGLISH[1] + " " + SIX_ENGLISH[2], SIX_ENGLISH[3], SIX_ENGLISH[4] + " " + SIX_ENGLISH[5]]
    document = make_document("Four and four", "\n\n".join(english))
    text = DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL,
                                       body="\n\n".join(FOUR_CHINESE))
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-2"], ["p-3", "p-3"], ["p-4", "p-4"]]

    # A greeting inserted before the first paragraph, the second corrected, the third deleted.
    document.body = "\n\n".join(["[Applause] Excellencies, thank you.", english[0],
                                 english[1].replace("envoys", "the envoys"), english[3]])
    document.save()
    text.refresh_from_db()
    greeting = document.paragraphs[0]["anchor"]
    assert [paragraph["anchor"] for paragraph in document.paragraphs] == [greeting, "p-1", "p-2", "p-4"]
    assert text.alignment == [["p-1", "p-1"], ["p-2", "p-2"], ["p-4", "p-4"]]
    rows = {main["anchor"] if main else None: [paragraph["anchor"] for paragraph in aligned]
            for main, aligned in text.aligned_rows()}
    assert rows == {greeting: [], "p-1": ["p-1"], "p-2": ["p-2"], "p-4": ["p-4"], None: ["p-3"]}


def test_a_paragraph_of_another_text_aligned_with_none_is_shown_where_that_text_says_it(db):
    document = make_document("Applause", "Opening.\n\nThe body.\n\nClosing.")
    text = DocumentText.objects.create(document=document, language="fr", role=TextRole.UNOFFICIAL_TRANSLATION,
                                       body="Ouverture.\n\n(Applaudissements)\n\nLe corps.\n\nConclusion.")
    text.alignment = [["p-1", "p-1"], ["p-2", "p-3"], ["p-3", "p-4"]]
    text.save()
    assert [([main["anchor"] for main in mains], [other["text"] for other in others])
            for mains, others in text.aligned_groups()] == [
        (["p-1"], ["Ouverture."]), ([], ["(Applaudissements)"]), (["p-2"], ["Le corps."]), (["p-3"], ["Conclusion."])]
