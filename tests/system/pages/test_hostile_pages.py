"""Pages stay whole whatever the text they show (issue 15): huge words, bidirectional overrides."""
import datetime

from playwright.sync_api import expect

from tests.factories import make_document, make_person
from .conftest import VIEWPORTS


def test_a_huge_word_does_not_widen_the_page(browser, live_server, transactional_db):
    document = make_document(title="W" * 5_000, body="x" * 100_000)
    for viewport in VIEWPORTS.values():
        page = browser.new_page(viewport=viewport)
        page.goto(live_server.url + document.get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.goto(live_server.url + "/")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.close()


def test_a_right_to_left_override_in_a_name_stays_inside_it(page, live_server, transactional_db):
    spoofer = make_person("Mallory\u202e")
    document = make_document(title="Remarks", speakers=[(spoofer, "Envoy\u202e")], date=datetime.date(2024, 5, 1))
    page.goto(live_server.url + "/")
    summary = page.locator(".summary").first
    name_box = summary.get_by_role("link", name="Mallory").bounding_box()
    date_box = summary.locator("time").bounding_box()
    assert date_box["x"] > name_box["x"] + name_box["width"]  # the date still reads after the name
    page.goto(live_server.url + document.get_absolute_url())
    facts = page.locator(".facts")
    expect(facts.locator("bdi", has_text="Envoy")).to_have_count(1)
    role_box = facts.locator("bdi", has_text="Envoy").bounding_box()
    date_box = facts.locator("time").bounding_box()
    assert date_box["y"] > role_box["y"]
    assert page.evaluate("getComputedStyle(document.querySelector('.facts a')).unicodeBidi") == "isolate"
