"""What a document's page and the API show of its recurring passages: per paragraph, the other
documents holding the passage (in any of their texts), earliest first, with the differences in wording marked.

Each function reads one text: a document (its main text) or one of its ``DocumentText``s, as a page shows it.

A page reads a bounded amount whatever the archive holds: one row per paragraph said elsewhere
(counted in the database), at most ``MOST_PASSAGES_SHOWN`` passages with at most
``MOST_SHOWN_PER_PARAGRAPH`` other documents each (the differences were marked when they were
compared), and the rest on the "said elsewhere" page, a page at a time.
"""
import re
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, F, IntegerField, Max, Min, Q, Window
from django.db.models.functions import Cast, RowNumber, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from speeches.languages import language_name
from speeches.models import Document, RecurringPassage
from speeches.search import tokenise

MOST_PASSAGES_SHOWN = 20
MOST_SHOWN_PER_PARAGRAPH = 5
PARAGRAPH_ID = re.compile(r'(?<=<)[a-z0-9]+ id="(p-\d+)"')
RECURRING_FIELDS = ["language", "paragraph", "start", "end", "other_document", "other_language", "other_paragraph",
                    "other_start", "other_end", "similarity", "differences"]
# What a listing reads of the other document: enough for its title, link and date, never its text.
OTHER_DOCUMENT_FIELDS = ["other_document__public_id", "other_document__slug", "other_document__title",
                         "other_document__date", "other_document__date_precision", "other_document__status",
                         "other_document__language"]
# By the first day the other document's date may stand for, undated ones last, then as they were added.
EARLIEST_FIRST = [F("other_document__date").asc(nulls_last=True), F("other_document__created"), F("pk")]


@dataclass(frozen=True)
class Recurrence:
    record: RecurringPassage
    # The passage the page quotes for the paragraph (``passage_summaries``): it spans every other
    # document's shared words, so it may run past this one's, and the words this one lacks are marked.
    summary: dict

    @property
    def document(self):
        """The other document."""
        return self.record.other_document

    @property
    def url(self):
        return self.document.paragraph_url(self.record.other_paragraph, self.record.other_language)

    @property
    def language(self):
        """The language of the other document's text holding the passage."""
        return self.record.other_language or self.document.language

    @property
    def other_text(self):
        """The name of the other document's text holding the passage, when it is not its main text."""
        return language_name(self.record.other_language) if self.record.other_language else ""

    @property
    def differences(self):
        """The other document's passage as HTML (escaped as it was marked), words it adds in <ins>,
        ours it lacks in <del>: those of the quoted passage before and after the part it shares too."""
        text, start, end = self.summary["paragraph_text"], self.summary["start"], self.summary["end"]
        before, after = text[start:self.record.start].strip(), text[self.record.end:end].strip()
        return mark_safe("".join([f"<del>{escape(before)}</del> " if before else "", self.record.differences,
                                  f" <del>{escape(after)}</del>" if after else ""]))

    @property
    def similarity(self):
        """How much of the quoted passage the other document holds: its shared part's similarity, times
        the share of the quoted passage's words that part spans."""
        text, start, end = self.summary["paragraph_text"], self.summary["start"], self.summary["end"]
        quoted = words_in(text[start:end])
        spanned = words_in(text[self.record.start:self.record.end])
        return self.record.similarity * spanned / quoted if quoted else self.record.similarity


@lru_cache(maxsize=256)
def words_in(passage):
    """Return how many words search reads in ``passage`` (a page's others share its quoted passage: counted once)."""
    return len(tokenise(passage))


@dataclass(frozen=True)
class ParagraphRecurrences:
    anchors: list  # this document's paragraphs with this text, in reading order
    passage: str  # the part of the paragraph that other documents share
    language: str  # the passage's: the text's being read
    others: list  # Recurrence, earliest first (at most MOST_SHOWN_PER_PARAGRAPH)
    documents: int  # other documents holding it
    first_said_here: bool

    @property
    def anchor(self):
        return self.anchors[0]

    @property
    def more(self):
        """Other documents not shown."""
        return self.documents - len(self.others)


@dataclass(frozen=True)
class DocumentRecurrences:
    passages: list  # ParagraphRecurrences shown, in reading order
    anchors: list  # every paragraph said elsewhere
    total: int  # passages said elsewhere (paragraphs with the same text count once)

    @property
    def more(self):
        """Passages not shown."""
        return self.total - len(self.passages)

    def __bool__(self):
        return bool(self.total)

    def places(self, listing):
        """Return {anchor: where it is listed}: its passage on the document's page if shown there,
        else its entry on ``listing``, the address of the listing of the rest open for one more parameter."""
        shown = {anchor: f"#also-{passage.anchor}" for passage in self.passages for anchor in passage.anchors}
        return {anchor: shown.get(anchor, f"{listing}p={anchor}") for anchor in self.anchors}


