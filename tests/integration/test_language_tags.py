"""Languages as BCP 47 tags on every surface: the admin, imports, document pages, search, the API and
the stored rows, each reading any case and form, storing one, and saying so when a tag names nothing."""
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from speeches.importers.importing import import_paths
from speeches.models import Document, DocumentText, TextRole
from speeches.search import SearchCriteria, search

from tests.factories import make_document, make_person

from .test_admin import document_form, staff_member
from .test_importers import run_command, write_jsonl

SIMPLIFIED = "我们要构建人类命运共同体。\n\n和平发展，合作共赢。"
TRADITIONAL = "我們要構建人類命運共同體。\n\n和平發展，合作共贏。"
ENGLISH = "We will build a community with a shared future.\n\nPeace, development and cooperation."


@pytest.fixture
def publisher(client, db):
    client.force_login(staff_member("publisher", "Publishers"))
    return client


def text_form(language, body):
    return {"texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "0", "texts-MIN_NUM_FORMS": "0",
            "texts-MAX_NUM_FORMS": "1000", "texts-0-language": language, "texts-0-role": "original",
            "texts-0-translator": "", "texts-0-source_publisher": "", "texts-0-source_url": "",
            "texts-0-source_retrieved": "", "texts-0-body": body, "texts-0-alignment": "[]"}


def test_the_admin_lists_every_language_by_name_once_a_page(publisher):
    page = publisher.get("/admin/speeches/document/add/").content.decode()
    assert page.count('<datalist id="language-tags">') == 1 and page.count('list="language-tags"') >= 2
    for tag, name in [("zh", "Chinese"), ("zh-Hans", "Chinese (Simplified)"), ("zh-Hant", "Chinese (Traditional)"),
                      ("lo", "Lao"), ("fil", "Filipino"), ("ps", "Pashto"), ("am", "Amharic")]:
        assert f'<option value="{tag}">{name}</option>' in page
    assert page.index(">Amharic<") < page.index(">Chinese<") < page.index(">Lao<")  # by name, not by code


def test_the_admin_stores_a_tag_typed_in_any_form_canonically_and_chinese_by_its_characters(publisher):
    person = make_person("Wang Yi")
    response = publisher.post("/admin/speeches/document/add/", document_form(
        person, language="zh-CN", body=SIMPLIFIED, **text_form("zh", TRADITIONAL)))
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert (document.language, document.texts.get().language) == ("zh-Hans", "zh-Hant")
    listing = publisher.get("/admin/speeches/document/").content.decode()
    assert "Chinese (Simplified)" in listing  # the filter by language names it


def test_the_admin_refuses_a_tag_naming_no_language(publisher):
    person = make_person("Wang Yi")
    response = publisher.post("/admin/speeches/document/add/", document_form(person, language="xx"))
    assert response.status_code == 200 and not Document.objects.exists()
    assert "“xx” is not a language tag such as en" in response.content.decode()


def test_imports_take_any_case_and_form_and_chinese_takes_its_characters_script(tmp_path, db):
    records = [{"title": f"Speech {number}", "body": body, "language": language, "external_id": f"s{number}",
                "texts": [{"language": "EN-gb", "role": "unofficial-translation", "body": ENGLISH}]}
               for number, (language, body) in enumerate([("zh", SIMPLIFIED), ("zh", TRADITIONAL), ("zh-Hans", SIMPLIFIED),
                                                          ("zh-hant", TRADITIONAL), ("zh-CN", SIMPLIFIED),
                                                          ("zh-TW", TRADITIONAL), ("pt-br", "Paz.")])]
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", records)])
    assert report.counts["created"] == 7, report.errors
    stored = dict(Document.objects.values_list("external_id", "language"))
    assert stored == {"s0": "zh-Hans", "s1": "zh-Hant", "s2": "zh-Hans", "s3": "zh-Hant", "s4": "zh-Hans",
                      "s5": "zh-Hant", "s6": "pt-BR"}
    assert set(DocumentText.objects.values_list("language", flat=True)) == {"en-GB"}


def test_an_import_names_the_record_whose_language_is_no_tag(tmp_path, db):
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [
        {"title": "Bad", "body": "Words.", "language": "klingon"}, {"title": "Good", "body": "Words.", "language": "en"},
        {"title": "Listed", "body": "Words.", "language": ["en"]}])])
    assert [(outcome.action, outcome.detail) for outcome in report.outcomes] == [
        ("error", "language: “klingon” is not a language tag such as en, en-GB, fr, ru, ar, zh-Hans or zh-Hant"),
        ("created", ""),
        ("error", "language: “['en']” is not a language tag such as en, en-GB, fr, ru, ar, zh-Hans or zh-Hant")]


def test_a_dry_run_counts_records_read_not_imported_and_its_summary_the_skipped(tmp_path, db):
    path = write_jsonl(tmp_path / "a.jsonl", [{"title": "Bad", "body": "Words.", "language": "xx"}])
    out, err = run_command("import_documents", "--dry-run", str(path))
    assert "Imported 1/1" not in out and "Read 1/1 records" in out
    assert "Dry run: 1 record(s): 0 would be created, 0 would be updated, 0 unchanged, 1 skipped with errors." in out
    assert "skipped: language: “xx” is not a language tag" in err


@pytest.fixture
def bilingual(db):
    document = make_document(title="A speech", body=ENGLISH)
    DocumentText.objects.create(document=document, language="zh-hans", role=TextRole.ORIGINAL, body=SIMPLIFIED)
    return document


