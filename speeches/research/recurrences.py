"""What a document's page and the API show of its recurring passages: per paragraph, the other
documents holding the passage, earliest first, with the differences in wording marked."""
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from speeches.models import Document, RecurringPassage
from speeches.search.text import tokenise

MOST_SHOWN_PER_PARAGRAPH = 10
PARAGRAPH_ID = re.compile(r'(?<=<)[a-z0-9]+ id="(p-\d+)"')


@dataclass(frozen=True)
class Recurrence:
    record: RecurringPassage
    document: Document  # the other document
    differences: str  # its passage as HTML, words it adds in <ins>, ours it lacks in <del>

    @property
    def url(self):
        return f"{self.document.get_absolute_url()}#{self.record.other_paragraph}"


@dataclass(frozen=True)
class ParagraphRecurrences:
    anchor: str
    passage: str  # the part of this paragraph that other documents share
    others: list  # Recurrence, earliest first (at most MOST_SHOWN_PER_PARAGRAPH)
    more: int  # others not shown
    first_said_here: bool


def recurring_records(document):
    """Return the document's ``RecurringPassage``s whose other document is published, with it."""
    return (RecurringPassage.objects.filter(document=document, other_document__status=Document.Status.PUBLISHED)
            .select_related("other_document").order_by("paragraph", "other_document__date", "other_document__pk"))


def paragraph_recurrences(document):
    """Return a ``ParagraphRecurrences`` per paragraph of ``document`` said elsewhere, in reading order."""
    texts = {paragraph["anchor"]: paragraph["text"] for paragraph in document.paragraphs}
    order = list(texts)
    grouped = {}
    for record in recurring_records(document):
        if record.paragraph in texts:
            grouped.setdefault(record.paragraph, []).append(record)
    found = []
    for anchor in sorted(grouped, key=order.index):
        records = sorted(grouped[anchor], key=lambda record: date_key(record.other_document))
        text = texts[anchor]
        shown = [Recurrence(record, record.other_document, differences(text, record)) for record in
                 records[:MOST_SHOWN_PER_PARAGRAPH]]
        # The passages other documents share may be different parts of the paragraph: quote them all.
        passage = text[min(record.start for record in records):max(record.end for record in records)]
        found.append(ParagraphRecurrences(
            anchor, passage, shown, len(records) - len(shown),
            first_said_here=all(date_key(document) < date_key(record.other_document) for record in records)))
    return found


def date_key(document):
    """Dated documents by date (then by when they were added), undated ones last."""
    return (document.date is None, document.date or document.created.date(), document.created)


def differences(text, record):
    """Return the other paragraph's passage as HTML, marking the words that differ from ours."""
    other_text = next((paragraph["text"] for paragraph in record.other_document.paragraphs
                       if paragraph["anchor"] == record.other_paragraph), "")
    ours = tokenise(text[record.start:record.end])
    passage = other_text[record.other_start:record.other_end]
    theirs = tokenise(passage)
    ours_text = text[record.start:record.end]
    parts, cursor = [], 0
    matcher = SequenceMatcher(None, [token.norm for token in ours], [token.norm for token in theirs], autojunk=False)
    for operation, our_start, our_end, their_start, their_end in matcher.get_opcodes():
        if their_start < their_end:
            parts.append(escape(passage[cursor:theirs[their_start].start]))
            cursor = theirs[their_start].start
        if operation in ("replace", "delete"):
            parts.append(f"<del>{escape(ours_text[ours[our_start].start:ours[our_end - 1].end])}</del> ")
        if their_start < their_end:
            span = escape(passage[theirs[their_start].start:theirs[their_end - 1].end])
            parts.append(span if operation == "equal" else f"<ins>{span}</ins>")
            cursor = theirs[their_end - 1].end
    parts.append(escape(passage[cursor:]))
    return mark_safe("".join(parts))


def marked_body(body_html, anchors):
    """Return the rendered body with each paragraph of ``anchors`` marked ``data-recurs`` (paragraph
    anchors are the renderer's own ``id="p-N"``, so this cannot match text)."""
    if not anchors:
        return body_html
    wanted = set(anchors)
    return mark_safe(PARAGRAPH_ID.sub(
        lambda match: f'{match.group()} data-recurs' if match.group(1) in wanted else match.group(), body_html))
