"""Markdown bodies to sanitised HTML, with an anchor on every paragraph.

Rendering happens once, when a document is saved (``Document.save``), never per request.
"""
import html
import re
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .paragraph_ids import assign_anchors
from .writing import without_han_line_breaks

BLOCK_TAGS = {"p", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "table"}
LIST_TAGS = {"ul", "ol"}
# Python-Markdown stashes raw HTML as placeholders until after tree processing.
HTML_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "sub", "sup", "small", "mark",
    "blockquote", "q", "cite", "abbr", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title"},
    "a": {"href"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


@dataclass(frozen=True)
class Paragraph:
    anchor: str
    text: str


class ParagraphAnchors(Treeprocessor):
    """Give each top-level block (and each list item) a stable anchor and record its text."""

    def __init__(self, md, previous, last_number):
        super().__init__(md)
        self.previous = previous
        self.last_number = last_number

    def run(self, root):
        blocks = []
        for element in root:
            if element.tag in LIST_TAGS:
                blocks.extend(item for item in element if item.tag == "li")
            elif element.tag in BLOCK_TAGS:
                blocks.append(element)
        texted = []
        for element in blocks:
            text = HTML_PLACEHOLDER.sub(self.stashed_text, "".join(element.itertext())).strip()
            if text:  # empty blocks, or raw HTML the sanitiser will remove, get no anchor
                texted.append((element, text))
        anchors, self.md.last_paragraph_number = assign_anchors(
            [text for _, text in texted], self.previous, self.last_number
        )
        self.md.paragraphs = []
        for (element, text), anchor in zip(texted, anchors):
            element.set("id", anchor)
            self.md.paragraphs.append(Paragraph(anchor, text))

    def stashed_text(self, placeholder):
        """Return the text an HTML placeholder stands for: the character of an entity, else nothing."""
        stashed = str(self.md.htmlStash.rawHtmlBlocks[int(placeholder.group(1))])
        return html.unescape(stashed) if ENTITY.fullmatch(stashed) else ""


class ParagraphAnchorExtension(Extension):
    def __init__(self, previous, last_number):
        super().__init__()
        self.previous = previous
        self.last_number = last_number

    def extendMarkdown(self, md):
        md.treeprocessors.register(ParagraphAnchors(md, self.previous, self.last_number), "paragraph_anchors", 0)
        # Bodies are Markdown, not HTML: raw HTML is shown as the text it is. Passed through and
        # sanitised, an unclosed tag would swallow the paragraphs after it, and words would vanish.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


# Python-Markdown recurses once per nesting level (a list 300 deep exhausts Python's stack) and
# matches nested square brackets in quadratic time (20,000 of them held a core for minutes). No
# transcript nests anything this deep, so a body that does is refused with this explanation.
MAX_NESTING = 32
LIST_ITEM = re.compile(r"^((?:[ \t]*>)*)([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)


class MarkdownTooDeep(ValueError):
    """A body nested deeper than ``MAX_NESTING``; the message says where to look."""


def check_nesting(body):
    """Raise ``MarkdownTooDeep`` if ``body`` nests lists, quotes or square brackets too deep."""
    for match in LIST_ITEM.finditer(body):
        depth = match.group(1).count(">") + len(match.group(2).expandtabs(4)) // 4 + 1
        if depth > MAX_NESTING:
            line = body.count("\n", 0, match.start()) + 1
            raise MarkdownTooDeep(f"Line {line} nests lists or quotes {depth} deep; at most {MAX_NESTING} "
                                  "can be shown. Remove some indentation.")
    depth = 0
    for position, character in enumerate(body):
        if character == "[" and body[position - 1:position] != "\\":
            depth += 1
            if depth > MAX_NESTING:
                raise MarkdownTooDeep(f"Square brackets are nested more than {MAX_NESTING} deep (line "
                                      f"{body.count(chr(10), 0, position) + 1}); write them as \\[ to show them as text.")
        elif character == "]" and depth:
            depth -= 1


@dataclass
class RenderedBody:
    html: str
    paragraphs: list
    last_paragraph_number: int


def render_markdown(body, previous=(), last_paragraph_number=0):
    """Return the ``RenderedBody`` of a Markdown body: sanitised HTML and its anchored paragraphs.

    ``previous`` paragraphs (``{"anchor", "text"}`` from the last save) keep their anchors where they
    survive the edit; see ``paragraph_ids``. Raise ``MarkdownTooDeep`` for a body nested too deep.
    """
    check_nesting(body)
    md = markdown.Markdown(extensions=[
        "sane_lists", "tables", ParagraphAnchorExtension(list(previous), last_paragraph_number),
    ])
    html = md.convert(body)
    safe_html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # Python-Markdown skips tree processing for an empty body.
    return RenderedBody(without_han_line_breaks(safe_html), getattr(md, "paragraphs", []),
                        getattr(md, "last_paragraph_number", last_paragraph_number))
