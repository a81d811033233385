"""How text becomes search tokens, the same for indexing, querying and highlighting, on every engine.

Engines receive text already normalised into space-separated tokens, so typography (curly quotes,
dashes, line breaks, non-breaking spaces, "3,300", "U.S.") cannot make a phrase miss, whichever
engine runs.

Chinese is written without spaces, so each Han character is a token of its own, folded to its
Simplified form (OpenCC): "亲诚惠容", "亲 诚 惠 容" and "親誠惠容" are the same four tokens, and a
quoted phrase matches them in order. Words (``languages``) are found by a segmenter instead. The
simplified forms Japanese writes (shinjitai) are folded too, where the Traditional character they
stand for has a Simplified one Chinese writes: 経済関係 is 经济关系, so a formulation is followed from
a Chinese speech to a Japanese one (``simplified``). Japanese kana are no Han: a run of katakana (a
loanword, a name) is a token of its own (パレスチナ in パレスチナの), and each hiragana is one, as each Han
character is: the endings and particles hiragana writes run on with no space ("協力していくことが"), so a
quote or a word may begin or end anywhere in such a run ("協力していく", "ありがとう" in ありがとうございます).

Marks belong to the word they sit on: accents written as separate characters, Arabic tashkeel
(harakat, tanwin, shadda, sukun, the superscript alef), the vowel signs and viramas of Devanagari,
Tamil or Thai ("नरेंद्र" is one word, not three), which Python's regular expressions do not count as
word characters. Folded like accents, "السَّلَامُ" is "السلام" (Hebrew points and the Indic nukta
too); a mark that writes another sound is kept, as it makes another word: the voicing of kana (ガザ,
Gaza, is not カサ, an umbrella), viramas ("न्द" is not "नद"), and the vowels and tones of Thai, Lao,
Tibetan and Telugu written as marks (``SOUND_MARK_CLASSES``); so is the Cyrillic й, a letter of its
own. The tatweel that stretches a word ("ســلام") is dropped even when matching exactly, as it is
only typography; so are the invisible characters a word may carry from a PDF or a web page (soft
hyphen, zero-width space, word joiner).

Thai, Lao, Myanmar and Khmer are written without spaces between words: a run of them is split into the
words ICU's dictionaries find, as Lucene's ICU tokenizer splits it (``written_spans``): สันติ finds
อย่างสันติและ, and a word ICU splits further (ความร่วมมือ: ความ ร่วม มือ) is found as a phrase of its parts.

A number is the same number however its digits are grouped ("3,300", "3.300", "3 300" with the no-break
space French writes, "3’300", "٣٬٣٠٠") and in whichever script its digits are written: "٢٠٢٣", "२०२३" and
"２０２３" are 2023. Its decimals stay decimals, whichever mark writes their point: "1.2", "1,2" and "١٫٢"
are 1.2, and never 12 (``number_form``).

A footnote's number written as a superscript is no part of the word it follows: "self-defence¹" is
"self-defence", so a quote runs across it (subscripts are digits: "CO₂" is "co2").

Latin letters that no decomposition takes apart are folded as accents are: cœur is coeur, Łódź is lodz,
Søren is soren (``UNDECOMPOSED_LATIN``).

An elided French or Italian article or pronoun is a token of its own, as if its apostrophe were a space:
"l'Allemagne" is "l allemagne", so "Allemagne" finds it; "O'Neill", "People's", "N'Djamena" (no vowel
after it) stay one token. So is a Turkish case or possessive ending written after a name's apostrophe
(``TURKISH_ENDINGS``): "İstanbul'da", "Türkiye'nin", "NATO'ya" are "istanbul da", "turkiye nin", "nato ya",
so İstanbul finds them and a quote of "Türkiye'nin" still asks for the ending. An ending opening with a
vowel follows a consonant (Turkish puts y, n or s between vowels: Ankara'ya), so "Sana'a", "Shi'a" and
"Hawai'i" stay one token; "Qur'an" and "Xi'an" end in no Turkish ending.
"""
import re
import unicodedata
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from speeches.characters import (
    COMBINING_MARKS,
    DICTIONARY_WORDED,
    HAN,
    INVISIBLE,
    JAPANESE_TO_TRADITIONAL,
    TRADITIONAL_TO_SIMPLIFIED,
    UNDECOMPOSED_LATIN,
    word_spans,
)

