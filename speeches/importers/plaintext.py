"""Plain text as it arrives (copied from a PDF or a web page) into Markdown paragraphs.

Two shapes arrive. Web text has one paragraph per line. PDF text is hard-wrapped: a paragraph runs
over many lines, often with a blank line after every line, page numbers and running headers between.
The cleaner decides which shape it has, then joins wrapped lines into paragraphs. Joining lines never
changes a word. Three steps can: rejoining a word hyphenated across a line break ("inter-" +
"national"), and dropping page numbers and running headers. Each such change is listed in
``CleanedText.changes`` so the editor sees it before accepting the result.
"""
import difflib
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

BULLETS = "―—–•·▪●○◦*-"
BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s")
SENTENCE_END = re.compile(r"[.!?:;,”\"’')\]]\s*$")
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)
HYPHENATED_END = re.compile(r"([^\W\d_]+)-$")
WORD_START = re.compile(r"^([^\W\d_]+)")
INLINE_MARKDOWN = re.compile(r"([\\`*_\[\]])")
NUMBERED_START = re.compile(r"^(\d+)([.)])(?=\s)")
BLOCK_START = re.compile(r"^([#>+=-])")
# A wrapped line shorter than this share of the typical full line probably ends its paragraph.
SHORT_LINE_RATIO = 0.75
# A short line seen this often in hard-wrapped text is a running header or footer.
RUNNING_HEADER_MIN_REPEATS = 3


@dataclass(frozen=True)
class WordChange:
    """Words the cleaning removed or replaced, with a little context: what the editor must see."""

    removed: str
    inserted: str
    context: str


@dataclass
class CleanedText:
    paragraphs: list
    changes: list = field(default_factory=list)

    @property
    def markdown(self):
        return paragraphs_to_markdown(self.paragraphs)


def clean_pasted_text(raw):
    """Return the ``CleanedText`` of ``raw``: its paragraphs and every word the cleaning changed."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if is_hard_wrapped(lines):
        lines = drop_page_furniture(lines)
        paragraphs = join_wrapped_lines(lines)
    else:
        paragraphs = [line for line in lines if line.strip()]
    paragraphs = [collapse_whitespace(paragraph) for paragraph in paragraphs]
    return CleanedText(paragraphs, word_changes(raw, " ".join(paragraphs)))


def collapse_whitespace(text):
    # \s covers non-breaking and other Unicode spaces too; they become ordinary spaces.
    return re.sub(r"\s+", " ", text).strip()


def is_hard_wrapped(lines):
    """Return True when most non-blank lines break mid-sentence, as PDF text does."""
    content = [line.strip() for line in lines if line.strip()]
    if len(content) < 4:
        return False
    mid_sentence = sum(1 for line in content if not SENTENCE_END.search(line))
    return mid_sentence / len(content) > 0.4


def drop_page_furniture(lines):
    """Blank out page numbers and running headers (short lines repeated on many pages)."""
    repeats = Counter(line.strip() for line in lines if line.strip())
    running = {
        line for line, count in repeats.items()
        if count >= RUNNING_HEADER_MIN_REPEATS and len(line) < 80 and not SENTENCE_END.search(line)
    }
    return ["" if PAGE_NUMBER_LINE.match(line) or line.strip() in running else line for line in lines]


def join_wrapped_lines(lines):
    """Join hard-wrapped lines into paragraphs.

    A paragraph ends at a wider gap than the usual one between lines (PDF text often puts a blank
    line after every line and two between paragraphs), before a bullet, after a line that ends
    in two spaces (a Markdown line break), and after a short line that ends a sentence.
    """
    entries = []  # (line, blank lines before it)
    gap = 0
    for line in lines:
        if line.strip():
            entries.append((line, gap))
            gap = 0
        else:
            gap += 1
    if not entries:
        return []
    usual_gap = statistics.median_low(gap_ for _, gap_ in entries[1:]) if len(entries) > 1 else 0
    widths = [len(line.strip()) for line, _ in entries]
    full_width = statistics.quantiles(widths, n=10)[-1] if len(widths) > 1 else widths[0]
    text_words = Counter(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", " ".join(line for line, _ in entries)))

    paragraphs, current = [], []
    for index, (line, gap_before) in enumerate(entries):
        if current and (gap_before > usual_gap or BULLET_LINE.match(line)):
            paragraphs.append(" ".join(current))
            current = []
        stripped = line.strip()
        if current and HYPHENATED_END.search(current[-1]):
            current[-1] = join_across_hyphen(current[-1], stripped, text_words)
        else:
            current.append(stripped)
        is_last = index + 1 == len(entries)
        ends_short_sentence = SENTENCE_END.search(stripped) and len(stripped) < SHORT_LINE_RATIO * full_width
        if not is_last and (line.endswith("  ") or ends_short_sentence):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def join_across_hyphen(line, next_line, text_words):
    """Join a line that ends in a hyphenated word part to the next line.

    "inter-" + "national" is one word broken by the layout and loses the hyphen; "China-" +
    "Kazakhstan", or "self-" + "generated" when the text uses that form elsewhere, keep it.
    """
    first, after = HYPHENATED_END.search(line).group(1), WORD_START.match(next_line)
    if after and is_broken_word(first, after.group(1), text_words):
        return line[:-1] + next_line
    return line + next_line


def is_broken_word(first, second, text_words):
    """Return True when ``first-`` and ``second`` are one word the layout broke, not a compound."""
    if text_words[f"{first}-{second}"]:
        return False
    if text_words[first + second]:
        return True
    return first.islower() and second.islower()


def word_changes(raw, cleaned):
    """Return the ``WordChange``s between the words of ``raw`` and of ``cleaned`` (white space aside)."""
    before, after = raw.split(), cleaned.split()
    changes = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, start_a, end_a, start_b, end_b in matcher.get_opcodes():
        removed, inserted = " ".join(before[start_a:end_a]), " ".join(after[start_b:end_b])
        if tag == "equal" or removed.replace(" ", "") == inserted:
            continue  # the same words, only a line break moved ("China- Kazakhstan")
        context = " ".join(before[max(0, start_a - 4):end_a + 4])
        changes.append(WordChange(removed, inserted, context))
    return changes


def escape_markdown(paragraph):
    """Escape what Markdown would read as markup rather than text: "1. ", "# ", "*", "_", "<"."""
    # Python-Markdown has no backslash escape for "<"; an entity renders it as text.
    escaped = INLINE_MARKDOWN.sub(r"\\\1", paragraph).replace("<", "&lt;")
    escaped = NUMBERED_START.sub(r"\1\\\2", escaped)
    return BLOCK_START.sub(r"\\\1", escaped)


def paragraphs_to_markdown(paragraphs):
    """Return Markdown with one paragraph per block; text that Markdown would misread is escaped."""
    return "\n\n".join(escape_markdown(paragraph) for paragraph in paragraphs)