def document_and_language(text):
    """Return (its document, the language recurring passages name ``text`` by: empty for a main text)."""
    return (text, "") if isinstance(text, Document) else (text.document, text.language)


def document_records(document):
    """Return the ``RecurringPassage``s of every text of ``document`` whose other document is published,
    with what a listing needs of the other document: by text (the main one first), by paragraph (in
    reading order) and earliest first."""
    return (RecurringPassage.objects.filter(document=document, other_document__status=Document.Status.PUBLISHED)
            .select_related("other_document").only(*RECURRING_FIELDS, *OTHER_DOCUMENT_FIELDS)
            .order_by("language", paragraph_order(), *EARLIEST_FIRST))


def recurring_records(text):
    """Return the ``document_records`` of ``text`` alone."""
    document, language = document_and_language(text)
    return document_records(document).filter(language=language)


def paragraph_order():
    """Return the expression of a record's paragraph number ("p-12" -> 12), to order by reading order."""
    return Cast(Substr("paragraph", 3), IntegerField())


def paragraph_recurrences(text):
    """Return the ``DocumentRecurrences`` of ``text``: its first passages said elsewhere, in reading
    order, each with its earliest other documents."""
    summaries = passage_summaries(text)
    return DocumentRecurrences(passages_with_others(text, summaries[:MOST_PASSAGES_SHOWN]),
                               [anchor for summary in summaries for anchor in summary["anchors"]], len(summaries))


def passages_with_others(text, summaries):
    """Return a ``ParagraphRecurrences`` per passage summary, with its earliest other documents."""
    others = earliest_others([summary["anchors"][0] for summary in summaries], text)
    return [passage_with_others(text, summary, [Recurrence(record, summary) for record in others.get(
        summary["anchors"][0], [])]) for summary in summaries]


def passage_with_others(text, summary, others):
    return ParagraphRecurrences(summary["anchors"], summary["passage"], text.language, others, summary["documents"],
                                first_said_here(document_and_language(text)[0], summary))


def passage_summaries(text):
    """Return, per wording of the text's paragraphs said elsewhere, in reading order: its anchors, the
    passage, how many other documents hold it, their earliest date and how many are undated."""
    texts = {paragraph["anchor"]: paragraph["text"] for paragraph in text.paragraphs}
    rows = (recurring_records(text).values("paragraph").order_by()
            .annotate(documents=Count("other_document", distinct=True), start=Min("start"), end=Max("end"),
                      earliest=Min("other_document__date"),
                      undated=Count("other_document", distinct=True, filter=Q(other_document__date=None))))
    by_anchor = {row["paragraph"]: row for row in rows if row["paragraph"] in texts}
    by_text = {}
    for anchor in texts:
        if row := by_anchor.get(anchor):
            text = texts[anchor]
            summary = by_text.setdefault(text, {**row, "anchors": [], "passage": text[row["start"]:row["end"]],
                                                "paragraph_text": text})
            summary["anchors"].append(anchor)
    return list(by_text.values())


def earliest_others(anchors, text, count=MOST_SHOWN_PER_PARAGRAPH):
    """Return {anchor: [record]}: the earliest ``count`` other documents' records of each paragraph, in one query."""
    if not anchors:
        return {}
    ranked = (recurring_records(text).filter(paragraph__in=anchors)
              .annotate(rank=Window(RowNumber(), partition_by=[F("paragraph")], order_by=EARLIEST_FIRST))
              .filter(rank__lte=count))
    found = {}
    for record in ranked:
        found.setdefault(record.paragraph, []).append(record)
    return found


def first_said_here(document, summary):
    """Whether the document certainly said it first: it is dated, and its date's whole period ends
    before the earliest other document's begins (its stored first day), none of them undated."""
    date = document.partial_date
    return bool(date and not summary["undated"] and date.ends_before(summary["earliest"]))


def paragraph_others(text, summary):
    """Return the records of every other document holding a passage (of its summary), earliest first."""
    return recurring_records(text).filter(paragraph=summary["anchors"][0])


def marked_body(body_html, anchors):
    """Return the rendered body with each paragraph of ``anchors`` marked ``data-recurs`` (paragraph
    anchors are the renderer's own ``id="p-N"``, so this cannot match text)."""
    if not anchors:
        return body_html
    wanted = set(anchors)
    return mark_safe(PARAGRAPH_ID.sub(
        lambda match: f'{match.group()} data-recurs' if match.group(1) in wanted else match.group(), body_html))
