"""Plain text as it arrives (copied from a PDF or a web page) into Markdown paragraphs.

Two shapes arrive. Web text has one paragraph per line. PDF text is hard-wrapped: a paragraph runs
over many lines, often with a blank line after every line, page numbers and running headers between.
The cleaner decides which shape it has, then joins wrapped lines into paragraphs, across a page turn
too where the sentence runs on. Joining lines never changes a word. Three steps can: rejoining a word
hyphenated across a line break ("inter-" + "national"), and dropping page numbers and running headers.
Each such change is listed in ``CleanedText.changes`` so the editor sees it before accepting the result.

Chinese and Japanese put no space between words, so a line break inside their text is joined without
one ("互联" + "互通" is 互联互通); each such join is listed too, as it changes what the editor pasted.
Their paragraphs begin with a full-width indentation ("　　") or, as in other scripts, follow a short
line ending a sentence (。！？); a line without indentation after one that does not end a sentence goes on
with its paragraph, however few lines such text breaks. They are never de-hyphenated.
"""
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from speeches.characters import UNSPACED, UNSPACED_CHARACTER, UNSPACED_PUNCTUATION, line_break_is_no_space
from speeches.diffs import opcodes
from speeches.names import TITLES_BEFORE_NAMES
from speeches.rendering import MarkdownTooComplex, render_markdown

BULLETS = "―—–•·▪●○◦*-"
BULLET_LINE = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s")
# Full-width punctuation closes a Chinese or Japanese sentence; its commas (，、) do not.
SENTENCE_END = re.compile(r"[.!?:;,”\"’')\]。！？；：」』）】…]\s*$")
# A sentence closed at the end of a line (its quotes and brackets after it): text cut by a page turn
# after any other line runs on onto the next page.
SENTENCE_CLOSE = re.compile(r"[.!?:。！？：…][”\"’')\]」』）】]*\s*$")
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+|第\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[页頁])?(?:\s*[-–—])?\s*$", re.I)
# A word of an alphabet (Latin, Cyrillic, Greek...): only these are hyphenated across lines.
ALPHABETIC_WORD = rf"(?:(?![{UNSPACED}\uac00-\ud7af])[^\W\d_])+"
# A hyphen ending a line: ASCII's, Unicode's hyphen and non-breaking hyphen, and the soft hyphen a PDF
# leaves where it broke a word (always a word the layout broke: it shows only at a line's end).
SOFT_HYPHEN = "\u00ad"
HYPHENATED_END = re.compile(rf"({ALPHABETIC_WORD})[-\u2010\u2011{SOFT_HYPHEN}]$")
# The first part of a Russian compound adjective ("российско-китайские", "экономико-политический"). Most
# Russian syllables end in a vowel, so a broader rule (any consonant and о) would keep the hyphen of words
# the layout broke ("отно-шения", "сове-щание"); other compounds are joined, and listed like every join.
RUSSIAN_COMPOUND_PART = re.compile("[а-яё]{3,}(?:ск|ик)о", re.I)
WORD_START = re.compile(rf"^({ALPHABETIC_WORD})")
SPELLED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Full-width (ideographic) spaces indent the first line of a Chinese or Japanese paragraph.
FULL_WIDTH_INDENT = "\u3000"
# A word, or a clause of Chinese or Japanese (to its punctuation), with the white space before it: the
# words compared first, as their words are not spaced. Differing ones are compared character by character.
WORD_TOKEN = re.compile(rf"(\s*)(\S+?(?:[{UNSPACED_PUNCTUATION}]|(?=\s)|$))")
CHARACTER_TOKEN = re.compile(rf"[{UNSPACED}]|[^{UNSPACED}]+")
# Words of context shown either side of a change; in Chinese or Japanese, characters.
CONTEXT_WORDS, CONTEXT_CHARACTERS = 4, 12
# Characters shown on each side of a joined line break.
JOIN_SHOWN = 4
INLINE_MARKDOWN = re.compile(r"([\\`*_\[\]])")
NUMBERED_START = re.compile(r"^(\d+)([.)])(?=\s)")
# "=" needs none: it underlines a heading only under a line of the same block, and each paragraph is its own
# (Python-Markdown has no escape for it: "\\=" shows its backslash).
BLOCK_START = re.compile(r"^([#>+-])")
# An "&" that Markdown would read as the start of an entity ("&amp;", "&#x41;"): "AT&amp;T" pasted is "AT&T" shown.
ENTITY_START = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z0-9]+;)")
# A wrapped line shorter than this share of the typical full line probably ends its paragraph.
SHORT_LINE_RATIO = 0.75
# A short line seen this often in hard-wrapped text is a running header or footer.
RUNNING_HEADER_MIN_REPEATS = 3
# Words a transcript's speaker label opens with, besides a speaker's titles (Mr., Minister, Ambassador).
LABEL_OPENINGS = frozenset("""
    question q a answer moderator participant interpreter audience reporter journalist spokesperson spokesman
    spokeswoman chair chairman chairwoman speaker réponse pregunta respuesta pergunta resposta domanda
    risposta frage antwort вопрос ответ председатель
""".split())
# A transcript's speaker label: up to four words in capitals (initials and titles with full stops), a
# colon after it or not.
SPEAKER_LABEL = re.compile(r"(?:[^\W\d_a-z]+\.?)(?:[ -][^\W\d_a-z]+\.?){0,3}:?")


