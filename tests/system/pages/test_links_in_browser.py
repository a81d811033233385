"""Links to paragraphs and passages in Chromium: they survive edits, or say what happened."""
import re

from playwright.sync_api import expect

from speeches.models import DocumentText

from tests.factories import make_document

from .conftest import select_text

BODY = ["Opening words.", "The six pomegranate trees that we planted together are blooming.",
        "Trade has grown by a third.", "Thank you."]


def test_link_to_a_removed_paragraph_lands_on_the_document_with_a_notice(page, live_server, transactional_db):
    document = make_document(body="\n\n".join(BODY))
    document.body = "\n\n".join(BODY[:2] + BODY[3:])
    document.save()
    page.goto(live_server.url + document.get_absolute_url() + "#p-3")
    expect(page.get_by_role("status")).to_contain_text("(¶ 3) is no longer in this document")
    expect(page.locator("#p-4")).to_have_text(re.compile("Thank you."))


def test_link_to_a_paragraph_merged_into_another_lands_on_it_with_a_notice(page, live_server, transactional_db,
                                                                          screenshot):
    document = make_document(body="\n\n".join(BODY))
    document.body = "\n\n".join([BODY[0], BODY[1] + " " + BODY[2], BODY[3]])
    document.save()
    page.goto(live_server.url + document.get_absolute_url() + "#p-3")
    expect(page.get_by_role("status")).to_contain_text("(¶ 3) was merged into ¶ 2 when the text was corrected")
    merged = page.locator("#p-2")
    expect(merged).to_be_in_viewport()
    expect(merged).to_have_css("background-color", "rgb(255, 248, 214)")  # highlighted as a paragraph linked to
    screenshot(page, "merged-paragraph-link")


def test_link_to_a_paragraph_of_a_merged_duplicate_lands_where_it_is_in_the_document_kept(page, live_server,
                                                                                           transactional_db):
    from speeches.lifecycle import merge_documents

    kept = make_document(body="\n\n".join(BODY))
    duplicate = make_document(body="\n\n".join([BODY[2], "A line the kept one lacks."]))
    merge_documents(kept, duplicate)
    page.goto(f"{live_server.url}/d/{duplicate.public_id}/#p-1")
    expect(page.get_by_role("status")).to_contain_text("(its ¶ 1) is ¶ 3 here")
    expect(page.locator("#p-3")).to_be_in_viewport()
    expect(page.locator("#p-3")).to_have_css("background-color", "rgb(255, 248, 214)")
    assert page.evaluate("location.hash") == "#p-3"
    page.goto(f"{live_server.url}/d/{duplicate.public_id}/#p-2")
    expect(page.get_by_role("status")).to_contain_text("(its ¶ 2) is not in this one")
    assert page.evaluate("location.hash") == ""


def test_link_to_a_passage_still_resolves_after_unrelated_edits(page, live_server, transactional_db):
    document = make_document(body="\n\n".join(BODY))
    page.goto(live_server.url + document.get_absolute_url())
    select_text(page.locator("#p-2"), "pomegranate trees that we planted")
    link = page.get_by_role("link", name="Link to this passage")
    expect(link).to_be_visible()
    passage_url = link.get_attribute("href")
    assert passage_url.endswith("?hl=%22pomegranate%20trees%20that%20we%20planted%22#p-2")

    document.body = "\n\n".join(["A new first paragraph, inserted by an editor.", *BODY[:2], "Another insertion.", *BODY[2:]])
    document.save()
    page.goto(live_server.url + passage_url)
    passage = page.locator("#p-2 mark")
    expect(passage).to_have_text("pomegranate trees that we planted")
    expect(passage).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "p-2"


def test_link_to_a_passage_of_a_translation_opens_that_translation(page, live_server, transactional_db):
    document = make_document(body="我们种下的六棵石榴树。", language="zh-Hans")
    DocumentText.objects.create(document=document, language="en", role="official-translation", body="\n\n".join(BODY))
    page.goto(live_server.url + document.get_absolute_url() + "?lang=en")
    select_text(page.locator("#p-2"), "pomegranate trees that we planted")
    passage_url = page.get_by_role("link", name="Link to this passage").get_attribute("href")
    assert passage_url.endswith("?lang=en&hl=%22pomegranate%20trees%20that%20we%20planted%22#p-2")
    page.goto(live_server.url + passage_url)
    expect(page.locator("#p-2 mark")).to_have_text("pomegranate trees that we planted")
