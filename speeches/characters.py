"""What the archive needs to know of writing systems: which characters are Chinese (Han), in which of
their scripts (Simplified or Traditional) a text is written, which scripts put no space between words
(and where their words are), the particles Korean writes onto a word, and which characters may not be
written at all (control characters)."""
import re
import unicodedata

import opencc
from icu4py.breakers import WordBreaker

# CJK Unified Ideographs with extension A, compatibility ideographs, and the supplementary planes' ones.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A line break of the source between two Han characters (tags between them allowed, as <mark>).
HAN_CHARACTERS = re.compile(f"[{HAN}]")
HAN_LINE_BREAK = re.compile(f"(?<=[{HAN}])((?:<[^>]*>)*)\n((?:<[^>]*>)*)(?=[{HAN}])")


# Chinese and Japanese put no space between words: Han, the kana (with half-width katakana), and their
# punctuation (the CJK symbols block but its ideographic space, full-width forms). Korean Hangul is
# written with spaces, so it is not here.
KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
UNSPACED_PUNCTUATION = "\u3001-\u303f\uff01-\uff65"
UNSPACED = HAN + KANA + UNSPACED_PUNCTUATION
UNSPACED_CHARACTER = re.compile(f"[{UNSPACED}]")
# Punctuation shared by every script (quotes, dashes, ellipses): it says nothing of the words around it.
SHARED_PUNCTUATION = re.compile(f"[^\\w{UNSPACED}]+")


def is_written_unspaced(character):
    """Return True for a character of a script that puts no space between words (Chinese, Japanese)."""
    return bool(UNSPACED_CHARACTER.fullmatch(character))


def line_break_is_no_space(before, after):
    """Return True when a line break between the line ``before`` and the line ``after`` stands for no
    space: both sides are Chinese or Japanese ("互联" + "互通" is one word, 互联互通), or both Thai, Lao,
    Khmer or Burmese, which put no space between words either ("ความร่วม" + "มือ" is ความร่วมมือ), looking
    past quotes and dashes. Anywhere else (English, Korean, Chinese beside a Latin word or a number) it
    is a space."""
    last, first = SHARED_PUNCTUATION.sub("", before)[-1:], SHARED_PUNCTUATION.sub("", after)[:1]
    if not (last and first):
        return False
    return ((is_written_unspaced(last) and is_written_unspaced(first))
            or bool(DICTIONARY_WORDED.match(last) and DICTIONARY_WORDED.match(first)))


def without_han_line_breaks(html):
    """Return ``html`` without the source's line breaks between Chinese characters: Chinese puts no
    space between words, and browsers would show each such line break as one. For display only: text
    cleaned by ``clean_pasted_text`` keeps no such line break, but texts stored before it may."""
    return HAN_LINE_BREAK.sub(r"\1\2", html) if "\n" in html else html


# OpenCC's own conversions: search folds Traditional characters to Simplified with the first.
TRADITIONAL_TO_SIMPLIFIED = opencc.OpenCC("t2s.json")
SIMPLIFIED_TO_TRADITIONAL = opencc.OpenCC("s2t.json")
# Japanese forms (shinjitai: 経, 関) to the Traditional characters they stand for (經, 關).
JAPANESE_TO_TRADITIONAL = opencc.OpenCC("jp2t.json")
SCRIPT_SAMPLE = 5000  # Han characters read to tell the script: a speech's first pages say it


def chinese_script(text):
    """Return "Hant" for Chinese text written in Traditional characters, "Hans" for Simplified, or ""
    when ``text`` has no character telling them apart.

    Most characters are the same in both scripts; a Traditional text changes where OpenCC folds it
    to Simplified, a Simplified one where OpenCC writes it in Traditional: whichever changes less
    is the script the text is in.
    """
    han = "".join(HAN_CHARACTERS.findall(text or "")[:SCRIPT_SAMPLE])
    as_simplified = sum(a != b for a, b in zip(han, TRADITIONAL_TO_SIMPLIFIED.convert(han)))
    as_traditional = sum(a != b for a, b in zip(han, SIMPLIFIED_TO_TRADITIONAL.convert(han)))
    if as_simplified == as_traditional:
        return ""
    return "Hant" if as_simplified > as_traditional else "Hans"