@dataclass(frozen=True)
class WordChange:
    """Words the cleaning removed or replaced, with a little context: what the editor must see."""

    removed: str
    inserted: str
    context: str


class Line(NamedTuple):
    """A line of hard-wrapped text, with what stood between it and the line of text before it."""

    text: str
    gap: int  # blank lines
    after_page_turn: bool  # a page number or a running header, dropped


class Token(NamedTuple):
    """A word, or one Chinese or Japanese character, as the cleaning's changes are compared."""

    text: str
    spaced: bool  # white space comes before it
    word: int  # the number of the word (a clause of Chinese or Japanese) it is part of


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
        paragraphs = joined_at_broken_words([line.strip() for line in lines if line.strip()])
    paragraphs = [collapse_whitespace(paragraph) for paragraph in paragraphs]
    return CleanedText(paragraphs, word_changes(raw, " ".join(paragraphs)))


def clean_body(body):
    """Return the ``CleanedText`` of the text in a body field, which its preview showed as Markdown.

    The cleaning is for pasted plain text, shown as typed. Pressed again on the Markdown it made, it
    changes nothing: else every backslash and entity it wrote would be escaped again ("1\\." shown for
    "1."). Pressed on text the preview read as Markdown (a heading, a table, emphasis, a list's number),
    every word the page would show otherwise than the preview did is listed, both ways: a heading's "##"
    and a table's "|" now shown as text, an entity, a link's address.
    """
    try:
        shown = shown_words(body)
    except MarkdownTooComplex:  # the preview showed no word, only why
        return clean_pasted_text(body)
    cleaned_shown = clean_pasted_text(shown)
    if not cleaned_shown.changes and cleaned_shown.markdown == body.replace("\r\n", "\n").strip():
        return cleaned_shown
    cleaned = clean_pasted_text(body)
    if word_changes(shown, body):  # read as Markdown: what the page shows changes, not only the typed words
        cleaned.changes = word_changes(shown, shown_words(cleaned.markdown))
    return cleaned


def shown_words(body):
    """Return the text a body's page shows, a paragraph apart from the next by a blank line."""
    return "\n\n".join(paragraph.text for paragraph in render_markdown(body).paragraphs)


def join_lines(lines):
    """Return ``lines`` as one paragraph: a space between them, but none inside Chinese or Japanese."""
    joined = lines[:1]
    for previous, line in itertools.pairwise(lines):
        joined += ["" if line_break_is_no_space(previous, line) else " ", line]
    return "".join(joined)


def collapse_whitespace(text):
    # \s covers non-breaking and other Unicode spaces too; they become ordinary spaces.
    return re.sub(r"\s+", " ", text).strip()


def is_hard_wrapped(lines):
    """Return True when most non-blank lines break mid-sentence, as PDF text does, or when a line goes
    on with a paragraph that a full-width indentation began."""
    content = [line.rstrip() for line in lines if line.strip()]
    if continues_indented_paragraph(content):
        return True
    if len(content) < 4:
        return False
    mid_sentence = sum(1 for line in content if not SENTENCE_END.search(line))
    return mid_sentence / len(content) > 0.4


def continues_indented_paragraph(content):
    """Return True when, in text whose paragraphs begin with a full-width indentation (Chinese and
    Japanese), a line without one follows a line that does not end a sentence: the same paragraph."""
    if sum(line.startswith(FULL_WIDTH_INDENT) for line in content) < 2:
        return False
    open_indented = False  # the line before began an indented paragraph, or went on with one, mid-sentence
    for line in content:
        if not line.startswith(FULL_WIDTH_INDENT) and open_indented:
            return True
        open_indented = (line.startswith(FULL_WIDTH_INDENT) or open_indented) and not SENTENCE_END.search(line)
    return False


