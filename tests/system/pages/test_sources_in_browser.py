"""A source beside the transcript, in the browser: a publisher attaches a PDF and a recording to a seed
document and ties paragraphs to pages and times; a reader sees page 2 beside paragraph 4 with the
paragraph's region marked on it, plays the recording (audio or video) from paragraph 5, and cites
paragraph 4 by its page."""
import io

from playwright.sync_api import expect

from speeches.models import Document, ParagraphTie
from speeches.sources.attaching import attach_source

from ...integration.test_sources import SUMMIT, mp4_of, pdf_of, wav_of
from .test_review_in_browser import signed_in


def attach(page, name, mime, content, label):
    page.locator("#id_file").set_input_files(files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.locator("#id_label").fill(label)
    page.get_by_role("button", name="Attach").click()
    expect(page.locator(".messagelist")).to_contain_text(f"“{label}” was attached")


def draw_region(page, row, screenshot):
    """Draw a region on the page of ``row``'s PDF tie with the pointer: from 10 %, 20 % to 70 %, 50 %."""
    page.locator(row).get_by_role("button", name="Draw the region on the page").click()
    sheet = page.locator("#region-drawer img")
    expect(sheet).to_be_visible()
    page.wait_for_function("() => document.querySelector('#region-drawer img').complete")
    box = sheet.bounding_box()
    page.mouse.move(box["x"] + 0.1 * box["width"], box["y"] + 0.2 * box["height"])
    page.mouse.down()
    page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 0.5 * box["height"], steps=5)
    page.mouse.up()
    screenshot(page, "sources-admin-drawing-a-region")
    page.get_by_role("button", name="Use this region").click()
    expect(page.locator(row).get_by_role("textbox", name="Region of the page of Statement (PDF)")).to_have_value(
        "10, 20, 60, 30")


def test_a_reader_sees_the_page_beside_the_paragraph_and_plays_the_recording_from_it(browser, seeded_site, live_server,
                                                                                      screenshot):
    summit = Document.objects.get(public_id=SUMMIT)
    texts = [paragraph["text"] for paragraph in summit.paragraphs]
    publisher = signed_in(browser, live_server, "publisher", "Publishers")
    publisher.goto(f"{seeded_site}/admin/speeches/document/{summit.pk}/change/")
    publisher.get_by_role("link", name="Sources and ties").click()
    attach(publisher, "statement.pdf", "application/pdf", pdf_of([texts[:3], texts[3:6], texts[6:]]), "Statement (PDF)")
    expect(publisher.locator(".messagelist")).to_contain_text("pages are proposed for")
    attach(publisher, "keynote.wav", "audio/wav", wav_of(40), "Keynote (recording)")

    row = publisher.locator("#tie-p-4")
    expect(row.get_by_label("Statement (PDF) for this paragraph")).to_have_value("2")  # proposed from its text
    expect(row.locator(".tie-proposed")).to_be_visible()
    publisher.locator("#tie-p-5").get_by_label("Keynote (recording) for this paragraph").fill("0:12")
    publisher.locator("#tie-p-6").get_by_label("Keynote (recording) for this paragraph").fill("0:20")
    publisher.locator("#tie-p-6").get_by_label("Statement (PDF) for this paragraph").select_option("2")
    draw_region(publisher, "#tie-p-6", screenshot)
    screenshot(publisher, "sources-admin-ties")
    publisher.get_by_role("button", name="Save the ties").click()
    expect(publisher.locator(".messagelist")).to_contain_text("tie(s) saved")
    assert ParagraphTie.objects.filter(document=summit, confirmed=True, anchor="p-5", start=12).exists()
    assert ParagraphTie.objects.get(anchor="p-6", source__kind="pdf").region == [0.1, 0.2, 0.6, 0.3]

    reader = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    reader.goto(f"{seeded_site}{summit.get_absolute_url()}#p-4")
    shown = reader.locator("#source-page")
    expect(shown).to_have_attribute("src", f"/sources/{summit.sources.get(kind='pdf').sha256}/pages/2")
    expect(reader.locator("#source-page-caption")).to_have_text("p. 2 of Statement (PDF)")
    paragraph, page_image = reader.locator("#p-4").bounding_box(), shown.bounding_box()
    assert page_image["x"] > paragraph["x"] + paragraph["width"]  # beside it, not below
    assert page_image["y"] < paragraph["y"] + paragraph["height"] and page_image["y"] + page_image["height"] > paragraph["y"]
    region, box = reader.locator("#source-region"), ParagraphTie.objects.get(anchor="p-4", source__kind="pdf").region
    expect(region).to_be_visible()
    marked = region.bounding_box()
    assert abs(marked["y"] - (page_image["y"] + box[1] * page_image["height"])) < 3  # where the tie says, on the page
    assert abs(marked["height"] - box[3] * page_image["height"]) < 3 and marked["width"] < page_image["width"]
    screenshot(reader, "sources-beside-paragraph-4")

    reader.locator("#p-5").get_by_role("button", name="Play the recording from 0:12").click()
    reader.wait_for_function("() => !document.getElementById('source-recording').paused")
    assert reader.evaluate("document.getElementById('source-recording').currentTime") >= 12

    reader.goto(f"{seeded_site}{summit.get_absolute_url()}?cite=p-4#cite")
    expect(reader.locator("#citation-chicago")).to_contain_text("paragraph 4, p. 2")

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{seeded_site}{summit.get_absolute_url()}")
    text_box, viewer = phone.locator("#document-body").bounding_box(), phone.locator(".source-viewer").bounding_box()
    assert viewer["y"] >= text_box["y"] + text_box["height"]  # below the text on a phone
    screenshot(phone, "sources-on-a-phone")
    for page in (publisher, reader, phone):  # players' and pages' open connections end before the live server stops
        page.context.close()


def test_a_reader_plays_a_video_from_the_paragraph_beside_it(browser, seeded_site, screenshot):
    summit = Document.objects.get(public_id=SUMMIT)
    video = attach_source(summit, io.BytesIO(mp4_of(30)), "press conference.mp4", label="Press conference (video)")
    ParagraphTie.objects.create(document=summit, anchor="p-5", source=video, start=12, confirmed=True)

    reader = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    reader.goto(f"{seeded_site}{summit.get_absolute_url()}#p-5")
    player = reader.locator("video#source-recording")
    expect(player).to_be_visible()
    reader.locator("#p-5").get_by_role("button", name="Play the recording from 0:12").click()
    reader.wait_for_function("() => { const v = document.getElementById('source-recording');"
                             " return !v.paused && v.currentTime >= 12.2; }")  # playing, from 0:12 on (a range read)
    assert reader.evaluate("document.getElementById('source-recording').error") is None
    paragraph, shown = reader.locator("#p-5").bounding_box(), player.bounding_box()
    assert shown["x"] > paragraph["x"] + paragraph["width"]  # beside the text on a laptop
    screenshot(reader, "sources-video-beside-paragraph-5")
    reader.context.close()  # the player's open connection ends before the live server stops
