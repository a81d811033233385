"""Issue 29 in Chromium, on a phone: from a search to an alert by email, confirmed by its mail's link,
then changed and ended on the page of one's alerts."""
import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from speeches.models import Alert, Subscriber

from .conftest import VIEWPORTS
from .test_accessibility import axe_violations

READER = "reader@example.org"


def test_a_reader_on_a_phone_follows_a_search_by_email(browser, seeded_site, smtp_server, screenshot):
    context = browser.new_context(viewport=VIEWPORTS["phone"], bypass_csp=True)  # CSP bypassed for axe alone
    page = context.new_page()
    page.goto(seeded_site + "/search/?q=%22shared+future%22&speaker=xi-jinping")
    screenshot(page, "search-with-alert-link-phone")
    page.get_by_role("link", name="Get an alert by email").click()

    expect(page.get_by_role("heading", name="Get an alert by email")).to_be_visible()
    expect(page.locator(".lede")).to_contain_text('“"shared future"”, with speaker Xi Jinping')
    page.get_by_label("Your email address").fill(READER)
    page.get_by_label("Weekly digest").check()
    screenshot(page, "alert-form-phone")
    assert not axe_violations(page)
    page.get_by_role("button", name="Get the alert").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("If the address can receive mail, a message is on its way")
    screenshot(page, "alert-sent-phone")
    assert not axe_violations(page)

    (message,) = smtp_server.to(READER)
    confirm_url = re.search(r"https?://\S+/alerts/confirm/\S+/", message.get_body(("plain",)).get_content()).group()
    page.goto(seeded_site + urlsplit(confirm_url).path)  # the mail names the site's configured address
    expect(page.get_by_role("heading", name="Confirm your alert")).to_be_visible()
    assert Alert.objects.get().state == Alert.State.UNCONFIRMED
    page.get_by_role("button", name="Confirm the alert").click()
    expect(page.get_by_role("heading", name="Your alert is on")).to_be_visible()
    assert Alert.objects.get().state == Alert.State.ACTIVE

    page.get_by_role("link", name="See and change your alerts").click()
    expect(page.get_by_role("heading", name="Your alerts")).to_be_visible()
    expect(page.get_by_label("How often")).to_have_value("weekly")
    screenshot(page, "alert-manage-phone")
    assert not axe_violations(page)
    page.get_by_label("How often").select_option("daily")
    page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("status")).to_contain_text("now comes: daily digest")
    assert Alert.objects.get().frequency == Alert.Frequency.DAILY

    page.get_by_role("button", name="End this alert").click()
    expect(page.get_by_role("heading", name="Your alerts have ended")).to_be_visible()
    assert not Subscriber.objects.exists()
    context.close()