def drop_page_furniture(lines):
    """Return ``lines`` with None for each page number and running header (a short line repeated on many
    pages, not a transcript's speaker label): where one stood, the page turned."""
    repeats = Counter(line.strip() for line in lines if line.strip())
    labels = speaker_labels(lines)
    running = {
        line for line, count in repeats.items()
        if count >= RUNNING_HEADER_MIN_REPEATS and len(line) < 80 and not SENTENCE_END.search(line)
        and line not in labels
    }
    return [None if PAGE_NUMBER_LINE.match(line) or line.strip() in running else line for line in lines]


def speaker_labels(lines):
    """Return the lines of ``lines`` that name who speaks next in a transcript: a few words in capitals
    ("QUESTION", "MR. PRICE", "THE PRESIDENT:"), said more than once, and never next to a page number as a
    running header is. A label dropped as a running header took the turns' boundaries with it."""
    texts = [line.strip() for line in lines if line.strip()]  # blank lines aside: they stand near nothing
    repeated = Counter(text for text in texts if is_speaker_label(text))
    beside_page_numbers = {
        text for number, text in enumerate(texts)
        if text in repeated and any(PAGE_NUMBER_LINE.match(near) for near in nearby_lines(texts, number))
    }
    return {text for text, count in repeated.items() if count >= 2 and text not in beside_page_numbers}


def is_speaker_label(text):
    """Whether ``text`` is written as a speaker label: a few words, every letter a capital (in any script
    that has capitals; Chinese has none, so a line of it is never one), ending with a colon or opening
    with a word a label opens with ("QUESTION", "MR. PRICE", "THE PRESIDENT"): a running header in
    capitals ("UNITED NATIONS") is none."""
    if not SPEAKER_LABEL.fullmatch(text) or text != text.upper() or text == text.lower():
        return False
    words = [word.casefold().rstrip(".:") for word in text.split()]
    opening = words[1] if words[0] == "the" and len(words) > 1 else words[0]
    return text.endswith(":") or opening in LABEL_OPENINGS or opening in TITLES_BEFORE_NAMES


def nearby_lines(texts, number, reach=2):
    """Return the ``reach`` lines of ``texts`` on each side of line ``number``.

    Only those few are sliced: a slice to either end, for each label of a long transcript, took a time
    growing with the square of its length (20,000 lines cleaned in 12 seconds).
    """
    return texts[max(number - reach, 0):number] + texts[number + 1:number + 1 + reach]


def lines_of_text(lines):
    """Return a ``Line`` for each line of text in ``lines`` (None: page furniture dropped)."""
    found, gap, page_turned = [], 0, False
    for line in lines:
        if line is None:
            page_turned = True
        elif line.strip():
            found.append(Line(line, gap, page_turned))
            gap, page_turned = 0, False
        else:
            gap += 1
    return found


def join_wrapped_lines(lines):
    """Join hard-wrapped lines into paragraphs.

    A paragraph ends at a wider gap than the usual one between lines (PDF text often puts a blank
    line after every line and two between paragraphs), before a bullet or a full-width indentation,
    after a line that ends in two spaces (a Markdown line break), and after a short line that ends a
    sentence. A page turn (``lines`` holds None where page furniture was dropped) ends one only after
    a line that closes a sentence: elsewhere the text runs on, as it does from line to line.
    """
    entries = lines_of_text(lines)
    if not entries:
        return []
    gaps = [entry.gap for entry in entries[1:] if not entry.after_page_turn]
    usual_gap = statistics.median_low(gaps) if gaps else 0
    widths = [len(entry.text.strip()) for entry in entries]
    full_width = statistics.quantiles(widths, n=10)[-1] if len(widths) > 1 else widths[0]
    text_words = spelled_words(" ".join(entry.text for entry in entries))

    labels = speaker_labels([entry.text for entry in entries])
    paragraphs, current = [], []
    for index, (line, gap_before, after_page_turn) in enumerate(entries):
        runs_on = after_page_turn and current and not SENTENCE_CLOSE.search(current[-1])
        is_label = line.strip() in labels
        if current and (((gap_before > usual_gap or after_page_turn) and not runs_on) or BULLET_LINE.match(line)
                        or line.startswith(FULL_WIDTH_INDENT) or is_label):
            paragraphs.append(join_lines(current))
            current = []
        stripped = line.strip()
        if current and HYPHENATED_END.search(current[-1]):
            current[-1] = join_across_hyphen(current[-1], stripped, text_words)
        else:
            current.append(stripped)
        is_last = index + 1 == len(entries)
        ends_short_sentence = SENTENCE_END.search(stripped) and len(stripped) < SHORT_LINE_RATIO * full_width
        if not is_last and (line.endswith("  ") or ends_short_sentence or is_label):
            paragraphs.append(join_lines(current))
            current = []
    if current:
        paragraphs.append(join_lines(current))
    return paragraphs