def character_ranges(categories, last=0x1FFFF):
    """Return a regular expression character class body ("a-z...") of the characters up to ``last``
    in Unicode ``categories`` (read once, at import: a few tens of milliseconds)."""
    ranges, start = [], None
    for code in range(last + 2):
        inside = code <= last and unicodedata.category(chr(code)) in categories
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(re.escape(chr(start)) + (f"-{re.escape(chr(code - 1))}" if code - 1 > start else ""))
            start = None
    return "".join(ranges)


# Marks (Unicode categories Mn, Mc, Me) in the scripts of the first two planes: they belong to the letter
# before them, but Python's \w counts none of them (accents written apart, Arabic tashkeel, the vowel
# signs and viramas of Devanagari, Tamil or Thai).
COMBINING_MARKS = character_ranges({"Mn", "Mc", "Me"})

# Soft hyphen, zero-width space, word joiner, zero-width no-break space: invisible inside a word, and
# no part of it (search reads "coop\u00aderation" as "cooperation"; a name or a title is stored without
# them). Not the zero-width joiner and non-joiner, which change how Persian, the Indic scripts and emoji
# are shown.
INVISIBLE = "\u00ad\u200b\u2060\ufeff"
WITHOUT_INVISIBLE = str.maketrans("", "", INVISIBLE)


# Joiners and Hangul fillers: kept in a text, but a text of nothing else shows nothing.
SHOWING_NOTHING_ALONE = str.maketrans("", "", "\u200c\u200d\u115f\u1160\u3164\uffa0")


def without_invisible(text):
    """Return ``text`` without the ``INVISIBLE`` characters a pasted text may carry, nor white space
    around it: empty when nothing in it can be seen (joiners and Hangul fillers alone included)."""
    visible = text.translate(WITHOUT_INVISIBLE).strip()
    return visible if visible.translate(SHOWING_NOTHING_ALONE).strip() else ""


# Latin letters no decomposition takes apart, folded as their accented neighbours are (cœur is coeur,
# Łódź is lodz), after case folding: by search, and by lists ordering names.
UNDECOMPOSED_LATIN = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t"})
# Thai, Lao, Myanmar and Khmer, with their extensions, put no space between words either; ICU's dictionaries
# find their words, as Lucene's ICU tokenizer does.
DICTIONARY_WORDED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f]")


def word_spans(token_pattern, text):
    """Return (word, start, end) for each token ``token_pattern`` finds in ``text``, a token in Thai, Lao,
    Myanmar or Khmer split into its words (``dictionary_words``)."""
    if not DICTIONARY_WORDED.search(text):
        return [(match.group(), match.start(), match.end()) for match in token_pattern.finditer(text)]
    return [word for match in token_pattern.finditer(text) for word in dictionary_words(match.group(), match.start())]


def dictionary_words(token, start=0):
    """Return (word, start, end) for each word of ``token`` (a run of letters beginning at ``start``):
    in Thai, Lao, Myanmar or Khmer, the words ICU's dictionary finds (ประเทศไทยสนับสนุน is ประเทศไทย and
    สนับสนุน), leaving out what lies between them (a zero-width space, an apostrophe); in any other script, the token."""
    if not DICTIONARY_WORDED.search(token) or not any(map(str.isalpha, token)):  # a number: "๓ ๓๐๐" is one
        return [(token, start, start + len(token))]
    words = []
    for piece in WordBreaker(token, "root"):
        if any(map(str.isalnum, piece)):  # not what lies between words: a zero-width space, an apostrophe
            words.append((piece, start, start + len(piece)))
        start += len(piece)
    return words


# Korean writes a noun's particles as one word with it (북한의, 북한과, 북한은: of, and, as for North Korea);
# they are a closed set, taken off as Lucene's light stemmers take off endings. Nori, Lucene's Korean
# analyser, and Kiwi, Python's, read them from a dictionary and a language model: Kiwi costs 500 MB and
# seconds per process to load (measured), too much for a web worker.
HANGUL_WORD = re.compile("[\uac00-\ud7a3]+")
KOREAN_PARTICLES = sorted({
    "이", "가", "께서", "을", "를", "의", "에", "에게", "께", "에서", "에게서", "으로", "로", "으로서", "로서",
    "으로써", "로써", "와", "과", "은", "는", "도", "만", "까지", "부터", "조차", "마저", "처럼", "보다", "만큼",
    "이나", "마다", "에는", "에서는", "으로는", "로는", "에게는", "와는", "과는", "에도", "에서도", "으로도", "로도",
    "와의", "과의", "에의", "으로의", "로의", "에서의", "까지의", "부터의", "만의", "이며", "이고", "이라는", "라는",
}, key=len, reverse=True)
# A particle is taken off while this many syllables are left: 국가 (a state) keeps its 가, 국가가 loses one.
KOREAN_STEM_SYLLABLES = 2