@pytest.mark.parametrize("wanted", ["zh", "zh-Hans", "zh-hans", "ZH-HANS", "zh-CN"])
def test_a_reader_s_language_in_any_form_shows_its_text(client, bilingual, wanted):
    page = client.get(bilingual.get_absolute_url(), {"lang": wanted}).content.decode()
    assert "构建人类命运共同体" in page and 'role="status"' not in page


def test_a_version_in_the_main_text_s_language_is_shown_by_its_link(client, bilingual):
    DocumentText.objects.create(document=bilingual, language="en", role=TextRole.AS_DELIVERED, body="As delivered.")
    assert "As delivered." in client.get(bilingual.get_absolute_url(), {"lang": "en"}).content.decode()


@pytest.mark.parametrize("wanted, notice", [
    ("zh-TW", "This document has no text in Chinese (Traditional): showing it in English."),
    ("lo", "This document has no text in Lao: showing it in English."),
    ("xx", "“xx” is not a language tag such as en, en-GB, fr, ru, ar, zh-Hans or zh-Hant: showing the document in "
           "English."),
])
def test_a_reader_s_language_naming_no_text_shows_the_main_text_with_a_notice(client, bilingual, wanted, notice):
    response = client.get(bilingual.get_absolute_url(), {"lang": wanted})
    page = response.content.decode()
    assert response.status_code == 200 and "a shared future" in page and "构建人类命运共同体" not in page
    assert f'<p class="message" role="status">{notice}</p>' in page


def test_lang_in_a_query_and_the_filter_read_any_case_and_form(client, bilingual):
    call_command("update_index", verbosity=0)
    make_document(title="Only English", body="A shared future.")
    call_command("update_index", verbosity=0)
    for query in ('"shared future" lang:zh-CN', '"shared future" lang:zh-Hans', '"shared future" lang:ZH',
                  '"shared future" lang:zh-hans', "和平 lang:zh-cn"):
        page = search(SearchCriteria(q=query))
        assert [hit.document.pk for hit in page.hits] == [bilingual.pk] and not page.notices, query
    assert search(SearchCriteria(q='"shared future" lang:zh-TW')).total == 0
    for lang in ("zh-Hans", "zh-CN", "ZH", "zh_CN", "zh_hans"):  # _ for -, as locales are written
        page = client.get("/search/", {"q": '"shared future"', "lang": lang})
        assert page.status_code == 200 and "Only English" not in page.text and "A speech" in page.text
    for lang in ("zh-Hant", "zh-TW"):  # the filter reads a script as the query does: no Traditional text here
        page = client.get("/search/", {"q": '"shared future"', "lang": lang})
        assert page.status_code == 200 and "A speech" not in page.text
        assert search(SearchCriteria(q='"shared future"', lang=lang)).total == 0


def test_a_language_filter_naming_no_language_is_refused_on_the_page_and_the_api(client, bilingual):
    call_command("update_index", verbosity=0)
    page = client.get("/search/", {"q": "future", "lang": "xx"})
    assert page.status_code == 400 and "There is no language “xx”" in page.content.decode()
    # The API: a tag naming no language is no such language (404); a value not shaped as a tag, a 400.
    answer = client.get("/api/documents/", {"lang": "xx"})
    assert answer.status_code == 404 and "There is no language “xx”" in answer.json()["detail"]
    assert client.get("/api/search/timeline/", {"q": "peace", "lang": "qqq-Hans"}).status_code == 404
    answer = client.get("/api/documents/", {"lang": "en_GB x"})
    assert answer.status_code == 400 and "“en_GB x” is not a language tag" in answer.json()["lang"][0]
    assert len(client.get("/api/documents/", {"lang": "zh-Hans"}).json()["results"]) == 1
    assert len(client.get("/api/documents/", {"lang": "zh_CN"}).json()["results"]) == 1
    assert client.get("/api/documents/", {"lang": "zh-TW"}).status_code == 200


def test_a_snippet_of_a_text_in_any_language_is_named(client, db):
    document = make_document(title="A speech", body="Peace.")
    DocumentText.objects.create(document=document, language="lo", role=TextRole.OFFICIAL_TRANSLATION,
                                body="Harbour lanterns.")
    call_command("update_index", verbosity=0)
    page = client.get("/search/", {"q": '"harbour lanterns"'})
    assert page.status_code == 200 and '<span class="snippet__language" lang="en" dir="ltr">Lao</span>' in page.text
    assert 'lang="lo"' in page.text


def test_the_migration_stores_every_row_s_tag_canonically_history_too(db):
    migration = importlib.import_module("speeches.migrations.0020_language_tags")
    document = make_document(title="A speech", body=TRADITIONAL, language="zh-hant")
    text = DocumentText.objects.create(document=document, language="en", role=TextRole.OFFICIAL_TRANSLATION,
                                       body=ENGLISH)
    Document.objects.filter(pk=document.pk).update(language="zh")  # as rows could hold it before, unsaved
    DocumentText.objects.filter(pk=text.pk).update(language="en-gb")
    Document.history.update(language="zh-hant")
    migration.store_canonical_tags(apps, None)
    document.refresh_from_db()
    text.refresh_from_db()
    assert (document.language, text.language) == ("zh-Hant", "en-GB")
    assert set(Document.history.values_list("language", flat=True)) == {"zh-Hant"}
