"""Passages said again in other documents: found on save, shown on the page and in the API."""
import datetime
import re
import time
import tracemalloc

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from speeches.models import Document, DocumentText, PassageFingerprint, RecurringPassage, TextRole
from speeches.importers.importing import import_paths
from speeches.research import passages, recurrences, signals
from speeches.search import SearchCriteria, search

from tests.factories import make_document
from tests.unit.test_recurring_passages import FORMULA, REWORDED
from .test_importers import write_jsonl


@pytest.fixture
def three_documents(transactional_db):
    older = make_document("Older", f"An opening paragraph.\n\n{FORMULA}", date=datetime.date(2019, 5, 1))
    newer = make_document("Newer", f"{REWORDED} And more besides.", date=datetime.date(2023, 2, 1))
    draft = make_document("Secret draft", FORMULA, date=datetime.date(2010, 1, 1), status=Document.Status.DRAFT)
    return older, newer, draft


def pairs():
    return sorted((record.document.title, record.paragraph, record.other_document.title, record.other_paragraph)
                  for record in RecurringPassage.objects.select_related("document", "other_document"))


def test_saving_a_document_records_its_recurring_passages_both_ways(three_documents):
    older, newer, draft = three_documents
    assert pairs() == [("Newer", "p-1", "Older", "p-2"), ("Older", "p-2", "Newer", "p-1")]
    assert not PassageFingerprint.objects.filter(document=draft).exists()
    assert Document.objects.filter(passages_compared__isnull=False).count() == 2

    draft.status = Document.Status.PUBLISHED
    draft.save()
    assert ("Secret draft", "p-1", "Older", "p-2") in pairs()
    draft.status = Document.Status.DRAFT
    draft.save()
    assert pairs() == [("Newer", "p-1", "Older", "p-2"), ("Older", "p-2", "Newer", "p-1")]

    older.body = "An opening paragraph.\n\nThe formula is gone from this text now."
    older.save()
    assert pairs() == []


def test_the_page_marks_the_paragraph_and_lists_where_else_it_is_said(client, three_documents):
    older, newer, _ = three_documents
    page = client.get(older.get_absolute_url()).content.decode()
    assert 'id="p-2" data-recurs' in page and "First said here" in page
    assert newer.get_absolute_url() + "#p-1" in page and "Secret draft" not in page
    assert "<del>evolve</del> <ins>change</ins>" in page
    newer_page = client.get(newer.get_absolute_url()).content.decode()
    assert "First said here" not in newer_page and older.get_absolute_url() + "#p-2" in newer_page


def test_another_document_holding_part_of_the_passage_quoted_is_shown_lacking_the_rest(client, transactional_db):
    whole = f"{FORMULA} We stand together, large and small, and not a few alone."
    quoted = make_document("Quoted", whole, date=datetime.date(2024, 1, 1))
    make_document("Whole", whole, date=datetime.date(2019, 1, 1))
    make_document("Part", f"{FORMULA} We stand together, large and small.", date=datetime.date(2020, 1, 1))
    page = client.get(quoted.get_absolute_url()).content.decode()
    whole_entry, part_entry = re.findall(r'<li><a href="[^"]+"[^>]*>(?:Whole|Part)</a>.*?</li>', page, re.S)
    assert "100% the same" in whole_entry and "<del>" not in whole_entry
    assert "large and small <del>, and not a few alone</del></p>" in part_entry
    assert "85% the same" in part_entry  # the share of the quoted passage's words it holds


def test_a_passage_said_elsewhere_in_arabic_is_shown_right_to_left(client, transactional_db):
    shared = "نحن نؤمن بأن السلام العادل والشامل هو الطريق الوحيد لتحقيق الأمن والاستقرار في المنطقة كلها."
    first = make_document("كلمة أولى", f"مقدمة قصيرة.\n\n{shared}", language="ar", date=datetime.date(2020, 1, 1))
    make_document("كلمة ثانية", f"{shared}\n\nخاتمة.", language="ar", date=datetime.date(2023, 1, 1))
    page = client.get(first.get_absolute_url()).content.decode()
    assert '<blockquote class="recurrence__passage" lang="ar" dir="auto">' in page
    assert re.search(r'<li><a href="[^"]+" lang="ar" dir="auto">كلمة ثانية</a>', page)
    assert '<p class="recurrence__text" lang="ar" dir="auto">' in page