TATWEEL = "\u0640"
# Apostrophes, and what keyboards and scanned texts write for one: the acute accent of Spanish and
# Portuguese keyboards (nation´s), the full-width apostrophe, the prime.
APOSTROPHES = "'’‘ʼ´＇′"
# The joiners only choose how letters are drawn: a zero-width joiner is nothing inside any word, and so is a
# non-joiner inside a word of an Indian script (राष्ट्र‌ीय is राष्ट्रीय); in Persian and Arabic a
# non-joiner parts a word's pieces (می‌خواهیم), as Lucene's Persian analysis reads it, and stays a break.
ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER = "\u200d", "\u200c"
JOINERS = ZERO_WIDTH_JOINER + ZERO_WIDTH_NON_JOINER  # kept in a query: tokenising decides what they do
INVISIBLE_IN_WORDS = INVISIBLE + ZERO_WIDTH_JOINER
INDIAN_SCRIPTS = "\u0900-\u0dff"
# French and Italian words elided before a vowel or an h: l'Allemagne, qu'il, d'Estaing, dell'Unione.
ELIDED = "(?i:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|dell|nell|dall|sull|all|un|quest|quell)"
ELISION = rf"{ELIDED}(?=[{APOSTROPHES}](?i:[aeiouyhàâäéèêëîïôöûùüÿœæ]))"
# Turkish writes a name's endings after an apostrophe (İstanbul'da, Türkiye'nin, Putin'e, NATO'nun). The
# endings, their vowels as harmony gives them (I: ı i u ü, A: a e; D: d t, C: c ç): case endings with
# the y, n or s Turkish puts between vowels, -ki, the plural and the possessive before them, the copula.
TURKISH_ENDING_FORMS = """I yI nI A yA nA DA nDA DAn nDAn In nIn lA ylA DAki nDAki nInki lAr lArI lArA lArDA
    lArDAn lArIn lArlA lArDAki DAkilAr sI sInA sInI sInDA sInDAn sInIn sIylA InA InI InDA InDAn InIn IylA DIr DI yDI
    yken ysA CA CI lI sIz""".split()
VOWEL_HARMONY = {"I": "ıiuü", "A": "ae", "D": "dt", "C": "cç"}
TURKISH_ENDINGS = frozenset("".join(letters) for form in TURKISH_ENDING_FORMS
                            for letters in product(*(VOWEL_HARMONY.get(letter, letter) for letter in form)))
LATIN_CAPITALS = "".join(character for character in map(chr, range(0x41, 0x250)) if character.isupper())
LATIN_VOWELS = "".join(character for character in map(chr, range(0x41, 0x250))
                       if unicodedata.normalize("NFD", character)[0] in "aeiouAEIOU" or character in "ıİ")
# Endings opening with s that are no buffer between vowels: -sız, without (Putin'siz).
UNBUFFERED_S = ("sız", "siz", "suz", "süz")


def turkish_ending_ahead(endings, vowels, capitals, word_end):
    """Return a pattern met after an apostrophe where one of ``endings``, in either case, ends a word: an
    ending opening with a vowel only after a consonant, one opening with the y, n or s Turkish puts between
    vowels only after a vowel (Ankara'ya, Türkiye'nin; so Primor'ye and Il'ya, Russian names, stay whole)
    or a capital or digit (NATO'ya, ABD'ye, G20'nin: read by their letters). Checked at apostrophes only,
    so a word's letters are read once."""
    def alternatives(words):
        return "(?i:" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    vowel_first = {ending for ending in endings if ending[0] in vowels}
    buffered = {ending for ending in endings if ending[0] in "yns" and not ending.startswith(UNBUFFERED_S)}
    apostrophe = f"[{APOSTROPHES}]"
    return (rf"(?:(?<![{vowels}]{apostrophe}){alternatives(vowel_first)}"
            rf"|(?<=[{vowels}{capitals}0-9]{apostrophe}){alternatives(buffered)}"
            rf"|{alternatives(endings - vowel_first - buffered)}){word_end}")


