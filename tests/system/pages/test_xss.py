"""Hostile Markdown and metadata, rendered in Chromium: no payload may run.

The payloads follow the OWASP XSS filter-evasion cheat sheet. Each would set window.__xss or open a
dialog if it ran. The page is checked with the browser itself, not only by looking at the HTML.
"""
from playwright.sync_api import expect

from tests.factories import make_document, make_person, make_region, make_venue

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:window.__xss=1\">",
    "<IMG SRC=javascript:window.__xss=1>",
    "<IMG SRC=JaVaScRiPt:window.__xss=1>",
    "<IMG \"\"\"><SCRIPT>window.__xss=1</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"window.__xss=1\">",
    "<IMG SRC=/ onerror=\"window.__xss=1\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058window.__xss=1\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1>",
    "<IMG SRC=\"jav\tascript:window.__xss=1;\">",
    "<IMG SRC=\"jav&#x0A;ascript:window.__xss=1;\">",
    "<SVG ONLOAD=window.__xss=1>",
    "<svg><script>window.__xss=1</script></svg>",
    "<BODY ONLOAD=window.__xss=1>",
    "<iframe src=\"javascript:window.__xss=1\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<object data=\"javascript:window.__xss=1\"></object>",
    "<embed src=\"javascript:window.__xss=1\">",
    "<DIV STYLE=\"background-image: url(javascript:window.__xss=1)\">x</DIV>",
    "<a href=\"javascript:window.__xss=1\" id=\"evil-link\">click me</a>",
    "<a href=\"  jAvAsCrIpT:window.__xss=1\">spaced</a>",
    "[markdown link](javascript:window.__xss=1)",
    "[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==)",
    "![markdown image](javascript:window.__xss=1)",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<math><mtext></mtext><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=window.__xss=1 src=1>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=window.__xss=1>\">",
    "<form><button formaction=javascript:window.__xss=1>x</button></form>",
    "\"><script>window.__xss=1</script>",
    "'-window.__xss=1-'",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__xss=1\">",
    "<base href=\"javascript:window.__xss=1//\">",
    "<link rel=stylesheet href=\"javascript:window.__xss=1\">",
    "<style>@import 'javascript:window.__xss=1';</style>",
    "<table background=\"javascript:window.__xss=1\"><tr><td>t</td></tr></table>",
    "<video><source onerror=\"window.__xss=1\"></video>",
    "<marquee onstart=window.__xss=1>m</marquee>",
    "<x onclick=window.__xss=1>click</x>",
]


def stored_before_the_words_check(document, body):
    """Give ``document`` a body its save now refuses (a script link's address is dropped from the page), as
    one stored before the check is rendered and indexed."""
    from speeches.models import Document
    from speeches.rendering import render_markdown
    from speeches.search import index_documents

    rendered = render_markdown(body)
    Document.objects.filter(pk=document.pk).update(body=body, body_html=rendered.html, paragraphs=[
        {"anchor": paragraph.anchor, "text": paragraph.text} for paragraph in rendered.paragraphs])
    index_documents([document.pk])


DANGEROUS_DOM = """() => {
    const found = [];
    for (const element of document.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            if (attribute.name.startsWith("on")) found.push(element.tagName + " " + attribute.name);
        }
        if (["IFRAME", "OBJECT", "EMBED", "BASE", "META"].includes(element.tagName) && element.closest("body")) {
            found.push(element.tagName);
        }
    }
    for (const link of document.querySelectorAll("a[href], area[href], form[action], button[formaction]")) {
        const url = link.href || link.action || link.formAction || "";
        if (/^(javascript|data|vbscript):/i.test(url)) found.push(link.tagName + " " + url.slice(0, 30));
    }
    for (const script of document.querySelectorAll("script:not([src])")) {
        if (!["application/json", "application/ld+json"].includes(script.type)) found.push("inline script");
    }
    return found;
}"""


def test_no_payload_runs_anywhere_in_the_browser(page, live_server, transactional_db):
    metadata = "\"><img src=x onerror=window.__xss=1><script>window.__xss=1</script>"
    speaker = make_person(f"Speaker {metadata}")
    region = make_region(f"Region {metadata}")
    venue = make_venue(name=f"Venue {metadata}", city=metadata, country=metadata)
    document = make_document(
        title=f"Payloads {metadata}", subtitle=metadata, event=metadata, translation_note=metadata,
        source_publisher=metadata, source_url="https://example.org/?q=\"><script>window.__xss=1</script>",
        speakers=[(speaker, metadata)], regions=[region], venue=venue,
    )
    stored_before_the_words_check(document, "\n\n".join(f"Payload {number}: {payload}"
                                                          for number, payload in enumerate(PAYLOADS)))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = [document.get_absolute_url(), f"{document.get_absolute_url()}?find=payload&hl=payload",
             "/search/?q=payload", f"/search/?q={metadata}", "/", "/browse/", speaker.get_absolute_url(),
             region.get_absolute_url(), f"{document.get_absolute_url()}?cite=p-3"]
    for path in pages:
        page.goto(live_server.url + path)
        expect(page.locator("h1").first).to_be_visible()
        page.mouse.move(200, 300)
        assert page.evaluate("window.__xss") is None, path
        # As the browser parsed it: no event handler, no script URL, no embedded frame or object.
        assert page.evaluate(DANGEROUS_DOM) == [], path
    assert dialogs == []
    page.goto(live_server.url + document.get_absolute_url())
    body_text = page.locator("#document-body").inner_text()
    assert "Payload 39" in body_text  # the words around the payloads are all still there
