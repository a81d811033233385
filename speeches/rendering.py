"""Markdown bodies to sanitised HTML, with an anchor on every paragraph.

Rendering happens once, when a document is saved (``Document.save``), never per request.
"""
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
import nh3
from markdown.extensions import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from .paragraph_ids import assign_anchors
from .characters import without_han_line_breaks

BLOCK_TAGS = {"p", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "table"}
LIST_TAGS = {"ul", "ol"}
CELL_TAGS = {"th", "td"}
# Python-Markdown stashes raw HTML as placeholders until after tree processing.
HTML_PLACEHOLDER = re.compile("\x02wzxhzdk:(\\d+)\x03")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
# An autolinked email address ("<press@example.org>") is written as entities whose "&" is held by this
# placeholder until after tree processing (Python-Markdown's AutomailInlineProcessor obfuscates it).
SUBSTITUTED_ENTITY = re.compile(re.escape(AMP_SUBSTITUTE) + r"((?:#\d+|#x[0-9a-fA-F]+|\w+);)")

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
            text = self.shown_text(element)
            if text:  # empty blocks, or raw HTML the sanitiser will remove, get no anchor
                texted.append((element, text))
        anchors, self.md.last_paragraph_number = assign_anchors(
            [text for _, text in texted], self.previous, self.last_number
        )
        self.md.paragraphs = []
        for (element, text), anchor in zip(texted, anchors):
            element.set("id", anchor)
            self.md.paragraphs.append(Paragraph(anchor, text))

    def shown_text(self, element):
        """Return the text of ``element`` as its page shows it: Python-Markdown's placeholders and
        escapes, resolved only when the tree is written out, are read as the characters they stand for.
        A table's is a row a line, its cells apart as the Markdown writes them ("Année | Accords"): its
        markup's line breaks had made blank lines, which downloads read as paragraphs of their own."""
        if element.tag == "table":  # a row of empty cells (a table of headings alone has one) is no line
            rows = ([self.shown_text(cell) for cell in row if cell.tag in CELL_TAGS] for row in element.iter("tr"))
            return "\n".join(" | ".join(cells).strip() for cells in rows if any(cells))
        text = "".join(written_texts(element))
        text = SUBSTITUTED_ENTITY.sub(lambda entity: html.unescape("&" + entity.group(1)), text)
        return HTML_PLACEHOLDER.sub(self.stashed_text, text).strip()

    def stashed_text(self, placeholder):
        """Return the text an HTML placeholder stands for: the character of an entity, else nothing."""
        stashed = str(self.md.htmlStash.rawHtmlBlocks[int(placeholder.group(1))])
        return html.unescape(stashed) if ENTITY.fullmatch(stashed) else ""


def written_texts(element):
    """Yield the texts of ``element`` and of what it holds, in order (as ``itertext``), a code span's or
    block's unescaped: Python-Markdown escapes its & < > as entities (``util.code_escape``)."""
    if element.text:
        yield html.unescape(element.text) if element.tag == "code" else element.text
    for child in element:
        yield from written_texts(child)
        if child.tail:
            yield child.tail


class BodyHeadings(Treeprocessor):
    """The page's one level-1 heading is the document's title: a body's own (``# Opening remarks``) are
    shown one level below, and anchored as every heading is. (The sanitiser dropped the tag and left
    its words outside every paragraph: shown, but neither searched, downloaded nor cited.)"""

    def run(self, root):
        for heading in root.iter("h1"):
            heading.tag = "h2"


class ParagraphAnchorExtension(Extension):
    def __init__(self, previous, last_number):
        super().__init__()
        self.previous = previous
        self.last_number = last_number

    def extendMarkdown(self, md):
        md.treeprocessors.register(ParagraphAnchors(md, self.previous, self.last_number), "paragraph_anchors", 0)


# Python-Markdown recurses once per nesting level (a list 300 deep exhausts Python's stack, and so
# does "- - - - a", a list in a list on one line) and matches nested square brackets in quadratic
# time (20,000 of them held a core for minutes). No transcript nests anything this deep, so a body
# that does is refused with this explanation.
MAX_NESTING = 32
# The quotes and list markers that open a line, each one level deeper: "> - 1. text".
NESTING_PREFIX = re.compile(r"^[ \t]*(?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))[ \t]*)+(?=\S)", re.MULTILINE)
THEMATIC_BREAK = re.compile(r"[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")