def without_korean_particles(word):
    """Return a Korean word without the particles that end it (북한의 is 북한, 민주주의의 민주주의), while
    ``KOREAN_STEM_SYLLABLES`` are left. A word's own ending may look like one (민주주의 becomes 민주주):
    it is read so wherever it stands, in a text and in a query alike, as a stemmer shortens a word."""
    stripped = True
    while stripped:
        particle = next((particle for particle in KOREAN_PARTICLES if word.endswith(particle)
                         and len(word) - len(particle) >= KOREAN_STEM_SYLLABLES), None)
        stripped = particle is not None
        if stripped:
            word = word[:-len(particle)]
    return word


# Control characters (Unicode's category Cc, C0 and C1): invisible on a page, and most of them cannot
# be written in XML 1.0, so one in a title or a region's name broke every feed listing it. Text of
# several lines keeps its tabs and line breaks; a field of one line holds none.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_OF_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_WHITE_SPACE_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}
# Bidirectional embeddings and overrides: one in a name or a title reverses how the rest of it is shown
# (U+202E before "Remarks" shows it as "skrameR"), a spoofing trick; a field of one line holds none.
# (Marks and isolates, which mixed Arabic and Latin text needs, are kept.)
DIRECTION_OVERRIDE = re.compile("[\u202a-\u202e]")
# Every character that only steers direction: marks, embeddings, overrides and isolates. A line the
# archive writes itself from what a visitor typed (an alert's description) holds none.
DIRECTION_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Code points that are no character: U+FFFE and U+FFFF, and halves of surrogate pairs (which a JSON import
# may write as escapes). XML 1.0 cannot hold them: one in a title made every feed listing it unreadable.
NOT_A_CHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets): C0 controls but tab and line breaks, and
# ``NOT_A_CHARACTER``. Fields refuse them on entry; what writes XML (feeds, TEI, the vertical file) keeps
# them out of text stored before they were refused, or derived from it.
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# What separates the names (and roles) of a document's speakers, regions and countries in a cell of the
# archive's CSV files (the dump's documents.csv, a search's export): a name or role holding one could not
# be told apart from two.
LIST_SEPARATOR = ";"
LIST_SEPARATOR_PROBLEM = ("holds “;”, which separates names in the archive's CSV files; write it without one "
                          "(with a comma, for instance)")


def control_character_problem(text, multi_line=False):
    """Return what to tell an editor of the first control character in ``text`` ("" when there is
    none). Such characters are refused, never dropped, so no text changes unseen."""
    if not multi_line and (override := DIRECTION_OVERRIDE.search(text)):
        return (f"contains a direction override (U+{ord(override.group()):04X}) at character {override.start() + 1}; "
                "remove it: it reverses how the text after it is shown")
    if not_a_character := NOT_A_CHARACTER.search(text):
        return (f"contains U+{ord(not_a_character.group()):04X} at character {not_a_character.start() + 1}, "
                "which is no character; remove it: feeds cannot carry it")
    match = (CONTROL_CHARACTER_OF_LINES if multi_line else CONTROL_CHARACTER).search(text)
    if match is None:
        return ""
    character, start = match.group(), match.start()
    code = f"U+{ord(character):04X}"
    if character in LINE_WHITE_SPACE_NAMES:
        name = LINE_WHITE_SPACE_NAMES[character]
        return f"contains {name} ({code}) at character {start + 1}; this field holds one line"
    where = f"character {start + 1}"
    if multi_line:
        line, line_start = text.count("\n", 0, start) + 1, text.rfind("\n", 0, start) + 1
        where = f"line {line}, column {start - line_start + 1}"
    return (f"contains a control character ({code}) at {where}; remove it: it is invisible, "
            "and feeds cannot carry it")


def one_line(text, limit=None):
    """Return ``text`` on one line with single spaces, no line break or control character left (what
    may go in a mail's header), cut to ``limit`` characters with an ellipsis."""
    text = " ".join("".join(character if character.isprintable() else " " for character in str(text)).split())
    return text if limit is None or len(text) <= limit else text[:limit - 1].rstrip() + "…"
