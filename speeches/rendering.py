"""Markdown bodies to sanitised HTML, with an anchor on every paragraph, and the checks that refuse a
body too costly to render or whose page would not show every word of it.

Rendering happens once, when a document is saved (``Document.save``), never per request.
"""
import html
import re
import xml.etree.ElementTree as etree
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.blockprocessors import BlockProcessor, ReferenceProcessor
from markdown.extensions.sane_lists import SaneOListProcessor
from markdown.inlinepatterns import Delimiter, DelimiterProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from .paragraph_ids import assign_anchors
from .characters import (
    COMBINING_MARKS,
    DICTIONARY_WORDED,
    UNSPACED,
    character_ranges,
    is_written_unspaced,
    without_han_line_breaks,
)
from .diffs import opcodes

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
# The addresses a page's links keep; the sanitiser drops any other (the link's text stays).
LINK_SCHEMES = {"http", "https", "mailto"}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "title"},
    "a": {"href"},
    "abbr": {"title"},
    "ol": {"start"},
    "li": {"value"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


@dataclass(frozen=True)
class Paragraph:
    anchor: str
    text: str


class ParagraphAnchors(Treeprocessor):
    """Give each top-level block (and each list item) a stable anchor and record its text."""

    def __init__(self, md, previous, last_number, retired):
        super().__init__(md)
        self.previous = previous
        self.last_number = last_number
        self.retired = retired

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
        anchoring = assign_anchors([text for _, text in texted], self.previous, self.last_number, self.retired)
        self.md.last_paragraph_number, self.md.retired_paragraphs = anchoring.last_number, anchoring.retired
        self.md.paragraphs = []
        for (element, text), anchor in zip(texted, anchoring.anchors):
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
        text = unobfuscated("".join(written_texts(element)))
        return HTML_PLACEHOLDER.sub(self.stashed_text, text).strip()

    def stashed_text(self, placeholder):
        """Return the text an HTML placeholder stands for: the character of an entity, else nothing."""
        stashed = str(self.md.htmlStash.rawHtmlBlocks[int(placeholder.group(1))])
        return html.unescape(stashed) if ENTITY.fullmatch(stashed) else ""


def unobfuscated(text):
    """Return ``text`` with the entities of an autolinked email address read as the characters they are."""
    return SUBSTITUTED_ENTITY.sub(lambda entity: html.unescape("&" + entity.group(1)), text)


def written_texts(element):
    """Yield the texts of ``element`` and of what it holds, in order (as ``itertext``), a code span's or
    block's unescaped: Python-Markdown escapes its & < > as entities (``util.code_escape``), and a
    numbered item's number as written (``NumberedItems``)."""
    text = element.text or ""
    if element.get(WRITTEN_NUMBER):
        yield element.get(WRITTEN_NUMBER) + " "
        text = text.lstrip()  # a loose item's line break before its paragraph
    if text:
        yield html.unescape(text) if element.tag == "code" else text
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


class Links(Treeprocessor):
    """Record the address of each link: words of the body a page carries besides its text."""

    def run(self, root):
        self.md.links = [unobfuscated(link.get("href", "")) for link in root.iter("a")]


class ParagraphAnchorExtension(Extension):
    def __init__(self, previous, last_number, retired):
        super().__init__()
        self.previous = previous
        self.last_number = last_number
        self.retired = retired

    def extendMarkdown(self, md):
        md.treeprocessors.register(ParagraphAnchors(md, self.previous, self.last_number, self.retired),
                                   "paragraph_anchors", 0)


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


# The longest transcript is some 60,000 words (a day of the General Assembly); a text of a million
# characters (about 150,000 words) renders and is checked in about a second, and an editor's form
# with a few such texts fits in the memory a form may take (settings.EDITOR_FORM_MOST_MB).
MOST_CHARACTERS = 1_000_000
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


class BodyRefused(ValueError):
    """A body the archive will not store as it is; the message says what to change."""


class MarkdownTooComplex(BodyRefused):
    """A body nested too deep, or too costly to render; the message says where to look."""


class WordsNotShown(BodyRefused):
    """A body some of whose words its page would not show; the message names them and how to keep them."""


def check_cost(body):
    """Raise ``MarkdownTooComplex`` if ``body`` is too long, has too many blocks, headings or rules, or
    nests too deep."""
    characters = len(body) - body.count("\r")  # as stored: a browser sends each line break as CR LF
    if characters > MOST_CHARACTERS:
        raise MarkdownTooComplex(f"This text has {characters:,} characters; at most {MOST_CHARACTERS:,} (about "
                                 "150,000 words) can be one document's text. Split it into several documents.")
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


# A run of asterisks after a word and before a mark that ends a phrase (, . ; : ) ” » 。) opens no
# emphasis: it is a footnote's ("Exports grew*, imports fell*."), which Python-Markdown read as emphasis
# between the two, shown nowhere. Any other run opens and closes as Python-Markdown has it, so bold
# around Chinese or quoted words stays bold (中国**“一带一路”**倡议, Le **« projet »**est), as
# CommonMark's own flanking rules would not have it. (Words include their combining marks; Python-
# Markdown's placeholders \x02…\x03 stand for text.)
WORDLIKE = rf"[\w{COMBINING_MARKS}\x02\x03]"
PHRASE_ENDING = character_ranges({"Pe", "Pf", "Po"})
OPENS = rf"(?=\*+(?![\s*]))(?!\*+$)(?:(?<!{WORDLIKE})|(?!\*+(?!\*)[{PHRASE_ENDING}]))"
CLOSES = r"(?<!^)(?<![\s*])"


class FlankingAsterisks(Delimiter):
    """The asterisk as Python-Markdown reads it, but that a footnote's opens nothing: whether a run opens
    or closes emphasis, by ``OPENS`` and ``CLOSES``."""

    def _build_patterns(self, token):
        pattern = super()._build_patterns(token)
        self.boundary = re.compile(rf"(?P<ambiguous>(?<!\*){OPENS}{CLOSES}\*+)|(?P<end>(?<!\*){CLOSES}\*+)|"
                                   rf"(?P<start>(?<!\*){OPENS}\*+)")
        return pattern


class Emphasis(DelimiterProcessor):
    """Python-Markdown's emphasis and strong emphasis, a footnote's asterisks read as text (``OPENS``)."""

    def add(self, token, tags, smart=False, double=False):
        super().add(token, tags, smart, double)
        if token == "*":
            self.delimiters[token] = FlankingAsterisks(token, tags, smart, double)


# The attribute that carries a numbered item's number as written ("7."), for its paragraph's text; the
# sanitiser drops it from the page, which shows the number as the item's value.
WRITTEN_NUMBER = "data-written-number"


class NumberedItems(SaneOListProcessor):
    """A numbered list whose items keep their numbers: each item is shown with the number written before
    it (``<li value="7">``), and its paragraph's text opens with it ("7. Requests the Secretary-General"),
    so it is searched, downloaded and cited. A resolution's operative paragraphs "3.", "7.", "12." were
    shown 3, 4, 5 (the browser counts on from the first), and their numbers were in no text."""

    def run(self, parent, blocks):
        numbers = [match.group(1) for line in blocks[0].split("\n") if (match := self.CHILD_RE.match(line))]
        sibling = self.lastChild(parent)
        if sibling is not None and sibling.tag in self.SIBLING_TAGS:
            items, before = sibling, len(sibling)
        elif parent.tag in ("ol", "ul"):
            items, before = parent, len(parent)
        else:
            items, before = None, 0
        super().run(parent, blocks)
        items = self.lastChild(parent) if items is None else items
        for item, number in zip([child for child in items[before:] if child.tag == "li"], numbers):
            item.set("value", number.rstrip("."))
            item.set(WRITTEN_NUMBER, number)


class CountedLists(Treeprocessor):
    """A list whose items are all numbered alike ("1." each, as Markdown lets one write them) is counted
    by the browser, its numbers being no words of the text; an item with nothing in it has no number."""

    def run(self, root):
        for numbered in root.iter("ol"):
            items = [item for item in numbered if item.tag == "li" and item.get(WRITTEN_NUMBER)]
            counted = len(items) > 1 and len({item.get(WRITTEN_NUMBER) for item in items}) == 1
            for item in items:
                if counted or not (item.text or "").strip() and not len(item):
                    del item.attrib[WRITTEN_NUMBER], item.attrib["value"]


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
        md.inlinePatterns.register(Emphasis("*", "strong,em", md), "em_strong", 60)
        md.delimiters.add("_", "strong,em", smart=True)  # as Python-Markdown adds it
        # No image is shown (the sanitiser drops <img>, and with it the alt text's words): "![alt](url)"
        # is read as "!" and a link.
        for image in ("image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(image)
        # Before the inline parser (20), after the block parser built the tree it will walk.
        md.treeprocessors.register(InlineWorkLimit(md, self.body_length), "inline_work_limit", 30)
        md.treeprocessors.register(BodyHeadings(md), "body_headings", 29)
        md.treeprocessors.register(Links(md), "links", 1)  # after the inline parser (20) made them
        md.treeprocessors.register(CountedLists(md), "counted_lists", 2)  # before the paragraphs are read (0)
        md.parser.blockprocessors.register(YearLines(md.parser), "year_lines", 45)  # before numbered lists (40)
        md.parser.blockprocessors.register(NumberedItems(md.parser), "olist", 40)  # in place of sane_lists' own


def body_markdown(body, *extensions):
    """Return the ``markdown.Markdown`` that reads ``body`` as every body is read."""
    return markdown.Markdown(extensions=["sane_lists", "tables", BodyExtension(len(body)), *extensions])


@dataclass
class RenderedBody:
    html: str
    paragraphs: list
    last_paragraph_number: int
    links: list = field(default_factory=list)  # each link's address
    references: dict = field(default_factory=dict)  # a reference's label, lower-cased: (address, title)
    retired: list = field(default_factory=list)  # {"anchor", "text", "into"}: anchors no paragraph keeps


def render_markdown(body, previous=(), last_paragraph_number=0, retired=()):
    """Return the ``RenderedBody`` of a Markdown body: sanitised HTML and its anchored paragraphs.

    ``previous`` paragraphs (``{"anchor", "text"}`` from the last save) keep their anchors where they
    survive the edit, and ``retired`` ones come back with their text; see ``paragraph_ids``. Raise
    ``MarkdownTooComplex`` for a body nested too deep or too costly to render (see ``MOST_BLOCKS``,
    ``MAX_NESTING`` and ``INLINE_WORK_BUDGET``).
    """
    check_cost(body)
    md = body_markdown(body, ParagraphAnchorExtension(list(previous), last_paragraph_number, list(retired)))
    html = md.convert(body)
    safe_html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    # Python-Markdown skips tree processing for an empty body.
    return RenderedBody(without_han_line_breaks(safe_html), getattr(md, "paragraphs", []),
                        getattr(md, "last_paragraph_number", last_paragraph_number),
                        getattr(md, "links", []), md.references, getattr(md, "retired_paragraphs", list(retired)))


def check_body(body):
    """Raise ``BodyRefused`` if saving ``body`` would be refused: too costly to render, or holding words
    its page would not show. For a form's validation, before anything is saved."""
    check_words_shown(body, render_markdown(body))


# What a page shows of a body is compared with what the body says, word for word, so that no word
# vanishes unseen, whatever the construct that drops it: Python-Markdown's tables drop the cells past
# the header's columns, a heading's closing #s take the # of "C#", a line "[2]: A/RES/76/1" is a link's
# address and shown nowhere. The marks that only format are set aside on both sides: those that may stand
# inside a word (emphasis, code, escapes) taken out, those that stand between words (brackets, pipes,
# quotes) read as spaces; then each run of letters and digits, each Chinese or Japanese character and each
# other mark is a token. Emphasis marks touching a digit inside a word are read as spaces: a product or a
# power ("2*3*4", "x**2**y") read as emphasis is shown "234", "x2y", and that is a change; escaped
# ("2\*3\*4", as the cleaner writes it) they are shown as typed, and read as spaces alike. (Emphasis
# inside a word of letters is the writer's: Thai and Chinese write no spaces.)
FORMATTING_MARKS = str.maketrans({"\\": "", "*": "", "_": "", "`": "", **dict.fromkeys("[]()<>|\"'", " ")})
MARKS_BY_A_DIGIT = re.compile(r"(?<=\w)(?:\\?[*_])+(?=\d)|(?<=\d)(?:\\?[*_])+(?=\w)")  # escaped too: 24\*7
SHOWN_TOKEN = re.compile(rf"[{UNSPACED}]|(?:[^\W_{UNSPACED}]|[{COMBINING_MARKS}])+|\S")
# A line of marks only: a horizontal rule, a heading's underline, a table's line under its header.
FORMATTING_LINE = re.compile(r"[-=*_:|+ \t]*")
# A heading's opening #s, and its closing ones after a space (Python-Markdown takes any closing #s).
ATX_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)")
CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")
# How to keep the words Markdown took, by the kind of line they were on; the first that fits is given.
KEEPING_WORDS = [
    (re.compile(r"[ \t>]*#"), "A heading drops the # marks that open or close it (\"C#\" is shown \"C\"): write "
                              "them with a backslash (C\\#)."),
    (re.compile(r"[ \t>]*\|"), "A table shows no more cells in a row than its header row has: give the header row "
                               "as many columns, or write a | that is no cell's edge as \\|."),
    (ReferenceProcessor.RE, "A line opening with [label]: is read as the address of a link, and shown nowhere: "
                            "write its [ as \\[ (a footnote as text: \\[1\\] Ibid.)."),
    (re.compile(r".*\]\("), "A link's address is no word of the page: write it in full (https://…), or the "
                            "link's [ as \\[ to show it as text."),
]
OTHER_WORDS_KEPT = "Markdown reads them as formatting: write the marks around them with a backslash (\\* \\[ \\#)."
MOST_LINES_NAMED = 5


def shown_tokens(text):
    """Return the tokens of ``text`` compared between a body and its page (its formatting marks aside)."""
    return SHOWN_TOKEN.findall(MARKS_BY_A_DIGIT.sub(" ", text).translate(FORMATTING_MARKS))


def with_entities_read(text):
    """Return ``text`` with its entities ("&amp;") read as the characters the page shows for them."""
    return ENTITY.sub(lambda entity: html.unescape(entity.group()), text)


def check_words_shown(body, rendered):
    """Raise ``WordsNotShown`` if a word of ``body`` is not on its page ``rendered``: neither in its
    paragraphs' text nor, for a link, the address it leads to.

    Counting each token first is quick; only a body that fails is compared in order, to say where.
    """
    check_asterisks_inside_words(body, rendered)
    written = [(token, number, word) for number, line in written_lines(body, rendered) for word in line.split()
               for token in shown_tokens(with_entities_read(word))]
    shown = [token for paragraph in rendered.paragraphs for token in shown_tokens(paragraph.text)]
    carried = Counter(token.casefold() for text in carried_by_links(rendered) for token in shown_tokens(text))
    unshown = Counter(token for token, _, _ in written) - Counter(shown)
    if not Counter(token.casefold() for token in unshown.elements()) - carried:
        return
    missing = {}  # (line number, word): the words, in order
    for tag, start, end, shown_start, shown_end in opcodes([token for token, _, _ in written], shown):
        if tag == "equal":
            continue
        shown_here = Counter(shown[shown_start:shown_end])
        for token, number, word in written[start:end]:
            if shown_here[token]:
                shown_here[token] -= 1
            elif carried[token.casefold()]:
                carried[token.casefold()] -= 1
            else:
                missing[number, word] = True
    raise WordsNotShown(words_not_shown_message(body, list(missing)))


# Emphasis from inside one word to inside another, in a language written with spaces ("s**t and f**k",
# as a transcript writes a word it will not print, shown "st and fk"): the marks are set aside when
# words are compared, so the page's HTML is read for it. (Thai and Chinese write no spaces between
# words: emphasis inside a run of them is the writer's.) Its text up to the first space and after it are
# taken possessively: both can only end at the next tag, and an emphasis holding another tag ("*b c **d**
# e*") would otherwise be tried again at each of its spaces, a time growing with the square of its length.
EMPHASIS_INSIDE_WORDS = re.compile(r"(?<=[^\W\d_])<(em|strong)>([^<\s]*+\s[^<]*+)</\1>(?=[^\W\d_])")
LETTERS_BEFORE = re.compile(r"[^\W\d_]*[*_]*$")
LETTERS_AFTER = re.compile(r"[*_]*[^\W\d_]*")


def check_asterisks_inside_words(body, rendered):
    """Raise ``WordsNotShown`` if marks inside two words of ``body`` were read as emphasis between them."""
    for match in EMPHASIS_INSIDE_WORDS.finditer(rendered.html):
        before, after = rendered.html[match.start() - 1], rendered.html[match.end()]
        if any(is_written_unspaced(side) or DICTIONARY_WORDED.match(side) for side in (before, after)):
            continue
        number, written = where_written(body, html.unescape(match.group(2)))
        raise WordsNotShown(f"Some words of this text would not be shown on its page as written: “{written}”"
                            f"{f' (line {number})' if number else ''}. Asterisks inside a word are read as emphasis "
                            "up to the next ones, and vanish: write each with a backslash (s\\*\\*t).")


def where_written(body, inner):
    """Return (line number, the words written around ``inner`` with their marks) of the first line of
    ``body`` holding ``inner``; (None, ``inner``) if none does."""
    for number, line in enumerate(body_lines(body), start=1):
        if (at := line.find(inner)) >= 0:
            start = LETTERS_BEFORE.search(line, 0, at).start()
            return number, line[start:LETTERS_AFTER.match(line, at + len(inner)).end()]
    return None, inner


def carried_by_links(rendered):
    """Return the words a page's links carry besides their text: the address each leads to, and the label
    of a reference it was found by. (Not a link's title: a tooltip, neither searched nor downloaded.)"""
    addresses = full_addresses(rendered)
    carried = [address for address in rendered.links if address in addresses]
    return carried + [label for label, (address, _) in rendered.references.items() if address in addresses]


def full_addresses(rendered):
    """Return the addresses the links of ``rendered`` lead to that are written in full, with a scheme the
    page keeps (https:, mailto:): a word read as an address ("Ibid." of "[^1]: Ibid.") leads nowhere, and
    an address of another scheme (ftp:, urn:) is dropped from the page; both are lost."""
    return {address for address in rendered.links if urlsplit(address).scheme.lower() in LINK_SCHEMES}


def written_lines(body, rendered):
    """Return (line number, text) for each line of ``body`` whose words its page should show: without
    the marks that open a list item, a quote or a heading, lines of marks only, and the definitions of
    the references its links were found by ("[un]: https://www.un.org/")."""
    addresses = full_addresses(rendered)
    used = {label for label, (address, _) in rendered.references.items() if address in addresses}
    defining, body = set(), "\n".join(body_lines(body))
    for definition in ReferenceProcessor.RE.finditer(body):
        if definition.group(1).strip().lower() in used:
            first = body.count("\n", 0, definition.start())
            defining.update(range(first, first + definition.group().count("\n") + 1))
    lines = []
    for number, line in enumerate(body_lines(body)):
        if number in defining or FORMATTING_LINE.fullmatch(line):
            continue
        if prefix := NESTING_PREFIX.match(line):
            line = line[prefix.end():]
        if heading := ATX_HEADING.match(line):
            line = CLOSING_HASHES.sub("", line[heading.end():])
        lines.append((number + 1, line))
    return lines


def words_not_shown_message(body, missing):
    """Return what to tell the editor of the ``missing`` (line number, word)s: where, and how to keep them."""
    words_by_line = {}
    for number, word in missing:
        words_by_line.setdefault(number, []).append(word)
    lines = body_lines(body)
    ways = dict.fromkeys(next((way for shape, way in KEEPING_WORDS if shape.match(lines[number - 1])), OTHER_WORDS_KEPT)
                         for number in words_by_line)
    named = [f"“{' '.join(words)}” (line {number})" for number, words in list(words_by_line.items())[:MOST_LINES_NAMED]]
    if len(words_by_line) > MOST_LINES_NAMED:
        named.append(f"and words of {len(words_by_line) - MOST_LINES_NAMED} more lines")
    return ("Some words of this text would not be shown on its page, nor searched or downloaded: "
            f"{', '.join(named)}. {' '.join(ways)}")


def body_lines(body):
    """Return the lines of ``body`` as Python-Markdown reads them (a carriage return ends one too)."""
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
