"""An editor pastes PDF text in the admin, cleans it, checks the changed words, previews and publishes."""
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from speeches.models import Document

PASTED = (
    "Dear friends,\n\n"
    "The caravans of the past carried silk and spices across the steppe; the caravans of today carry\n"
    "solar panels and grain. Our cooperation has grown inter-\n"
    "national in scope and keeps growing every single year for all of our peoples.\n\n"
    "4\n\n"
    "We will keep building bridges between our peoples, shoulder to shoulder, for the\n"
    "years to come and for the generations that will follow us on this long road.\n"
)


def test_paste_clean_preview_and_publish(page, live_server, transactional_db, screenshot):
    user = User.objects.create_user("publisher", password="a-long-publisher-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("publisher")
    page.get_by_label("Password").fill("a-long-publisher-password")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/admin/speeches/document/add/")
    page.get_by_role("textbox", name="Title:", exact=True).fill("Toward a Greener Silk Road")
    page.locator("#id_body").fill(PASTED)
    page.get_by_role("button", name="Clean pasted text").click()
    panel = page.locator(".clean-panel")
    expect(panel).to_contain_text("3 paragraphs. 2 change(s) to words")
    expect(panel.locator("li").nth(0)).to_contain_text("inter- national → international")
    expect(panel.locator("li").nth(1)).to_contain_text("4 → (removed)")
    screenshot(page, "admin-clean-pasted-text")
    panel.get_by_role("button", name="Apply").click()
    expect(page.locator("#id_body")).to_have_value(
        "Dear friends,\n\nThe caravans of the past carried silk and spices across the steppe; the caravans of "
        "today carry solar panels and grain. Our cooperation has grown international in scope and keeps growing "
        "every single year for all of our peoples.\n\nWe will keep building bridges between our peoples, shoulder "
        "to shoulder, for the years to come and for the generations that will follow us on this long road.")
    expect(page.get_by_label("Source text:", exact=True)).to_have_value(PASTED)
    preview = page.locator(".document-preview")
    expect(preview).to_contain_text("(3 paragraphs)")
    expect(preview.locator("#p-2")).to_contain_text("grown international in scope")

    page.get_by_label("Status:", exact=True).select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    document = Document.objects.get()
    page.goto(live_server.url + document.get_absolute_url())
    expect(page.locator("#p-3")).to_contain_text("shoulder to shoulder")