def test_a_document_saying_nothing_said_elsewhere_says_so_on_its_listing(client, transactional_db):
    alone = make_document("Alone", "Words no other document holds, in a paragraph of their own.")
    page = client.get(f"/d/{alone.public_id}/passages/said-elsewhere/").content.decode()
    assert "No passage of this document is in another published document." in page and "0 passages" not in page


def test_the_api_lists_a_documents_recurring_passages(client, three_documents):
    older, newer, draft = three_documents
    page = client.get(f"/api/documents/{newer.public_id}/recurring/").json()
    assert page["count"] == 1 and page["next"] is None
    data = page["results"]
    assert data[0] == {**data[0], "paragraph": "p-1", "document": older.public_id, "other_paragraph": "p-2",
                       "date": "2019-05-01"}
    assert 0.8 <= data[0]["similarity"] < 1 and data[0]["url"].endswith(f"{older.get_absolute_url()}#p-2")
    assert client.get(f"/api/documents/{draft.public_id}/recurring/").status_code == 404


def test_boilerplate_shared_by_too_many_documents_leads_nowhere(transactional_db, monkeypatch):
    monkeypatch.setattr(passages, "MOST_DOCUMENTS_PER_FINGERPRINT", 1)
    for number in range(3):
        make_document(f"Press release {number}", FORMULA)
    assert RecurringPassage.objects.filter(document__title="Press release 2").count() == 0
    # The second found the first while the passage was in one other document only.
    assert RecurringPassage.objects.filter(document__title="Press release 1").count() == 1


def test_the_catch_up_command_compares_documents_left_uncompared(transactional_db):
    from django.core.management import call_command

    first, second = make_document("One", FORMULA), make_document("Two", FORMULA)
    RecurringPassage.objects.all().delete()
    PassageFingerprint.objects.all().delete()
    Document.objects.update(passages_compared=None)
    call_command("compare_passages", verbosity=0)
    assert RecurringPassage.objects.filter(document=first, other_document=second).exists()


def speech_paragraph(number):
    """Return a distinct paragraph of two sentences (each long enough to be fingerprinted)."""
    return (f"On the {number} th point of this speech the delegations of our countries agreed once again. "
            f"Cooperation in field number {number} will grow stronger year after year for our peoples.")


def ten_copies_of_a_long_speech():
    speech = "\n\n".join(speech_paragraph(number) for number in range(1, 301))
    return [make_document(f"Copy {number}", speech, date=datetime.date(2020, 1, number + 1)) for number in range(10)]


def two_documents_repeating_one_paragraph():
    repeated = " ".join([FORMULA] * 4 + ["And the people of our countries will remember this friendship."])
    return [make_document(f"Repeats {number}", "\n\n".join([repeated] * 300)) for number in range(2)]


