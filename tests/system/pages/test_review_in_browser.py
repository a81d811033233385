"""An editor's day in the browser: a speech with its Chinese original pasted from PDF text, drafted,
submitted, reviewed with its diff and published by a publisher; then a typo corrected and approved."""
import re

from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from speeches.models import Document

ENGLISH_PASTE = (
    "Dear colleagues,\n\n"
    "Connectivity is the lifeblood of our region. The new railway will link our ports\n"
    "and our markets and bring our peoples closer than ever befor in the long his-\n"
    "tory of the Silk Road, from the mountains of the west to the shores of the east.\n\n"
    "2\n\n"
    "We will open the corridor to every partner who wishes to join us on equal terms,\n"
    "and we will keep it open for the generations that will follow us on this road.\n"
)
CHINESE_PASTE = (  # its lines break inside words (互联/互通), its page number between paragraphs
    "亲爱的同事们：\n\n"
    "　　互联互通是本地区发展的命脉。新铁路将连接我们的港口和市场，\n"
    "让各国人民比丝绸之路漫长历史上的任何时候都更加亲近。我们坚持互联\n"
    "互通，从西部的群山一直延伸到东部的海岸，推动共同发展繁荣进步。\n"
    "\n2\n\n"
    "　　我们愿向所有愿意平等加入的伙伴开放这条走廊，并为后代保持它的\n"
    "畅通，让这条道路造福子孙后代。\n"
)


def signed_in(browser, live_server, username, group):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"a-long-{username}-password")
    page.get_by_role("button", name="Log in").click()
    return page


def open_the_request(page, live_server, title):
    page.goto(live_server.url + "/admin/speeches/reviewrequest/?state__exact=pending")
    page.get_by_role("link", name=title).click()


def test_draft_submit_review_publish_then_correct_and_approve(browser, live_server, transactional_db, screenshot):
    editor = signed_in(browser, live_server, "editor", "Editors")
    publisher = signed_in(browser, live_server, "publisher", "Publishers")

    editor.goto(live_server.url + "/admin/speeches/document/add/")
    editor.get_by_role("textbox", name="Title:", exact=True).fill("Remarks on connectivity")
    editor.get_by_label("Date:", exact=True).fill("June 2025")
    editor.locator("#id_text_role").select_option("official-translation")
    editor.locator("#id_body").fill(ENGLISH_PASTE)
    editor.get_by_role("button", name="Clean pasted text").first.click()
    editor.locator(".clean-panel").first.get_by_role("button", name="Apply").click()
    editor.get_by_text("Add another Text in another language or version").click()
    expect(editor.locator('datalist#language-tags option[value="zh"]')).to_have_text("Chinese")
    editor.locator("#id_texts-0-language").fill("zh")  # its script is taken from its characters
    editor.locator("#id_texts-0-role").select_option("original")
    editor.locator("#id_texts-0-body").fill(CHINESE_PASTE)
    editor.get_by_role("button", name="Clean pasted text").nth(1).click()
    chinese_cleaning = editor.locator(".clean-panel").nth(1)
    expect(chinese_cleaning).to_contain_text("坚持互联 互通")
    expect(chinese_cleaning).to_contain_text("坚持互联互通")
    screenshot(editor, "review-0-editor-cleans-the-chinese-paste")
    chinese_cleaning.get_by_role("button", name="Apply").click()
    expect(editor.locator("#id_texts-0-body")).to_have_value(re.compile("我们坚持互联互通，从西部"))
    screenshot(editor, "review-1-editor-drafts")
    editor.get_by_role("button", name="Save and submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("submitted for review")
    expect(editor.locator(".review-state")).to_contain_text("Submitted for review by editor")
    draft = Document.objects.get()
    assert (draft.status, draft.date_precision, draft.texts.get().language) == ("draft", "month", "zh-Hans")
    assert editor.goto(live_server.url + draft.get_absolute_url()).status == 404

    open_the_request(publisher, live_server, "Remarks on connectivity")
    expect(publisher.locator(".review-changes")).to_contain_text("Connectivity is the lifeblood")
    expect(publisher.locator(".review-changes")).to_contain_text("互联互通是本地区发展的命脉")
    screenshot(publisher, "review-2-publisher-reviews-new-document")
    publisher.set_viewport_size({"width": 390, "height": 844})
    screenshot(publisher, "review-2-publisher-reviews-new-document-phone")
    publisher.set_viewport_size({"width": 1280, "height": 900})
    publisher.get_by_role("button", name="Approve and publish").click()
    expect(publisher.locator(".messagelist")).to_contain_text("is published")

    reader = browser.new_context().new_page()
    reader.goto(live_server.url + draft.get_absolute_url())
    expect(reader.locator("#p-2")).to_contain_text("closer than ever befor in the long history")
    reader.goto(live_server.url + draft.get_absolute_url() + "?lang=zh-CN")
    expect(reader.locator("main")).to_contain_text("我们坚持互联互通，从西部的群山")
    reader.goto(live_server.url + draft.get_absolute_url() + "?lang=zh-Hans&view=side-by-side")
    row = reader.locator(".side-by-side__row").filter(has_text="Connectivity is the lifeblood")
    expect(row).to_contain_text("互联互通是本地区发展的命脉")  # the proposed alignment, read beside

    editor.goto(live_server.url + f"/admin/speeches/document/{draft.pk}/change/")
    expect(editor.locator(".review-state")).to_contain_text("Approved and published by publisher")
    expect(editor.get_by_text("Align paragraphs side by side")).to_have_count(0)
    editor.get_by_role("button", name="Propose a correction").click()
    expect(editor.locator(".review-state").first).to_contain_text("A proposed correction of the published")
    body = editor.locator("#id_body")
    body.fill(body.input_value().replace("ever befor", "ever before"))
    screenshot(editor, "review-3-editor-corrects-a-typo")
    editor.get_by_role("button", name="Save and submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("submitted for review")
    reader.goto(live_server.url + draft.get_absolute_url())
    expect(reader.locator("#p-2")).to_contain_text("ever befor in")

    open_the_request(publisher, live_server, "Remarks on connectivity")
    expect(publisher.locator(".review-diff del")).to_have_text("befor")
    expect(publisher.locator(".review-diff ins")).to_have_text("before")
    screenshot(publisher, "review-4-publisher-sees-the-correction")
    publisher.get_by_role("button", name="Approve and publish").click()

    reader.goto(live_server.url + draft.get_absolute_url())
    expect(reader.locator("#p-2")).to_contain_text("closer than ever before in the long history")
    assert Document.objects.count() == 1
    editor.goto(live_server.url + "/admin/speeches/reviewrequest/")
    expect(editor.locator("#result_list")).to_contain_text("Approved and published")
    screenshot(editor, "review-5-editor-sees-the-outcome")
