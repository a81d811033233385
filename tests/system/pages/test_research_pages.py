"""The timeline and the concordance read on a phone, a tablet and a laptop."""
import pytest
from playwright.sync_api import expect

WIDTHS = {"phone": (390, 844), "tablet": (800, 900), "laptop": (1280, 800)}
LONG_QUOTE = '"worked to synergize the Belt and Road Initiative with the cooperation"'

# For each line of the concordance: the gaps between the left context's last letter and the match, and
# between the match and the right context's first letter (999: on another line); the widths of the
# contexts left in view.
MEASURE_LINES = """() => [...document.querySelectorAll('.kwic tbody tr')].map(row => {
    const box = element => element.getBoundingClientRect();
    const textBox = (cell, fromEnd) => {
        const node = [...cell.querySelectorAll('*'), cell].flatMap(e => [...e.childNodes])
            .filter(n => n.nodeType === 3 && n.nodeValue.trim())[0];
        const text = node.nodeValue, at = fromEnd ? text.trimEnd().length - 1 : text.length - text.trimStart().length;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getBoundingClientRect();
    };
    const visible = cell => {
        const text = box(cell.querySelector('span') || cell), shown = box(cell);
        return Math.max(0, Math.min(text.right, shown.right) - Math.max(text.left, shown.left));
    };
    const left = row.querySelector('.kwic__left'), match = row.querySelector('.kwic__match a');
    const right = row.querySelector('.kwic__right');
    // Words on lines of their own (a long match on a phone) are apart whatever their x.
    const gap = (first, second) => second.top >= first.bottom - 1 ? 999 : second.left - first.right;
    return {
        before: gap(textBox(left, true), match.getClientRects()[0]),
        after: right.textContent.trim() ? gap([...match.getClientRects()].at(-1), textBox(right, false)) : null,
        leftShown: visible(left), rightShown: visible(right), width: box(row).width,
        match: match.textContent,
    };
})"""


def concordance_lines(browser, site, width, query):
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
    page = context.new_page()
    page.goto(f"{site}/search/concordance/?q={query}")
    expect(page.locator(".kwic tbody tr").first).to_be_visible()
    measured = page.evaluate(MEASURE_LINES)
    context.close()
    return measured


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_concordance_words_never_run_together(browser, seeded_site, client, width):
    texts = client.get("/api/search/concordance/", {"q": "cooperation"}).json()["lines"]
    lines = concordance_lines(browser, seeded_site, width, "cooperation")
    assert len(lines) == len(texts) > 20
    for text, line in zip(texts, lines):
        if text["left"][-1:].isspace():  # a space in the text is a space on the screen
            assert line["before"] >= 2, (width, text["left"], line)
        if text["right"][:1].isspace():
            assert line["after"] >= 2, (width, text["right"], line)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_a_long_match_leaves_its_contexts_in_view(browser, seeded_site, width):
    [line] = concordance_lines(browser, seeded_site, width, LONG_QUOTE)
    assert line["match"] == LONG_QUOTE.strip('"')  # shortened on the screen, whole for a screen reader
    assert line["before"] >= 2 and line["after"] >= 2
    assert line["leftShown"] >= 0.15 * line["width"] and line["rightShown"] >= 0.15 * line["width"], line


def test_the_timeline_table_says_it_scrolls_on_a_phone(browser, seeded_site):
    for width, scrolls in [("phone", True), ("laptop", False)]:
        context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
        page = context.new_page()
        page.goto(f"{seeded_site}/search/timeline/?q=%22shared+future%22")
        region = page.get_by_role("region", name="Per year", exact=True)
        hint = page.get_by_text("swipe it sideways")
        assert region.evaluate("element => element.scrollWidth > element.clientWidth") == scrolls
        if scrolls:
            expect(hint).to_be_visible()
            region.focus()  # and a keyboard scrolls it too
            page.keyboard.press("ArrowRight")
            expect(region).not_to_have_js_property("scrollLeft", 0)
        else:
            expect(hint).to_be_hidden()
        context.close()


def test_compare_phrases_on_one_timeline_with_the_form_and_no_script(browser, seeded_site):
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS["laptop"])), java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{seeded_site}/search/timeline/?q=%22shared+future%22&measure=occurrences")
    page.get_by_text("Compare with other queries").click()  # a <details>: it opens without script
    expect(page.get_by_label("Query 1")).to_have_value('"shared future"')
    page.get_by_label("Query 3").fill('"mutual benefit"')  # Query 2 left empty: left out
    page.get_by_label("Query 4").fill("amity")
    page.get_by_role("button", name="Draw the timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text('Timeline: "shared future" vs "mutual benefit" vs amity')
    assert page.locator(".chart__plot .chart__series").count() == 3
    figures = page.get_by_role("table")
    expect(figures.get_by_role("columnheader")).to_have_text(["Year", '"shared future"', '"mutual benefit"', "amity"])
    expect(figures.get_by_role("row", name="2025").get_by_role("cell")).to_have_text(["9", "12", "6"])
    # The measure chosen before went along with the form.
    expect(page.get_by_role("link", name="Occurrences", exact=True)).to_have_attribute("aria-current", "true")
    # The address is the comparison: opened again (shared), its form holds the same queries.
    shared = page.url
    page.goto(shared)
    page.get_by_text("Change the queries compared").click()
    expect(page.get_by_label("Query 2")).to_have_value('"mutual benefit"')
    expect(page.get_by_label("Query 3")).to_have_value("amity")
    expect(page.get_by_label("Query 5")).to_have_value("")
    page.get_by_role("link", name="Its own timeline").nth(2).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline: amity")
    context.close()
