"""What a researcher does in a browser: search a phrase, open the snippet, land on the paragraph."""
import re

import pytest
from playwright.sync_api import expect

ASTANA_PATH = "/d/wm7v8ets/"


def test_search_a_phrase_and_land_on_its_paragraph(page, seeded_site):
    page.goto(seeded_site + "/")
    page.get_by_role("searchbox", name="Search the archive").fill("“six pomegranate trees”")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 document found")
    snippet = page.locator(".snippet a").first
    expect(snippet.locator("mark")).to_have_text("six pomegranate trees")
    snippet.click()
    expect(page).to_have_url(re.compile(
        re.escape(seeded_site + ASTANA_PATH) + r"developing-the-china-central-asia-spirit[a-z-]*/"
        r"\?hl=%E2%80%9Csix%20pomegranate%20trees%E2%80%9D#p-4$"
    ))
    paragraph = page.locator("#p-4")
    expect(paragraph).to_contain_text("The six pomegranate trees that we planted together")
    expect(paragraph).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "p-4"


@pytest.mark.parametrize("viewport_name", ["laptop", "phone"])
def test_paragraph_numbers_show_while_reading_and_stay_out_of_copied_text(browser, seeded_site, viewport_name):
    from .conftest import VIEWPORTS

    context = browser.new_context(viewport=VIEWPORTS[viewport_name])
    page = context.new_page()
    page.goto(seeded_site + "/d/stx5jr9c/")
    number = page.locator("#p-3").get_by_title("Link to this paragraph")
    expect(number).to_be_visible()
    expect(number).to_have_attribute("href", "#p-3")
    assert number.evaluate("link => getComputedStyle(link, '::before').content") == '"3"'
    copied = page.locator("#p-3").evaluate("""paragraph => {
        const range = document.createRange();
        range.selectNodeContents(paragraph);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        return window.getSelection().toString();
    }""")
    assert copied.startswith("The Chinese people often say"), copied[:40]
    number.click()
    assert page.url.endswith("#p-3")
    context.close()


def test_a_passage_said_elsewhere_is_marked_with_a_link_to_the_others(page, seeded_site):
    page.goto(seeded_site + "/d/9eqrv25t/")
    page.get_by_role("link", name="Also said elsewhere: see where").first.click()
    expect(page.locator("#said-elsewhere")).to_be_visible()
    assert re.search(r"#also-p-\d+$", page.url)
    page.goto(seeded_site + "/d/9eqrv25t/")
    page.get_by_role("link", name=re.compile(r"also said elsewhere$")).click()
    expect(page.get_by_role("heading", name="Passages also said elsewhere")).to_be_in_viewport()