# Japanese writes no spaces, but its scripts take turns: a katakana word (a name, a loanword) is a token
# of its own, so パレスチナ finds パレスチナの, and each hiragana is one, as each Han character is.
HIRAGANA = "\u3041-\u309f"
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
# A footnote's number written as a superscript ends the word it sits on: "self-defence¹" is self-defence.
SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
NOT_A_WORD = f"\\W{HAN}{HIRAGANA}{KATAKANA}{SUPERSCRIPT_DIGITS}"
# What continues a word: a letter or digit, a combining mark, invisible characters before the next letter,
# a non-joiner between letters of an Indian script.
WORD_GOES_ON = (rf"(?:[^{NOT_A_WORD}]|[{COMBINING_MARKS}]|[{INVISIBLE_IN_WORDS}]+(?=[^{NOT_A_WORD}])"
                rf"|{ZERO_WIDTH_NON_JOINER}(?<=[{INDIAN_SCRIPTS}]{ZERO_WIDTH_NON_JOINER})(?=[{INDIAN_SCRIPTS}]))")
# A Turkish ending after a word's apostrophe (İstanbul'da, NATO'ya): the word ends before the apostrophe,
# and the ending is a token of its own.
TURKISH_ENDING_AHEAD = turkish_ending_ahead(TURKISH_ENDINGS, LATIN_VOWELS, LATIN_CAPITALS, f"(?![^{NOT_A_WORD}])")
# What groups a number's digits: "3,300", "3.300", the Swiss "3’300", Arabic "٣٬٣٠٠"; and, only before
# three digits, a space, as French writes it with a no-break space ("3 300"), and the full-width comma
# ("３，３００": between other digits it lists them, 2021，2022).
NUMBER_SEPARATORS = ".,'’\u066b\u066c\uff0e"
THOUSANDS_SEPARATORS = "\u00a0\u2009\u202f\uff0c"
NUMBER = rf"\d+(?:[{NUMBER_SEPARATORS}]\d+|[{THOUSANDS_SEPARATORS}]\d{{3}}(?!\d))*"
TOKEN = re.compile(
    rf"""
    {NUMBER}                       # numbers with separators: 3,300  94.8  3 300
    | (?:[^\W\d_{HAN}]\.){{2,}}    # dotted abbreviations: U.S.  L.N.
    | [{HAN}]                      # one Han character
    | [{KATAKANA}](?:[{KATAKANA}]|[{COMBINING_MARKS}])*  # a run of katakana, its voicing marks too: ガザ
    | [{HIRAGANA}][{COMBINING_MARKS}]*  # one hiragana, its voicing mark too: が
    | {ELISION}                    # an elided article or pronoun: the l of l'Allemagne
    | [^{NOT_A_WORD}{TATWEEL}]{WORD_GOES_ON}*           # words, with their marks: السَّلَامُ
      (?:[{INVISIBLE}]*[{APOSTROPHES}](?!{TURKISH_ENDING_AHEAD})[^{NOT_A_WORD}]{WORD_GOES_ON}*)*  # and inner
      # apostrophes (People’s), but not a Turkish ending's: İstanbul'da is İstanbul, then da
    """,
    re.VERBOSE,
)
# TOKEN on text all in ASCII, where no Han character, combining mark, tatweel, invisible character or
# curly apostrophe can occur: the same tokens (a test compares them), found twice as fast.
ASCII_TURKISH_ENDING_AHEAD = turkish_ending_ahead(frozenset(filter(str.isascii, TURKISH_ENDINGS)), "aeiouAEIOU",
                                                  "A-Z", r"(?!\w)")
ASCII_TOKEN = re.compile(rf"\d+(?:[.,']\d+)*|(?:[^\W\d_]\.){{2,}}|{ELISION}|\w+(?:'(?!{ASCII_TURKISH_ENDING_AHEAD})\w+)*",
                         re.ASCII)
HAN_CHARACTER = re.compile(f"[{HAN}]")
# The canonical combining classes of the marks folding keeps: kana voicing, viramas, and the fixed-position
# vowel and tone marks of Telugu, Thai, Lao and Tibetan. Every other mark is folded away like an accent.
SOUND_MARK_CLASSES = frozenset({8, 9, 84, 91, 103, 107, 118, 122, 129, 130, 132})
# A letter with a mark that Cyrillic alphabets count as a letter of its own, decomposed: folded to и, й
# also broke the Russian stemmer (многополярный and многополярного had different stems).
OWN_LETTERS = frozenset({"и\u0306", "И\u0306"})
# What a token's characters become before it is compared: its inner punctuation and a number's
# separators dropped, and digits of every script written 0-9 ("٢٠٢٣" and "२०२३" are 2023).
# (Every decimal digit Unicode has is below U+20000.)
DIGITS_OF_EVERY_SCRIPT = {ord(character): str(unicodedata.decimal(character))
                          for character in map(chr, range(0x80, 0x20000)) if character.isdecimal()}