# Python-Markdown's inline patterns each start at one of these characters (code spans, escapes,
# links and images, autolinks, entities, emphasis, hard line breaks) and may scan from there to the
# end of the paragraph, and each match rebuilds the paragraph's text: a paragraph's inline parsing
# costs at most the sum, over these characters, of the text after each. "[a](" 16,000 times (64 KB)
# took 30 s, "*a*" 21,000 times as long (issue 25). Bounding that sum bounds the work whatever the
# pattern: a budget for any body, and a little more per character, so the cost of rendering stays
# linear in a body's length. A transcript uses a few percent of it.
INLINE_OPENER = re.compile(r"\\.|[\[`<*_]|&(?:#\d+|#x[0-9a-fA-F]+|\w+);| {2}\n", re.DOTALL)
INLINE_WORK_BUDGET = 2_000_000
INLINE_WORK_PER_CHARACTER = 50


# Python-Markdown's block parser takes each block (a paragraph, a list item, a table row) off the
# front of a list, so its time grows with the square of their number: 20,000 render in a second,
# 150,000 took 24 s (an outside test's preview). The longest transcripts hold a few thousand.
MOST_BLOCKS = 10_000
# What starts a block: blank lines before it (a run of them once), a list marker or a table's pipe.
BLOCK_START = re.compile(r"\n(?:[ \t]*\n)+|^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\|)", re.MULTILINE)
# A heading, a horizontal rule or a heading's underline splits the block it stands in, and what
# follows it is scanned again: 10,000 such lines took 3 to 14 s. A transcript has a few.
MOST_HEADINGS_AND_RULES = 1_000
HEADING_OR_RULE = re.compile(r"^[ ]{0,3}(?:#{1,6}(?:[ \t]|$)|([-*_])(?:[ \t]*\1){2,}[ \t]*$|=+[ \t]*$)", re.MULTILINE)


class MarkdownTooComplex(ValueError):
    """A body nested too deep, or too costly to render; the message says where to look."""


def check_cost(body):
    """Raise ``MarkdownTooComplex`` if ``body`` has too many blocks, headings or rules, or nests too deep."""
    blocks = 1 + sum(1 for _ in BLOCK_START.finditer(body))  # the first needs no blank line before it
    if blocks > MOST_BLOCKS:
        raise MarkdownTooComplex(f"This text has about {blocks:,} paragraphs, list items or table rows; at most "
                                 f"{MOST_BLOCKS:,} can be shown on one page. Split it into several documents.")
    headings = sum(1 for _ in HEADING_OR_RULE.finditer(body))
    if headings > MOST_HEADINGS_AND_RULES:
        raise MarkdownTooComplex(f"This text has {headings:,} headings or horizontal rules (lines of # or of - * _ = "
                                 f"marks); at most {MOST_HEADINGS_AND_RULES:,} can be shown on one page. Split it "
                                 "into several documents, or write a line's first mark with a backslash (\\#).")
    check_nesting(body)


def check_nesting(body):
    """Raise ``MarkdownTooComplex`` if ``body`` nests lists, quotes or square brackets too deep."""
    for match in NESTING_PREFIX.finditer(body):
        prefix = match.group()
        if THEMATIC_BREAK.match(body, match.start()):
            continue
        indentation = len(prefix) - len(prefix.lstrip(" \t"))
        depth = len(MARKER.findall(prefix)) + len(prefix[:indentation].expandtabs(4)) // 4
        if depth > MAX_NESTING:
            line = body.count("\n", 0, match.start()) + 1
            raise MarkdownTooComplex(f"Line {line} nests lists or quotes {depth} deep; at most {MAX_NESTING} "
                                     "can be shown. Remove some indentation, or some of the - > * marks that "
                                     "open it.")
    depth = 0
    for position, character in enumerate(body):
        if character == "[" and body[position - 1:position] != "\\":
            depth += 1
            if depth > MAX_NESTING:
                raise MarkdownTooComplex(f"Square brackets are nested more than {MAX_NESTING} deep (line "
                                         f"{body.count(chr(10), 0, position) + 1}); write them as \\[ to show "
                                         "them as text.")
        elif character == "]" and depth:
            depth -= 1


def inline_work(text):
    """Return how much Python-Markdown's inline patterns may do on ``text``, in characters scanned."""
    return sum(len(text) - match.start() for match in INLINE_OPENER.finditer(text))