def measured_get(client, url):
    """Return (response, peak bytes allocated while answering). Its time is a figure for `make bench`:
    on a busy two-core machine a wall-clock bound fails for no fault of the page."""
    tracemalloc.start()
    try:
        response = client.get(url)
        return response, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def assert_page_reads_a_bounded_amount(client, document):
    """Assert the document's page answers with a constant number of queries, little memory, at most
    the passages and other documents a page shows, every recurring paragraph still marked; return it."""
    plain = make_document("Nothing recurs", "A paragraph of its own.", date=datetime.date(2020, 6, 1))
    client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as plain_queries:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response, peak = measured_get(client, document.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert len(queries) <= len(plain_queries) + 1  # the earliest other documents of the passages shown
    assert peak < 40_000_000
    assert 1 <= page.count('<div class="recurrence"') <= recurrences.MOST_PASSAGES_SHOWN
    others = re.findall(r'<ol class="recurrence__others">(.*?)</ol>', page, re.S)
    assert all(other.count("<li>") <= recurrences.MOST_SHOWN_PER_PARAGRAPH for other in others)
    assert page.count("data-recurs") == 300
    return page


def test_ten_copies_of_a_long_speech_make_a_bounded_page_and_the_rest_is_paged(transactional_db, client):
    copies = ten_copies_of_a_long_speech()
    page = assert_page_reads_a_bounded_amount(client, copies[0])
    assert "280 more passages said elsewhere" in page and "and 4 more documents" in page
    listing_address = f"/d/{copies[0].public_id}/passages/said-elsewhere/?"
    assert f'href="{listing_address}page=2"' in page and f'href="{listing_address}p=p-1"' in page
    listing = client.get(f"/d/{copies[0].public_id}/passages/said-elsewhere/", {"page": 15}).content.decode()
    assert listing.count('<div class="recurrence"') == 20 and "Page 15 of 15" in listing
    assert copies[1].get_absolute_url() + "#p-281" in listing
    others = client.get(f"/d/{copies[0].public_id}/passages/said-elsewhere/", {"p": "p-7"}).content.decode()
    assert others.count("<li>") == 9 and copies[9].get_absolute_url() + "#p-7" in others
    assert client.get(f"/d/{copies[0].public_id}/passages/said-elsewhere/", {"page": "²"}).status_code == 200
    api = client.get(f"/api/documents/{copies[0].public_id}/recurring/", {"page": 2}).json()
    assert api["count"] == 300 * 9 and len(api["results"]) == 20
    assert api["results"][0]["paragraph"] == "p-3"  # reading order: p-1 and p-2 fill the first page's 18


def test_two_documents_repeating_one_paragraph_make_a_bounded_page_listing_it_once(transactional_db, client):
    first, second = two_documents_repeating_one_paragraph()
    # One record per paragraph and other document, not one per pair of paragraphs.
    assert RecurringPassage.objects.filter(document=first).count() == 300
    page = assert_page_reads_a_bounded_amount(client, first)
    assert page.count('<div class="recurrence"') == 1
    assert "and 290 more paragraphs with the same text" in page


def test_a_long_paragraph_is_compared_with_bounded_work_whatever_its_length(transactional_db):
    said = [f"Sentence {number} of the long text says that cooperation number {number} matters to all our peoples."
            for number in range(2_400)]  # 230 KB
    one = make_document("Stored as one paragraph", " ".join(said))
    split = make_document("Imported in paragraphs", "\n\n".join(" ".join(said[start:start + 3])
                                                                  for start in range(0, len(said), 3)))
    started = time.perf_counter()
    passages.compare_documents([split.pk])  # again, to time it alone
    assert time.perf_counter() - started < 15  # 65 s for 200 KB before it was bounded
    # Found at the end of the long paragraph too, not only in its first words.
    assert RecurringPassage.objects.filter(document=split, other_document=one).count() == 800
    record = RecurringPassage.objects.get(document=split, paragraph="p-800")
    assert one.paragraphs[0]["text"][record.other_start:record.other_end] == " ".join(said[-3:]).rstrip(".")


def test_an_import_indexes_its_documents_before_comparing_them_each_on_its_own(transactional_db, tmp_path,
                                                                                monkeypatch):
    indexed_when_compared = []

    def compare_and_fail(document_ids):
        indexed_when_compared.append(search(SearchCriteria(q="zanzibar")).total)
        raise RuntimeError("a comparison that fails")

    monkeypatch.setattr(signals, "compare_documents", compare_and_fail)
    records = [{"title": f"Zanzibar {number}", "body": FORMULA + " Zanzibar.", "status": "published",
                "external_id": f"zanzibar-{number}"} for number in range(2)]
    report = import_paths([write_jsonl(tmp_path / "two.jsonl", records)])
    assert report.counts["created"] == 2
    assert indexed_when_compared == [2, 2]  # each compared on its own, once both were in the index
    assert Document.objects.filter(passages_compared=None).count() == 2  # left for compare_passages


def test_first_said_here_is_claimed_only_when_the_date_certainly_comes_first(transactional_db, client):
    undated = make_document("Undated", FORMULA)
    dated = make_document("Dated", REWORDED, date=datetime.date(2019, 3, 5))
    year_only = make_document("Some time in 2019", FORMULA, date=datetime.date(2019, 1, 1),
                              date_precision=Document.DatePrecision.YEAR)
    earlier_year = make_document("In 2018", FORMULA, date=datetime.date(2018, 1, 1),
                                 date_precision=Document.DatePrecision.YEAR)
    for document in (undated, dated, year_only):
        assert "First said here" not in client.get(document.get_absolute_url()).content.decode()
    assert "First said here" not in client.get(earlier_year.get_absolute_url()).content.decode()  # undated one
    undated.delete()
    assert "First said here" in client.get(earlier_year.get_absolute_url()).content.decode()
    assert "First said here" not in client.get(dated.get_absolute_url()).content.decode()


def listed_titles(page):
    """Return the titles of the other documents a page lists under each passage, in the order shown."""
    return [re.findall(r'<li><a href="[^"]*"[^>]*>([^<]*)</a>', others)
            for others in re.findall(r'<ol class="recurrence__others"[^>]*>(.*?)</ol>', page, re.S)]


def test_other_documents_are_listed_earliest_first_undated_last_five_to_a_paragraph(transactional_db, client):
    said_here = make_document("Said in 2019", FORMULA, date=datetime.date(2019, 6, 1))
    # Added in an order that is not their dates' order; the undated one added early.
    for year in (2022, 2016, None, 2021, 2015, 2018, 2020):
        make_document(f"Said in {year or 'an unknown year'}", FORMULA, date=year and datetime.date(year, 6, 1))
    assert recurrences.MOST_SHOWN_PER_PARAGRAPH == 5
    page = client.get(said_here.get_absolute_url()).content.decode()
    assert listed_titles(page) == [["Said in 2015", "Said in 2016", "Said in 2018", "Said in 2020", "Said in 2021"]]
    assert "and 2 more documents" in page and "First said here" not in page
    listing = client.get(f"/d/{said_here.public_id}/passages/said-elsewhere/", {"p": "p-1"}).content.decode()
    assert listed_titles(listing) == [["Said in 2015", "Said in 2016", "Said in 2018", "Said in 2020", "Said in 2021",
                                       "Said in 2022", "Said in an unknown year"]]
    api = client.get(f"/api/documents/{said_here.public_id}/recurring/").json()
    assert [record["date"] for record in api["results"]] == [
        "2015-06-01", "2016-06-01", "2018-06-01", "2020-06-01", "2021-06-01", "2022-06-01", None]


def test_first_said_here_weighs_every_other_document_not_the_first_found(transactional_db, client):
    first = make_document("In 2014", FORMULA, date=datetime.date(2014, 6, 1))
    later = [make_document(f"In {year}", REWORDED, date=datetime.date(year, 6, 1)) for year in (2020, 2016, 2018)]
    assert "First said here" in client.get(first.get_absolute_url()).content.decode()
    for document in later:  # each has an earlier one among several, whichever was compared first
        assert "First said here" not in client.get(document.get_absolute_url()).content.decode(), document.title
    make_document("In 2013", FORMULA, date=datetime.date(2013, 6, 1))
    assert "First said here" not in client.get(first.get_absolute_url()).content.decode()


@pytest.fixture
def translated(transactional_db):
    """An English speech, and a Chinese one whose English translation repeats its formula."""
    english = make_document("English speech", f"An opening paragraph.\n\n{FORMULA}", date=datetime.date(2019, 5, 1))
    chinese = make_document("Chinese speech", "开场白。\n\n无论国际风云如何变幻，中国始终是中亚的好邻居、好伙伴。",
                            language="zh-Hans", date=datetime.date(2023, 2, 1))
    DocumentText.objects.create(document=chinese, language="en", role=TextRole.OFFICIAL_TRANSLATION,
                                body=f"Opening words.\n\n{REWORDED}")
    return english, chinese


def test_a_translation_repeating_another_documents_passage_is_linked_both_ways(translated, client):
    english, chinese = translated
    assert sorted((record.document.title, record.language, record.paragraph, record.other_language,
                   record.other_paragraph) for record in RecurringPassage.objects.select_related("document")) == [
        ("Chinese speech", "en", "p-2", "", "p-2"), ("English speech", "", "p-2", "en", "p-2")]

    page = client.get(english.get_absolute_url()).content.decode()
    assert 'id="p-2" data-recurs' in page and "First said here" in page
    assert f'href="{chinese.get_absolute_url()}?lang=en#p-2"' in page and "its text in English" in page
    assert "<del>evolve</del> <ins>change</ins>" in page

    translation_page = client.get(chinese.get_absolute_url(), {"lang": "en"}).content.decode()
    assert 'id="p-2" data-recurs' in translation_page and f'href="{english.get_absolute_url()}#p-2"' in translation_page
    main_page = client.get(chinese.get_absolute_url()).content.decode()
    assert "data-recurs" not in main_page and "also said elsewhere" not in main_page
    # side by side, the paragraphs and their anchors are the main text's, and so are the passages listed
    side_by_side = client.get(chinese.get_absolute_url(), {"lang": "en", "view": "side-by-side"}).content.decode()
    assert "Passages also said elsewhere" not in side_by_side

    listing = client.get(f"/d/{chinese.public_id}/passages/said-elsewhere/", {"lang": "en", "p": "p-2"})
    assert listing.status_code == 200 and f'{english.get_absolute_url()}#p-2' in listing.content.decode()
    assert f'href="{chinese.get_absolute_url()}?lang=en#p-2"' in listing.content.decode()

    [record] = client.get(f"/api/documents/{english.public_id}/recurring/").json()["results"]
    assert record["language"] == "" and record["other_language"] == "en"
    assert record["url"].endswith(f"{chinese.get_absolute_url()}?lang=en#p-2")


def test_changing_a_translation_alone_compares_its_document_again(translated):
    english, chinese = translated
    text = chinese.texts.get()
    text.body = "Opening words.\n\nThe translation no longer holds the formula at all."
    text.save()
    assert not RecurringPassage.objects.exists()
    text.body = f"Opening words.\n\n{REWORDED}"
    text.save()
    assert RecurringPassage.objects.count() == 2
    text.delete()
    assert not RecurringPassage.objects.exists()


def test_a_translation_changed_alone_whose_comparison_fails_is_left_for_the_catch_up(translated, monkeypatch):
    english, chinese = translated
    monkeypatch.setattr(signals, "compare_documents", lambda ids: 1 / 0)
    text = chinese.texts.get()
    text.body = "Opening words.\n\nThe translation no longer holds the formula at all."
    text.save()  # its comparison fails: logged, and the save stands
    assert Document.objects.get(pk=chinese.pk).passages_compared is None
    monkeypatch.undo()
    call_command("compare_passages", verbosity=0)
    assert not RecurringPassage.objects.exists()


def test_a_sentence_said_word_for_word_after_similar_ones_is_not_first_said_by_the_later_document(
        transactional_db, client):
    formula = "We remain committed to a common maritime destiny for all coastal peoples."
    earlier = make_document("Remarks at the fisheries dialogue", (
        "In 1984 the weary delegation of Tangier signed 41 agreements on salvage and cartography with 3 partners. "
        f"{formula}"), date=datetime.date(1998, 1, 1), date_precision=Document.DatePrecision.YEAR)
    later = make_document("Statement on maritime boundaries", (
        "In 2011 the weary delegation of Gdansk signed 55 agreements on fisheries and tourism with 15 partners. "
        f"{formula}"), date=datetime.date(1999, 7, 1), date_precision=Document.DatePrecision.MONTH)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "First said here" not in page and earlier.get_absolute_url() + "#p-1" in page
    assert "First said here" in client.get(earlier.get_absolute_url()).content.decode()
    assert client.get(f"/api/documents/{later.public_id}/recurring/").json()["results"][0]["document"] == (
        earlier.public_id)