def joined_at_broken_words(lines):
    """Return ``lines``, each a paragraph, but a line that ends inside a word (a hyphen, a small letter
    after it) joined with the next: a text too short to tell whether it is wrapped keeps its lines."""
    text_words = spelled_words(" ".join(lines))
    joined = []
    for line in lines:
        if joined and HYPHENATED_END.search(joined[-1]) and line[:1].islower():
            joined[-1] = join_across_hyphen(joined[-1], line, text_words)
        else:
            joined.append(line)
    return joined


def join_across_hyphen(line, next_line, text_words):
    """Join a line that ends in a hyphenated word part to the next line.

    "inter-" + "national" is one word broken by the layout and loses the hyphen; "China-" +
    "Kazakhstan", "российско-" + "китайские", or "self-" + "generated" when the text uses that form
    elsewhere, keep it. Either way the words change: ``word_changes`` lists the join.
    """
    first, after = HYPHENATED_END.search(line).group(1), WORD_START.match(next_line)
    if line.endswith(SOFT_HYPHEN) or (after and is_broken_word(first, after.group(1), text_words)):
        return line[:-1] + next_line
    return line + next_line


def words_broken_at_line_ends(body):
    """Return "inter-/national" for each word of ``body`` that a line break seems to break (as the
    cleaning would join it), for an import to report: a record's body is stored as it is given."""
    lines = body.split("\n")
    text_words = spelled_words(body)
    broken = []
    for line, next_line in zip(lines, lines[1:]):
        if (end := HYPHENATED_END.search(line.rstrip())) and (after := WORD_START.match(next_line.lstrip())):
            if is_broken_word(end.group(1), after.group(1), text_words):
                broken.append(f"{end.group(1)}-/{after.group(1)}")
    return broken


def spelled_words(text):
    """Return how often ``text`` spells each word, compounds with their hyphens: what tells a word the
    layout broke ("inter-" "national", spelled "international" elsewhere) from a compound.

    The words are counted as they are found, not listed first: a list of them all takes some 10 times
    the text's size in memory.
    """
    return Counter(word.group() for word in SPELLED_WORD.finditer(text))


def is_broken_word(first, second, text_words):
    """Return True when ``first-`` and ``second`` are one word the layout broke, not a compound: the
    text spells it so elsewhere, or ``second`` is lower-case, ``first`` lower-case or capitalised but never
    a word on its own in the text (a German noun, "Ge-" "meinschaft"; a sentence's first word) and not the
    first part of a Russian compound. When in doubt the hyphen is kept, as it was written."""
    spellings = {first, first.lower()}  # "Self-" opening a sentence is spelled "self-determination" elsewhere
    if any(text_words[f"{spelled}-{second}"] for spelled in spellings):
        return False
    if any(text_words[spelled + second] for spelled in spellings):
        return True
    # A capitalised first part the text spells as a word of its own is a name the compound is made on
    # ("China-led", "Geneva-based"); one it never does is a broken noun's ("Ge-" "meinschaft").
    capitalised_part = first.istitle() and text_words[first] <= 1  # counted once: here, at the line's end
    return ((first.islower() or capitalised_part) and second.islower()
            and not RUSSIAN_COMPOUND_PART.fullmatch(first))


def word_changes(raw, cleaned):
    """Return the ``WordChange``s between the words of ``raw`` and of ``cleaned``: words removed or
    replaced, and white space removed inside Chinese or Japanese text (white space moved aside).

    Text whose words and spaces the cleaning kept, only moved (lines joined), has none: it is told so at
    once, as a token for each word of both texts takes some 25 times the text's size in memory.
    """
    if collapse_whitespace(raw) == collapse_whitespace(cleaned):
        return []
    before, after = tokens_of(raw), tokens_of(cleaned)
    changes = []
    for tag, start_a, end_a, start_b, end_b in differences(before, after):
        if tag == "equal":
            changes += joined_without_space(before, after, range(start_a, end_a), start_b)
            continue
        removed, inserted = spelled(before[start_a:end_a]), spelled(after[start_b:end_b])
        # "China- Kazakhstan" joined as "China-Kazakhstan" is listed too: it may have been two words.
        changes.append(WordChange(removed, inserted, context_of(before, start_a, end_a)))
    return changes