class InlineWorkLimit(Treeprocessor):
    """Refuse a body whose inline parsing would cost too much, before it starts.

    Runs on the block tree, so it measures each text exactly as the inline parser will see it: a
    paragraph, a list item, a table cell; code blocks are left out as they are never parsed.
    """

    def __init__(self, md, body_length):
        super().__init__(md)
        self.allowance = INLINE_WORK_BUDGET + INLINE_WORK_PER_CHARACTER * body_length

    def run(self, root):
        texts = [text for element in root.iter() for text in (element.text, element.tail)
                 if text and not isinstance(text, AtomicString)]
        work = [inline_work(text) for text in texts]
        if sum(work) > self.allowance:
            costliest = texts[work.index(max(work))]
            openers = sum(1 for match in INLINE_OPENER.finditer(costliest) if not match.group().startswith("\\"))
            raise MarkdownTooComplex(
                f"This text would take too long to show: the paragraph beginning "
                f"\"{' '.join(costliest[:60].split())}…\" is {len(costliest):,} characters long, with {openers:,} "
                "characters that can start Markdown formatting ([ ` < * _ &). Split it into shorter paragraphs "
                "(a blank line between them), or write those characters with a backslash (\\[ \\` \\< \\* \\_) "
                "to show them as text."
            )



class YearLines(BlockProcessor):
    """Lines that open with a year and a full stop ("1991. Independence.\n1992. Admission to the UN."),
    outside a list: a paragraph each, whose first word is the year. Read as a numbered list, the year
    was shown by the browser and was no word of its paragraph: never searched, downloaded or cited."""

    YEAR_LINE = re.compile(r"^ {0,3}\d{4,}\.[ ]", re.MULTILINE)

    def test(self, parent, block):
        return parent.tag != "li" and bool(self.YEAR_LINE.match(block))

    def run(self, parent, blocks):
        block = blocks.pop(0)
        starts = [match.start() for match in self.YEAR_LINE.finditer(block)]
        for start, end in zip(starts, starts[1:] + [len(block)]):
            etree.SubElement(parent, "p").text = block[start:end].strip()


class BodyExtension(Extension):
    """How the archive reads a body: Markdown without raw HTML, and refused if too costly to parse."""

    def __init__(self, body_length):
        super().__init__()
        self.body_length = body_length

    def extendMarkdown(self, md):
        # Bodies are Markdown, not HTML: raw HTML is shown as the text it is. Passed through and
        # sanitised, an unclosed tag would swallow the paragraphs after it, and words would vanish.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # No image is shown (the sanitiser drops <img>, and with it the alt text's words): "![alt](url)"
        # is read as "!" and a link.
        for image in ("image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(image)
        # Before the inline parser (20), after the block parser built the tree it will walk.
        md.treeprocessors.register(InlineWorkLimit(md, self.body_length), "inline_work_limit", 30)
        md.treeprocessors.register(BodyHeadings(md), "body_headings", 29)
        md.parser.blockprocessors.register(YearLines(md.parser), "year_lines", 45)  # before numbered lists (40)


def body_markdown(body, *extensions):
    """Return the ``markdown.Markdown`` that reads ``body`` as every body is read."""
    return markdown.Markdown(extensions=["sane_lists", "tables", BodyExtension(len(body)), *extensions])


@dataclass
class RenderedBody:
    html: str
    paragraphs: list
    last_paragraph_number: int


def render_markdown(body, previous=(), last_paragraph_number=0):
    """Return the ``RenderedBody`` of a Markdown body: sanitised HTML and its anchored paragraphs.

    ``previous`` paragraphs (``{"anchor", "text"}`` from the last save) keep their anchors where they
    survive the edit; see ``paragraph_ids``. Raise ``MarkdownTooComplex`` for a body nested too deep or
    too costly to render (see ``MOST_BLOCKS``, ``MAX_NESTING`` and ``INLINE_WORK_BUDGET``).
    """
    check_cost(body)
    md = body_markdown(body, ParagraphAnchorExtension(list(previous), last_paragraph_number))
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


def check_markdown(body):
    """Raise ``MarkdownTooComplex`` if ``render_markdown`` would refuse ``body``: for a form's
    validation, at the cost of parsing its blocks only."""
    check_cost(body)
    md = body_markdown(body)
    md.treeprocessors.deregister("inline")
    md.convert(body)
