"""The rows of a concordance, written out by Python: 2,000 lines through a template loop took half
a second, and ``format_html`` (a lazy ``conditional_escape`` of each of a row's fourteen values)
a third of a frequent word's page. Each value is escaped once with the standard library's
``html.escape``, which Django's ``escape`` wraps; each document's source cell is made once,
however many of its lines there are."""
import unicodedata
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from speeches.languages import is_right_to_left

register = template.Library()

# The match is written as a head and a tail, so that a narrow column can shorten it in the middle (archive.css).
ROW = ('<tr{}><td class="kwic__left" lang="{}"><span>{}</span></td><td class="kwic__match" lang="{}">{}<a href="{}">'
       '<span class="kwic__head">{}</span><span class="kwic__tail">{}</span></a></td>'
       '<td class="kwic__right" lang="{}">{}</td><td class="kwic__source"><a href="{}">{}</a> <span class="meta">{}</span></td></tr>')
# A line of a text written right to left reads from the right: the words after the match stand on its
# left, the words before it on its right, each cell cut where it is farthest from the match. Each names
# the heading it stands for (``headers``), so a screen reader calls the words after the match "After".
RTL_ROW = ('<tr class="kwic--rtl{}"><td class="kwic__left" headers="kwic-after" lang="{}" dir="rtl"><span>{}</span></td>'
           '<td class="kwic__match" lang="{}" dir="rtl">{}<a href="{}"><span class="kwic__head">{}</span>'
           '<span class="kwic__tail">{}</span></a></td><td class="kwic__right" headers="kwic-before" lang="{}">'
           '<span dir="rtl">{}</span></td>'
           '<td class="kwic__source"><a href="{}">{}</a> <span class="meta">{}</span></td></tr>')
# A match wider than this many Latin letters (a Chinese character counts two) leaves a phone's line
# too little room for its contexts: there it gets a line of its own, between them.
LONG_MATCH_COLUMNS = 16
# What a line of a title, subtitle, speaker's name or role, event or translator says of where it is.
IN_HEADINGS = "in its title or credits"
LONG = ' class="kwic__long"'


@register.simple_tag
def concordance_rows(lines):
    sources = {}
    rows = []
    for line in lines:
        document = line.document
        if document.pk not in sources:
            sources[document.pk] = source_of(document)
        language, url = escape(line.text_language), escape(line.url)
        head, tail = head_and_tail(line.match)
        if is_right_to_left(line.text_language):
            row, long, (left, right) = RTL_ROW, " kwic__long", (line.right, line.left_trimmed)
        else:
            row, long, (left, right) = ROW, LONG, (line.left_trimmed, line.right)
        title, details = sources[document.pk]
        rows.append(row.format(
            long if columns(line.match) > LONG_MATCH_COLUMNS else "", language, escape(left), language,
            line.space_before_match, url, escape(head), escape(tail), language, escape(right), url,
            title, details if line.anchor else f"{details} · {IN_HEADINGS}"))
    return mark_safe("\n".join(rows))


@register.filter
def all_right_to_left(lines):
    """Whether every line is of a text written right to left: its table's headings then read "After"
    on the left and "Before" on the right, as its lines do."""
    return bool(lines) and all(is_right_to_left(line.text_language) for line in lines)


def source_of(document):
    """Return a line's source, escaped: the document's title, and its date and first speaker."""
    details = " · ".join([str(document.partial_date) if document.date else "undated", *document.speaker_names[:1]])
    return escape(Truncator(document.title).chars(60)), escape(details)


def head_and_tail(match):
    """Return ``match`` cut in two: its tail is about its last third, from a space if it has one.

    Without a space it is cut only between two wide (Chinese, Japanese, Korean) characters: a cut
    inside a word would part a letter from its accent or vowel mark and, in Arabic, unjoin the
    letters on either side of it."""
    two_thirds = len(match) * 2 // 3
    cuts = [index for index, character in enumerate(match) if character.isspace()] or [
        index for index in range(1, len(match)) if is_wide(match[index - 1]) and is_wide(match[index])]
    if not cuts:
        return match, ""
    cut = next((index for index in cuts if index >= two_thirds), cuts[-1])
    return match[:cut], match[cut:]


def is_wide(character):
    return unicodedata.east_asian_width(character) in "WF"


def columns(text):
    """Return the width of ``text`` in columns: two for a wide (Chinese, Japanese, Korean) character."""
    return sum(2 if is_wide(character) else 1 for character in text)
