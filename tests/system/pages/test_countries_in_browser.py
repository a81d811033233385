"""A reader browses the countries the documents mention, in Chromium: the list, a country's page, and
the search it leads to, narrowed by its facet."""
from playwright.sync_api import expect

from .conftest import VIEWPORTS


def test_a_reader_goes_from_the_countries_to_a_country_s_documents_and_searches_within_them(
    page, seeded_site, screenshot
):
    page.goto(seeded_site + "/browse/")
    page.get_by_role("link", name="Every country the documents mention").click()
    expect(page.get_by_role("heading", name="Countries mentioned")).to_be_visible()
    screenshot(page, "countries-laptop")
    page.get_by_role("link", name="Kazakhstan", exact=True).click()
    expect(page.get_by_role("heading", name="Documents that mention Kazakhstan")).to_be_visible()
    expect(page.get_by_text("3 documents, newest first.")).to_be_visible()
    expect(page.get_by_role("heading", name="By year")).to_be_visible()
    screenshot(page, "country-laptop")
    page.set_viewport_size(VIEWPORTS["phone"])
    screenshot(page, "country-phone")
    page.set_viewport_size(VIEWPORTS["laptop"])

    page.get_by_role("link", name="Search within the documents that mention Kazakhstan").click()
    expect(page.locator("#result-count")).to_have_text("3 documents found")
    expect(page.get_by_role("link", name="Remove filter Mentions: Kazakhstan")).to_be_visible()
    page.get_by_role("searchbox", name="Search the archive").fill("pomegranate")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 document found")
    page.get_by_role("link", name="Remove filter Mentions: Kazakhstan").click()
    page.locator(".facet--country").get_by_role("link", name="Uzbekistan").click()
    expect(page.get_by_role("link", name="Remove filter Mentions: Uzbekistan")).to_be_visible()
    screenshot(page, "search-mentions-laptop")
    page.set_viewport_size(VIEWPORTS["phone"])
    screenshot(page, "search-mentions-phone")
    page.goto(seeded_site + "/countries/")
    screenshot(page, "countries-phone")
