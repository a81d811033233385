"""Plain text as it arrives (copied from a PDF or a web page) into Markdown paragraphs.

Two shapes arrive. Web text has one paragraph per line. PDF text is hard-wrapped: a paragraph runs
over many lines, often with a blank line after every line and page furniture between. The cleaner
decides which shape it has, then joins wrapped lines into paragraphs. It only ever moves line
breaks and collapses runs of white space: every word of the input is kept, in order.
"""
import re
import statistics

BULLETS = "―—–•·▪●○◦*-"
BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s")
SENTENCE_END = re.compile(r"[.!?:;,”\"’')\]]\s*$")
INLINE_MARKDOWN = re.compile(r"([\\`*_\[\]])")
NUMBERED_START = re.compile(r"^(\d+)([.)])(?=\s)")
BLOCK_START = re.compile(r"^([#>+=-])")
# A wrapped line shorter than this share of the typical full line probably ends its paragraph.
SHORT_LINE_RATIO = 0.75


def clean_pasted_text(raw):
    """Return the paragraphs of ``raw`` text, each as one line of collapsed white space."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if is_hard_wrapped(lines):
        paragraphs = join_wrapped_lines(lines)
    else:
        paragraphs = [line for line in lines if line.strip()]
    return [collapse_whitespace(paragraph) for paragraph in paragraphs]


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
    full_width = statistics.quantiles([len(line.strip()) for line, _ in entries], n=10)[-1]

    paragraphs, current = [], []
    for index, (line, gap_before) in enumerate(entries):
        if current and (gap_before > usual_gap or BULLET_LINE.match(line)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line.strip())
        next_is_last = index + 1 == len(entries)
        stripped = line.strip()
        ends_short_sentence = (
            SENTENCE_END.search(stripped) and len(stripped) < SHORT_LINE_RATIO * full_width
        )
        if not next_is_last and (line.endswith("  ") or ends_short_sentence):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def escape_markdown(paragraph):
    """Escape what Markdown would read as markup rather than text: "1. ", "# ", "*", "_", "<"."""
    # Python-Markdown has no backslash escape for "<"; an entity renders it as text.
    escaped = INLINE_MARKDOWN.sub(r"\\\1", paragraph).replace("<", "&lt;")
    escaped = NUMBERED_START.sub(r"\1\\\2", escaped)
    return BLOCK_START.sub(r"\\\1", escaped)


def paragraphs_to_markdown(paragraphs):
    """Return Markdown with one paragraph per block; text that Markdown would misread is escaped."""
    return "\n\n".join(escape_markdown(paragraph) for paragraph in paragraphs) + "\n"