TOKEN_FOLDS = str.maketrans({**dict.fromkeys(map(ord, ".," + APOSTROPHES + TATWEEL + INVISIBLE_IN_WORDS
                                                   + ZERO_WIDTH_NON_JOINER + NUMBER_SEPARATORS + THOUSANDS_SEPARATORS)),
                              **DIGITS_OF_EVERY_SCRIPT})
# The marks a number may write its decimal point with (the Arabic one, ٫, is only that): kept by the folds
# until the number is read (``number_form``), and dropped from a dotted abbreviation (U.S.).
DECIMAL_MARKS = ".,\u066b\uff0e"
DECIMAL_MARK = re.compile(f"[{DECIMAL_MARKS}]")
FOLDS_BUT_DECIMAL_MARKS = {character: folded for character, folded in TOKEN_FOLDS.items()
                           if chr(character) not in DECIMAL_MARKS}
TOKEN_WITH_A_DECIMAL_MARK = re.compile(f"(?<![^ ])[^ {DECIMAL_MARKS}]*[{DECIMAL_MARKS}][^ ]*")  # each token read once


# Letters the Arabic script writes in two forms, one a reader takes for the other, folded as accents are
# (Lucene's Arabic and Persian normalisation): Persian ی and ک are the Arabic ي and ك its keyboards type,
# the alef maqsura ى is written for ي (علي and على), the ta marbuta ة often as ه (الحكومه), the wasla ٱ is ا.
ARABIC_LETTER_FORMS = {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647",
                       "\u0671": "\u0627"}
LETTER_FOLDS = {**UNDECOMPOSED_LATIN, **str.maketrans(ARABIC_LETTER_FORMS)}


class Token(NamedTuple):
    norm: str
    start: int
    end: int


def normalise_token(raw, exact_case=False):
    """Return the comparable form of one token: no inner punctuation; folded case and accents."""
    return folded_token(bare_token(raw), exact_case)


def bare_token(raw):
    """Return a token without its inner punctuation, its digits 0-9, a number written as ``number_form``."""
    bare = raw.translate(FOLDS_BUT_DECIMAL_MARKS)
    if not DECIMAL_MARK.search(bare):
        return bare
    return number_form(bare) if bare[0].isdigit() else DECIMAL_MARK.sub("", bare)


def number_form(number):
    """Return a number's digits with a full stop before its decimals, and none between groups of
    thousands, whichever marks it wrote: "3,300", "3.300" and "3 300" are 3300; "1.2" and "1,2" are 1.2,
    never 12; "1,234.5" and "1.234,5" are 1234.5. A mark before three digits groups them, unless the
    digits before it cannot be a group ("0.125", "1234.567"); the Arabic ٫ is a decimal point. A number
    of other parts ("2.4.1", "12.05.2024") keeps them apart with full stops."""
    groups, marks = DECIMAL_MARK.split(number), DECIMAL_MARK.findall(number)
    if "\u066b" in marks:
        point = marks.index("\u066b")
        return "".join(groups[:point + 1]) + "." + "".join(groups[point + 1:])
    leads_a_group = 1 <= len(groups[0]) <= 3 and groups[0] != "0"
    if leads_a_group and len(set(marks)) == 1 and all(len(group) == 3 for group in groups[1:]):
        return "".join(groups)
    thousands_then_point = len(set(marks[:-1])) <= 1 and marks[-1] not in marks[:-1] and all(
        len(group) == 3 for group in groups[1:-1])
    if len(groups) == 2 or (leads_a_group and thousands_then_point):
        return "".join(groups[:-1]) + "." + groups[-1]
    return ".".join(groups)


def folded_token(bare, exact_case=False):
    """Return a bare token (``bare_token``) with its case and accents folded, or Han simplified."""
    if HAN_CHARACTER.match(bare):
        return simplified(bare)
    if exact_case:
        return bare if bare.isascii() else unicodedata.normalize("NFKC", bare)  # ﬁ is fi, ＵＮ is UN
    if bare.isascii():
        return bare.lower()
    return without_accents(unicodedata.normalize("NFKD", bare)).casefold().translate(LETTER_FOLDS)


