"""What a document's page adds to a stored text so that it can be read and cited: a paragraph number
beside each paragraph, a mark on each passage said elsewhere, and two texts side by side.

The numbers and the "cite" links show their words through CSS (``content: attr(data-number)``), not
as text, so that copying a passage copies the speaker's words alone. They are for the pointer and the
eye: hidden from screen readers and left out of the tab order, so a speech of 39 paragraphs is not
read out as 78 links (the cite box's "Cite or link a paragraph" form offers the same to everyone).
"""
import re
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .characters import without_han_line_breaks

# The opening tag the Markdown renderer gives each anchored block (speeches/rendering.py).
ANCHORED_BLOCK = re.compile(r'<[a-z0-9]+ id="(p-(\d+))"[^>]*>')


def paragraph_tools(anchor, language="", listed_at=None):
    """Return the paragraph number (a link to the paragraph), its "cite" link and, for a passage
    said elsewhere, the mark that links to ``listed_at``, where the other documents are listed."""
    cite_query = f"?lang={language}&cite={anchor}" if language else f"?cite={anchor}"
    tools = format_html(
        '<span class="paragraph-tools" aria-hidden="true"><a class="paragraph-number" href="#{}" tabindex="-1" '
        'title="Link to this paragraph" data-number="{}"></a><a class="paragraph-cite" href="{}#cite" tabindex="-1" '
        'title="Cite this paragraph"></a></span>', anchor, anchor.removeprefix("p-"), cite_query)
    if listed_at:
        tools += format_html('<a class="said-elsewhere" href="{}" aria-label="Also said elsewhere: see where"'
                             ' title="Also said elsewhere: see where"></a>', listed_at)
    return tools


def with_paragraph_tools(body_html, language="", recurring=None):
    """Return rendered ``body_html`` with ``paragraph_tools`` opening each anchored paragraph; the
    anchors of ``recurring`` ({anchor: where its other documents are listed}) are marked as said elsewhere."""
    recurring = recurring or {}

    def with_tools(block):
        tools = paragraph_tools(block.group(1), language, recurring.get(block.group(1)))
        if block.group().startswith("<table"):  # a table holds rows, not a span: its caption may hold one
            return format_html('{}<caption class="table-tools">{}</caption>', mark_safe(block.group()), tools)
        return block.group() + tools

    return mark_safe(ANCHORED_BLOCK.sub(with_tools, body_html))


@dataclass(frozen=True)
class SideBySideRow:
    main: list  # the main text's paragraphs: {"anchor", "text", "tools"}
    other: list  # the other text's paragraphs aligned with any of them, as text


def side_by_side_rows(text):
    """Return the ``SideBySideRow``s of ``text`` beside the document's main text, one per group of
    aligned paragraphs, each paragraph shown once, Chinese line breaks joined as in the single view.
    The anchors, numbers and "cite" links are the main text's."""
    return [SideBySideRow(
        main=[{"anchor": paragraph["anchor"], "text": without_han_line_breaks(paragraph["text"]),
               "tools": paragraph_tools(paragraph["anchor"])} for paragraph in mains],
        other=[without_han_line_breaks(paragraph["text"]) for paragraph in others],
    ) for mains, others in text.aligned_groups()]


def readable_paragraphs(paragraphs):
    """Return stored paragraphs ({"anchor", "text"}) with Chinese line breaks joined, for showing."""
    return [{"anchor": paragraph["anchor"], "text": without_han_line_breaks(paragraph["text"])}
            for paragraph in paragraphs]
