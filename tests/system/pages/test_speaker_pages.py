"""A speaker's page read on a phone and a laptop: their offices, figures and words, nothing wider than the screen."""
import pytest
from playwright.sync_api import expect

from speeches.models import Person

from ..page_types import add_offices
from .conftest import VIEWPORTS


@pytest.mark.parametrize("viewport_name", sorted(VIEWPORTS))
def test_a_speakers_page_fits_the_screen_and_opens_its_figures_as_a_table(browser, seeded_site, viewport_name,
                                                                          screenshot):
    add_offices(Person.objects.get(slug="xi-jinping"))
    context = browser.new_context(viewport=VIEWPORTS[viewport_name])
    page = context.new_page()
    page.goto(f"{seeded_site}/people/xi-jinping/")
    expect(page.get_by_role("heading", name="Offices")).to_be_visible()
    expect(page.get_by_role("heading", name="President of the People's Republic of China since 14 March 2013")
           ).to_be_visible()  # his documents grouped by office
    expect(page.get_by_role("table", name="Phrases")).to_be_visible()
    expect(page.get_by_role("img", name="Published documents per year, 2022 to 2025.", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    figures = page.get_by_role("table", name="Published documents per year")
    expect(figures).to_be_hidden()
    page.get_by_text("Documents per year as a table").focus()
    page.keyboard.press("Enter")  # a keyboard opens the figures
    expect(figures).to_be_visible()
    assert figures.get_by_role("row").count() == 5  # its head, then 2022 to 2025
    screenshot(page, f"speaker-{viewport_name}")
    context.close()