def without_accents(decomposed):
    """Return decomposed text without its accent-like marks, composed again where it keeps a mark that
    writes a sound or a letter (が and й stay one character), or Hangul letters (decomposed, a Korean
    syllable is its letters, no marks among them: 북 is 북 again)."""
    kept, sounded = [], False
    for character in decomposed:
        mark_class = unicodedata.combining(character)
        if mark_class in SOUND_MARK_CLASSES or (kept and kept[-1] + character in OWN_LETTERS) or (
                "\u1100" <= character <= "\u11ff"):
            sounded = True
        elif mark_class:
            continue
        kept.append(character)
    folded = "".join(kept)
    return unicodedata.normalize("NFC", folded) if sounded else folded


@lru_cache(maxsize=50_000)
def simplified(han_character):
    """Return the Simplified form of one Han character (itself when it has no other). A Japanese form
    Chinese does not write is read as the Traditional character it stands for, when that has a Simplified
    form Chinese writes (経 stands for 經: 经); "writes" is judged by GB 2312, the Simplified characters
    in common use. So 予, 欠 or 沪, which Chinese writes with meanings of their own, stay as written."""
    folded = TRADITIONAL_TO_SIMPLIFIED.convert(han_character)
    if folded != han_character or written_in_chinese(han_character):
        return folded
    via_traditional = TRADITIONAL_TO_SIMPLIFIED.convert(JAPANESE_TO_TRADITIONAL.convert(han_character))
    return via_traditional if written_in_chinese(via_traditional) else han_character


def written_in_chinese(han_character):
    """Whether a Han character is one of the Simplified characters in common use (GB 2312)."""
    try:
        han_character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# A footnote's number in brackets on the word or punctuation it follows ("non-intervention[3] in",
# "affairs.[12]"), as web pages and Wikipedia write it: no word, so a quote runs across it, as across a
# superscript one. A bracketed number after a space ("Article 2 [4]") is text.
FOOTNOTE_CALL = re.compile(r"(?<=[^\s(\[])\[[0-9]{1,3}\]")


def without_footnote_calls(text):
    """Return ``text`` with each footnote call blanked by as many spaces (every span stays where it was)."""
    if "[" not in text:
        return text
    return FOOTNOTE_CALL.sub(lambda call: " " * len(call.group()), text)


def tokenise(text, exact_case=False):
    """Return the tokens of ``text`` with their spans in the original string."""
    text = without_footnote_calls(text)
    if text.isascii():  # most text: only tokens with inner punctuation translated
        fold = str if exact_case else str.lower  # after finding, as a Turkish ending follows a capital
        return [
            Token(bare_ascii(fold(match.group())), match.start(), match.end())
            for match in ASCII_TOKEN.finditer(text)
        ]
    return [Token(normalise_token(written, exact_case), start, end) for written, start, end in written_spans(text)]


def written_spans(text):
    """Return (token as written, start, end) for each token of ``text``. A token in a script written
    without spaces between words is split into the words ICU's dictionary finds in it: ประเทศไทยสนับสนุน
    is ประเทศไทย and สนับสนุน."""
    return word_spans(TOKEN, without_footnote_calls(text))


def written_tokens(text):
    """Return the tokens of ``text`` as written: the strings of the spans ``tokenise`` gives, not normalised."""
    text = without_footnote_calls(text)
    if text.isascii():
        return ASCII_TOKEN.findall(text)
    if not DICTIONARY_WORDED.search(text):
        return TOKEN.findall(text)
    return [written for written, _, _ in written_spans(text)]


def bare_ascii(token):
    """Return an ASCII token without its inner punctuation (what ``normalise_token`` drops)."""
    if "." in token or "," in token or "'" in token:
        return bare_token(token)
    return token


def normalise(text, exact_case=False):
    """Return ``text`` as the space-separated normalised tokens that engines index and match."""
    return " ".join(normalise_token(written, exact_case) for written in written_tokens(text))


def normalise_both(text):
    """Return ``(normalise(text), normalise(text, exact_case=True))`` from one tokenising pass over
    the whole text (indexing runs it on every document; per token it cost a tenth of a rebuild)."""
    bare = " ".join(written_tokens(text)).translate(FOLDS_BUT_DECIMAL_MARKS)
    if DECIMAL_MARK.search(bare):
        bare = TOKEN_WITH_A_DECIMAL_MARK.sub(lambda token: bare_token(token.group()), bare)
    if bare.isascii():
        return bare.lower(), bare
    exact = unicodedata.normalize("NFKC", bare)
    if HAN_CHARACTER.search(exact):
        exact = " ".join(folded_token(token, exact_case=True) for token in exact.split(" "))
    return " ".join(folded_token(token) for token in exact.split(" ")), exact