def tokens_of(text):
    """Return the ``Token``s of ``text``: its words, each Chinese or Japanese character a token of its
    own (their words are not spaced), and each of their clauses (to its punctuation) a word."""
    return [
        Token(part, bool(match.group(1)) and number == 0, word)
        for word, match in enumerate(WORD_TOKEN.finditer(text.strip()))
        for number, part in enumerate(CHARACTER_TOKEN.findall(match.group(2)))
    ]


def differences(before, after):
    """Return the ``difflib`` opcodes turning the tokens ``before`` into ``after``, compared word by
    word, then token by token inside differing words: much quicker than all tokens at once, where a
    few hundred characters of Chinese recur all through the text."""
    starts_a, starts_b = word_starts(before), word_starts(after)
    for tag, start_a, end_a, start_b, end_b in opcodes(words_of(before), words_of(after)):
        first_a, last_a, first_b, last_b = starts_a[start_a], starts_a[end_a], starts_b[start_b], starts_b[end_b]
        if tag == "equal":
            yield tag, first_a, last_a, first_b, last_b
            continue
        for tag_, start_a_, end_a_, start_b_, end_b_ in opcodes([token.text for token in before[first_a:last_a]],
                                                                [token.text for token in after[first_b:last_b]]):
            yield tag_, first_a + start_a_, first_a + end_a_, first_b + start_b_, first_b + end_b_


def words_of(tokens):
    return ["".join(token.text for token in group) for _, group in itertools.groupby(tokens, lambda token: token.word)]


def word_starts(tokens):
    """Return the index of each word's first token, and the number of tokens after the last."""
    return [index for index, token in enumerate(tokens) if index == 0 or token.word != tokens[index - 1].word] + [
        len(tokens)]


def spelled(tokens):
    """Return the text of ``tokens``, a space for each run of white space between them."""
    return "".join((" " if token.spaced else "") + token.text for token in tokens).strip()


def context_of(tokens, start, end):
    """Return the text around ``tokens[start:end]``: some words either side, or characters in Chinese
    or Japanese text."""
    nearest = tokens[start] if start < len(tokens) else tokens[start - 1]
    width = CONTEXT_CHARACTERS if UNSPACED_CHARACTER.match(nearest.text) else CONTEXT_WORDS
    return spelled(tokens[max(0, start - width):end + width])


def joined_without_space(before, after, positions, start_after):
    """Return a ``WordChange`` for each white space before a token of ``before`` at ``positions`` that the
    same token of ``after`` (from ``start_after`` on) lost: a line break inside Chinese or Japanese text,
    joined. What it joined is read in ``after``: the page number between "共" and "同体" is gone."""
    changes = []
    for position, position_after in zip(positions, itertools.count(start_after)):
        if before[position].spaced and not after[position_after].spaced:
            left, right = spelled(unspaced_before(after, position_after)), spelled(unspaced_from(before, position))
            changes.append(WordChange(f"{left} {right}", left + right, context_of(before, position, position)))
    return changes


def unspaced_before(tokens, position):
    """Return the last ``JOIN_SHOWN`` tokens before ``tokens[position]`` with no white space between."""
    shown = tokens[max(0, position - JOIN_SHOWN):position]
    last_spaced = max((index for index, token in enumerate(shown) if token.spaced), default=0)
    return shown[last_spaced:]


def unspaced_from(tokens, position):
    """Return the first ``JOIN_SHOWN`` tokens from ``tokens[position]`` on with no white space between."""
    shown = tokens[position:position + JOIN_SHOWN]
    next_spaced = next((index for index, token in enumerate(shown) if index and token.spaced), len(shown))
    return shown[:next_spaced]


def escape_markdown(paragraph):
    """Escape what Markdown would read as markup rather than text: "1. ", "# ", "*", "_", "<", "&amp;"."""
    # Python-Markdown has no backslash escape for "<" or "&"; an entity renders each as text.
    escaped = ENTITY_START.sub("&amp;", INLINE_MARKDOWN.sub(r"\\\1", paragraph)).replace("<", "&lt;")
    escaped = NUMBERED_START.sub(r"\1\\\2", escaped)
    return BLOCK_START.sub(r"\\\1", escaped)


def paragraphs_to_markdown(paragraphs):
    """Return Markdown with one paragraph per block; text that Markdown would misread is escaped."""
    return "\n\n".join(escape_markdown(paragraph) for paragraph in paragraphs)
