"""Issue-4 journeys in Chromium: exact quotes with filters and pages, find in a document, who else said it."""
import datetime
import re

from playwright.sync_api import expect

from speeches.models import Region
from tests.factories import make_document, make_person

from .conftest import VIEWPORTS, select_text

PHRASE = "the caravan of friendship crosses every border"


def make_many_matching_documents():
    """25 documents quoting the phrase by one speaker in one region, plus others that must be filtered out."""
    speaker, other_speaker = make_person("Amina Diallo"), make_person("Someone Else")
    region, other_region = Region.objects.create(name="West Africa"), Region.objects.create(name="Oceania")
    for number in range(25):
        make_document(
            title=f"Address number {number:02d}", speakers=[(speaker, "Foreign Minister")], regions=[region],
            date=datetime.date(2000 + number, 3, 1),
            body=f"Opening words of address {number}.\n\nAs we say, {PHRASE.capitalize()}, and so it goes.",
        )
    make_document(title="Other speaker", speakers=[other_speaker], regions=[region], body=PHRASE)
    make_document(title="Other region", speakers=[speaker], regions=[other_region], body=PHRASE)


def test_curly_quote_two_filters_second_page_and_a_snippet_that_lands_on_the_phrase(
    page, live_server, transactional_db, screenshot
):
    make_many_matching_documents()
    page.goto(live_server.url + "/search/")
    page.get_by_role("searchbox", name="Search the archive").fill("“The caravan of friendship crosses every border”")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("27 documents found")

    page.locator(".facet--speaker").get_by_role("link", name="Amina Diallo").click()
    expect(page.locator("#result-count")).to_have_text("26 documents found")
    page.locator(".facet--region").get_by_role("link", name="West Africa").click()
    expect(page.locator("#result-count")).to_have_text("25 documents found")
    expect(page.get_by_role("link", name="Remove filter Speaker: Amina Diallo")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Region: West Africa")).to_be_visible()

    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    assert page.locator(".summary").count() == 5
    screenshot(page, "search-filtered-page-2-laptop")
    page.set_viewport_size(VIEWPORTS["phone"])
    screenshot(page, "search-filtered-page-2-phone")
    snippet = page.locator(".snippet a").first
    expect(snippet.locator("mark")).to_have_text("The caravan of friendship crosses every border")
    snippet.click()

    expect(page).to_have_url(re.compile(r"/d/[a-z0-9]+/address-number-\d\d/\?hl=.*#p-2$"))
    paragraph = page.locator("#p-2")
    expect(paragraph).to_be_in_viewport()
    expect(paragraph.locator("mark")).to_have_text("The caravan of friendship crosses every border")
    assert page.evaluate("document.querySelector(':target').id") == "p-2"
    screenshot(page, "document-landed-on-phrase-phone")


def test_find_in_this_document_marks_every_occurrence(page, seeded_site):
    page.goto(seeded_site + "/d/stx5jr9c/")
    page.get_by_role("searchbox", name="Find in this document").fill("“Central Asian countries”")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#found-count")).to_contain_text("19 occurrences in 13 paragraphs")
    expect(page.locator("#document-body mark")).to_have_count(19)
    expect(page.locator("#document-body mark").first).to_have_text("Central Asian countries")


def test_selecting_a_sentence_offers_a_search_for_it_as_an_exact_quote(page, seeded_site):
    page.goto(seeded_site + "/d/9eqrv25t/")
    paragraph = page.locator("#document-body p", has_text="friendship is a big deal")
    select_text(paragraph, "a world of friendship is a world of peace")
    offer = page.get_by_role("link", name="Who else said this? Search the exact quote")
    expect(offer).to_be_visible()
    offer.click()
    expect(page.get_by_role("searchbox", name="Search the archive")).to_have_value('"a world of friendship is a world of peace"')
    expect(page.locator("#result-count")).to_have_text("1 document found")
    expect(page.locator(".snippet mark")).to_have_text("a world of friendship is a world of peace")


def test_marks_land_on_the_words_after_a_character_beyond_the_first_plane(page, live_server, transactional_db):
    document = make_document(title="会見", language="ja", body="𠮷田大使は😀と述べた。大使館の前で。")
    page.goto(live_server.url + document.get_absolute_url() + "?find=大使")
    marks = page.locator("#document-body mark")
    expect(marks).to_have_count(2)
    assert marks.all_text_contents() == ["大使", "大使"]


def test_selecting_words_written_without_spaces_offers_a_search_for_them(page, live_server, transactional_db):
    document = make_document(title="会見", language="ja", body="日本は人道支援を続ける。")
    page.goto(live_server.url + document.get_absolute_url())
    select_text(page.locator("#document-body p"), "人道支援を続ける")
    offer = page.get_by_role("link", name="Who else said this? Search the exact quote")
    expect(offer).to_be_visible()
    offer.click()
    expect(page.locator("#result-count")).to_have_text("1 document found")
    expect(page.locator(".snippet mark")).to_have_text("人道支援を続ける")