def test_copy_buttons_copy_each_citation_style(browser, seeded_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(seeded_site + "/d/stx5jr9c/")
    for label, start in [("Chicago", "Xi, Jinping. 2022. “Joining Hands for a Shared Future.”"),
                         ("APA", "Xi, J. (2022, January 25). Joining Hands for a Shared Future [Remarks. Translation]."),
                         ("MLA", "Xi, Jinping. “Joining Hands for a Shared Future.” Remarks.")]:
        button = page.get_by_role("button", name=f"Copy {label}")
        button.click()
        expect(page.locator(f'[data-copy-target="citation-{label.lower()}"]')).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()").startswith(start)
    context.close()


def test_cite_a_paragraph_from_its_hover_link(page, seeded_site):
    page.goto(seeded_site + "/d/stx5jr9c/")
    page.locator("#p-4").hover()
    page.locator("#p-4").get_by_title("Cite this paragraph").click()
    expect(page.get_by_role("heading", name="Cite paragraph 4")).to_be_visible()
    expect(page.locator("#citation-chicago")).to_contain_text("/d/stx5jr9c/#p-4")


def test_a_shared_link_citing_a_paragraph_opens_at_it_marked(page, seeded_site):
    page.goto(seeded_site + "/d/stx5jr9c/joining-hands-for-a-shared-future/?cite=p-12")
    paragraph = page.locator("#p-12")
    expect(paragraph).to_have_class(re.compile("is-highlighted"))
    expect(paragraph).to_be_in_viewport()


def test_paragraph_tools_are_one_form_for_keyboards_and_screen_readers(page, seeded_site):
    page.goto(seeded_site + "/d/stx5jr9c/")
    body_links = page.locator("#document-body").get_by_role("link")
    # Numbers and "cite" links are hidden from the accessibility tree; only the marks of passages said
    # elsewhere are links for everyone.
    assert body_links.count() == page.locator("#document-body .said-elsewhere").count()
    assert page.locator("#document-body .paragraph-tools a[tabindex='-1']").count() > 30
    page.get_by_label("Cite or link a paragraph").select_option("p-4")
    page.get_by_role("button", name="Cite paragraph").click()
    expect(page.get_by_role("heading", name="Cite paragraph 4")).to_be_visible()
    expect(page.get_by_role("link", name="/d/stx5jr9c/#p-4")).to_be_visible()


@pytest.mark.parametrize("name, path", [
    ("home", "/"),
    ("search", "/search/?q=%E2%80%9Cshoulder+to+shoulder%E2%80%9D+OR+amity"),
    ("document", "/d/stx5jr9c/"),
    ("browse", "/browse/"),
    ("timeline", "/search/timeline/?q=%22community+with+a+shared+future%22"),
    ("timeline-comparison", "/search/timeline/?q=%22shared+future%22&q=%22mutual+benefit%22&q=amity"
                            "&q=%22win-win+cooperation%22&q=%22mutual+respect%22&measure=occurrences"),
    ("concordance", "/search/concordance/?q=%22shared+future%22&order=left"),
    ("export", "/search/export/?q=amity"),
])
def test_pages_fit_phone_and_laptop_widths(browser, seeded_site, screenshot, viewport_name, name, path):
    from .conftest import VIEWPORTS

    context = browser.new_context(viewport=VIEWPORTS[viewport_name])
    page = context.new_page()
    page.goto(seeded_site + path)
    expect(page.locator("h1").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport_name} width"
    assert screenshot(page, f"{name}-{viewport_name}").stat().st_size > 10_000
    context.close()


def test_follow_a_formula_from_results_to_timeline_to_concordance_to_its_paragraph(page, seeded_site):
    page.goto(seeded_site + "/search/?q=%22shared+future%22")
    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("shared future")
    assert page.locator("svg .chart__bar").count() >= 2  # a bar per year, empty years too
    expect(page.get_by_role("table")).to_contain_text("2025")
    page.get_by_role("link", name="Concordance").click()
    page.get_by_role("link", name="Word to the left").click()
    first_line = page.locator(".kwic tbody tr").first
    # The match sits in the middle column, between its contexts.
    left, match, right = (first_line.locator(f".kwic__{side}").bounding_box() for side in ("left", "match", "right"))
    assert left["x"] < match["x"] < right["x"]
    # (a line of a title or a credit links to the page; one of a paragraph, to the paragraph)
    page.locator('.kwic__match a[href*="#p-"]').first.click()
    expect(page.locator(".document__body mark").first).to_be_visible()
    assert "#p-" in page.url


def test_two_texts_side_by_side_on_a_laptop_and_stacked_on_a_phone(browser, seeded_site, screenshot):
    from speeches.models import Document, DocumentText

    from .conftest import VIEWPORTS

    document = Document.objects.get(public_id="stx5jr9c")
    body = "\n\n".join(f"第{number}段。" for number in range(1, len(document.paragraphs) + 1))
    DocumentText.objects.create(document=document, language="zh-hans", role="original", body=body)
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(seeded_site + "/d/stx5jr9c/")
        page.get_by_role("link", name="English and Chinese (Simplified) side by side").click()
        row = page.locator(".side-by-side__row").nth(2)
        main, other = row.locator(".side-by-side__main").bounding_box(), row.locator(".side-by-side__other").bounding_box()
        if name == "laptop":
            assert other["x"] > main["x"] + main["width"] - 1 and abs(other["y"] - main["y"]) < 5
        else:
            assert other["y"] >= main["y"] + main["height"] - 1
        expect(row.locator(".side-by-side__other")).to_contain_text("第3段。")
        if name == "laptop":  # the two texts use the screen's width, not the 44rem reading column
            assert main["width"] > 520 and other["width"] > 520, (main, other)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"side by side scrolls sideways by {overflow}px at {name} width"
        screenshot(page, f"document-side-by-side-{name}")
        context.close()


def test_a_hit_in_another_text_and_the_language_switch_on_a_laptop_and_a_phone(browser, seeded_site, screenshot):
    from speeches.importers.importing import import_paths

    from ..page_types import TEXTS_IN_SEVERAL_LANGUAGES
    from .conftest import VIEWPORTS

    import_paths([TEXTS_IN_SEVERAL_LANGUAGES])
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(seeded_site + "/search/?q=%E3%80%8C%E8%A6%AA%E8%AA%A0%E6%83%A0%E5%AE%B9%E3%80%8D")  # 「親誠惠容」
        pair = page.locator(".snippet-pair").first
        chinese, aligned = pair.locator(".snippet").nth(0).bounding_box(), pair.locator(".snippet--aligned").bounding_box()
        if name == "laptop":
            assert aligned["x"] > chinese["x"] + chinese["width"] - 1
        else:
            assert aligned["y"] >= chinese["y"] + chinese["height"] - 1
        expect(pair.locator("mark")).to_have_text("亲诚惠容")
        screenshot(page, f"search-hit-in-another-text-{name}")
        pair.locator(".snippet a").first.click()
        expect(page.locator("#document-body")).to_have_attribute("lang", "zh-Hans")
        expect(page.locator("#p-2")).to_contain_text("秉持亲诚惠容的理念")
        assert page.url.endswith("#p-2")
        page.get_by_role("link", name="English (official translation)").click()
        expect(page.locator("#p-2")).to_contain_text("We follow the principle of amity")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the document scrolls sideways by {overflow}px at {name} width"
        context.close()
