"""Countries as ISO 3166-1 codes: their names in every language CLDR names them in, their English
adjectives, and a name or code read back to its country.

- Names: CLDR (the Unicode Common Locale Data Repository) as language-data ships it for langcodes,
  already the archive's source of language names: each country's name in some 200 languages (English,
  Chinese in both scripts, Russian, Kazakh, French, Arabic...) and the other names CLDR gives it
  ("UK", "Turkey", "Congo (DRC)", "Czech Republic", "韩国", "КНДР").
- Codes (alpha-2, alpha-3), English adjectives ("French", "Kazakhstani"), more English names
  ("USA", "DR Congo", "Republic of Korea") and each country's name in its own language ("ประเทศไทย"):
  countryinfo. No maintained package holds the adjectives
  of other languages ("французский", "法国的"): docs/research.md says what detection misses for it.

``mentions.py`` finds them in a text.
"""
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import langcodes
from countryinfo import all_countries
from language_data.name_data import CODE_TO_NAMES
# language-data's own reader of its name tries: they hold CLDR's other names, which its CODE_TO_NAMES leaves out.
from language_data.names import load_trie
from language_data.util import data_filename
from whoosh.lang.stopwords import stoplists

from speeches.characters import COMBINING_MARKS, HAN, KANA, TRADITIONAL_TO_SIMPLIFIED, word_spans

# A token: one Chinese or Japanese character (those scripts write no spaces between words), or a run
# of other letters and digits, split into its words in Thai, Lao, Myanmar and Khmer (``word_spans``).
# Names and texts are cut the same way, and compared casefolded.
# A word keeps its marks: a Devanagari vowel sign or virama split "प्राथमिकता" (priority) into letters, two
# of them those of "पेरू" (Peru).
TOKEN = re.compile(f"[{HAN}{KANA}]|[^\\W{HAN}{KANA}_](?:[^\\W{HAN}{KANA}_]|[{COMBINING_MARKS}])*")
CHINESE = re.compile(f"[{HAN}]+")
ISO_CODE = re.compile(r"[A-Za-z]{2,3}")
# An adjective several countries share ("Chinese": China, Hong Kong, Macao) is the most populous one's
# when it has this many times the people of the next; otherwise ("Congolese") it names none.
ADJECTIVE_MAJORITY = 50
ENGLISH_STOP_WORDS = frozenset(stoplists["en"])


@dataclass(frozen=True)
class CountryData:
    alpha_2: str
    alpha_3: str
    name: str  # CLDR's English name
    adjectives: tuple  # English, from countryinfo
    english_names: tuple  # countryinfo's name and other spellings; no ISO code but an alpha-3 that is an abbreviation ("USA")
    chinese_names: tuple  # countryinfo's other spellings in Chinese characters: official long forms ("中华人民共和国")
    native_names: tuple  # countryinfo's name in the country's own language and its translations ("ประเทศไทย", "Palästina")
    provinces: tuple  # countryinfo's provinces or states ("Georgia" is also a state of the United States)
    population: int


def words(text):
    """Return the casefolded tokens of ``text``: how names and texts are compared."""
    return tuple(word.casefold() for word, _, _ in word_spans(TOKEN, text))


def key(text):
    return " ".join(words(text))


@lru_cache(maxsize=1)
def countries():
    """Return {alpha-2 code: ``CountryData``} for every country with an ISO code CLDR names."""
    found, adjectives = {}, {}
    for entry in all_countries():
        alpha_2 = (entry.iso(2) or "").upper()
        if "en" not in CODE_TO_NAMES.get(alpha_2, {}) or langcodes.standardize_tag(f"und-{alpha_2}") != f"und-{alpha_2}":
            continue  # no ISO code CLDR names, or a withdrawn one (AN, the Netherlands Antilles)
        if entry.demonym():
            adjectives.setdefault(entry.demonym(), {}).setdefault(alpha_2, entry.population() or 0)
        if alpha_2 in found:
            continue  # countryinfo holds a few twice (the Holy See, Palestine): its first is the fuller
        found[alpha_2] = CountryData(
            alpha_2=alpha_2, alpha_3=(entry.iso(3) or "").upper(), name=CODE_TO_NAMES[alpha_2]["en"],
            adjectives=(), english_names=english_names_of(entry, alpha_2),
            chinese_names=tuple(name for name in entry.alt_spellings() or [] if CHINESE.fullmatch(name)),
            native_names=tuple(name for name in [entry.native_name(), *(entry.translations() or {}).values()] if name),
            provinces=tuple(entry.provinces() or ()), population=entry.population() or 0)
    owned = {}
    for adjective, populations in adjectives.items():
        if code := owner(populations):
            owned.setdefault(code, []).append(adjective)
    return {code: replace(data, adjectives=tuple(owned.get(code, ()))) for code, data in found.items()}


def english_names_of(entry, alpha_2):
    """Return countryinfo's name of a country and those of its other spellings that are English names.
    Not its ISO codes: they are codes, not names ("CAN", "PER", "AND" are words). Nor a name CLDR gives
    it in another language only: countryinfo also lists names in other languages, and Danish and German
    "Island" (Iceland) is an English word. But an abbreviation, the initials of one of its names, is ("USA")."""
    spellings = [name for name in entry.alt_spellings() or [] if name and name.upper() != alpha_2]
    initials = {initials_of(name) for name in [entry.name() or "", *spellings, CODE_TO_NAMES[alpha_2]["en"]]}
    alpha_3 = (entry.iso(3) or "").upper()
    foreign = foreign_names(alpha_2)
    english = [name for name in spellings if key(name).replace(" ", "") in initials or (
        name.upper() != alpha_3 and words(name) not in foreign)]
    return tuple([entry.name()] if entry.name() else []) + tuple(english)


def foreign_names(alpha_2):
    """Return the tokens of the names CLDR gives a country in other languages than English, and not in English."""
    english, other = set(), set()
    for locale, name in CODE_TO_NAMES[alpha_2].items():
        (english if locale == "en" or locale.startswith("en-") else other).add(words(name))
    return other - english


def initials_of(name):
    """Return the first letters of a name's words but its stop words: "United States of America" -> "usa"."""
    return "".join(word[0] for word in words(name) if word not in ENGLISH_STOP_WORDS)


def owner(populations):
    """Return the code of the country an adjective names, given {code: population} of those that share it."""
    ranked = sorted(populations.items(), key=lambda item: -item[1])
    if len(ranked) == 1 or ranked[0][1] >= ADJECTIVE_MAJORITY * max(ranked[1][1], 1):
        return ranked[0][0]
    return None


def country(alpha_2):
    """Return the ``CountryData`` of an alpha-2 code, or None."""
    return countries().get((alpha_2 or "").upper())


def locale_keys(language):
    """Return the CLDR locales whose names a text in ``language`` may use: "zh-Hant" -> zh, zh-Hans,
    zh-Hant (a Chinese text may quote either script); "kk" -> kk, kk-Cyrl."""
    general = (language or "").split("-")[0].lower()
    return sorted({locale for names in (CODE_TO_NAMES["FR"], CODE_TO_NAMES["US"]) for locale in names
                   if locale == general or locale.startswith(general + "-")})


def current_code(code):
    """Return the code CLDR now gives a territory ("BU", Burma, -> "MM"), or None for no country."""
    territory = langcodes.Language.get(langcodes.standardize_tag(f"und-{code}")).territory
    return territory if territory in countries() else None


@lru_cache(maxsize=100)
def names_in(language):
    """Return {name's casefolded tokens: {alpha-2 codes}} for the countries' names in ``language``:
    CLDR's, and for English and Chinese countryinfo's too. A name given to several countries names none of them
    ("Congo" is not: CLDR and ISO give it to the Republic of the Congo alone)."""
    general = (language or "").split("-")[0].lower()
    names = {}
    for code in countries():
        for locale in locale_keys(general):
            if written := CODE_TO_NAMES[code].get(locale):
                # "Myanmar (Burma)" is also "Myanmar"; what the brackets hold may name another country:
                # "Виргинские о-ва (Великобритания)".
                for name in (written, re.sub(r"\s*\([^)]*\)", "", written)):
                    names.setdefault(words(name), set()).add(code)
        extra = {"en": countries()[code].english_names, "zh": countries()[code].chinese_names}.get(general, ())
        for name in extra:
            names.setdefault(words(name), set()).add(code)
    for name, codes in other_cldr_names(general):
        names.setdefault(name, set()).update(codes)
    return {name: frozenset(codes) for name, codes in names.items() if name and len(codes) == 1}


def other_cldr_names(general):
    """Yield (tokens, {code}) for each name language-data's name tries hold for ``general``'s territories."""
    try:
        trie = load_trie(data_filename(f"trie/{general}/name_to_territory.marisa"))
    except (FileNotFoundError, OSError):
        return
    for name, value in trie.items():
        if code := current_code(value.decode()):
            yield words(name), {code}


@lru_cache(maxsize=100)
def adjectives_in(language):
    """Return {adjective's casefolded tokens: {alpha-2 code}}: English only (see the module's docstring)."""
    if (language or "").split("-")[0].lower() != "en":
        return {}
    return {words(adjective): frozenset({code}) for code, data in countries().items() for adjective in data.adjectives}


@lru_cache(maxsize=1)
def every_name():
    """Return {casefolded name: alpha-2 code} for every name of every country ``code_of`` reads: its name in
    every language CLDR names it in and countryinfo's English ones, then the other names CLDR gives it in
    each language and countryinfo's native and Chinese ones ("فلسطين", "Палестина", "巴勒斯坦",
    "ประเทศไทย"), where CLDR names the Palestinian Territories and Thailand otherwise. A name given to two
    countries is left out, and one the first names give to two is not taken from the others."""
    return first_unambiguous(main_names(), other_names())


@lru_cache(maxsize=1)
def main_names():
    """Return {casefolded name: {alpha-2 codes}}: each country's name in every language CLDR names it in,
    and the English names of CLDR and countryinfo."""
    found = {}
    for code, data in countries().items():
        for name in (*CODE_TO_NAMES[code].values(), *data.english_names):
            found.setdefault(key(name), set()).add(code)
    for name, codes in names_in("en").items():
        found.setdefault(" ".join(name), set()).update(codes)
    return found


@lru_cache(maxsize=1)
def other_names():
    """Return {casefolded name: {alpha-2 codes}}: the other names CLDR gives countries in each language
    (language-data's name tries), and countryinfo's native and Chinese names."""
    found = {}
    for code, data in countries().items():
        for name in (*data.native_names, *data.chinese_names):
            found.setdefault(key(name), set()).add(code)
    for general in sorted(os.listdir(data_filename("trie"))):
        for name, codes in other_cldr_names(general):
            found.setdefault(" ".join(name), set()).update(codes)
    return found


def first_unambiguous(*layers):
    """Return {name: code} of the names one of ``layers`` ({name: {codes}}) gives one country alone: an
    earlier layer's name wins, and one it gives to several countries names none, whatever a later says."""
    found, seen = {}, set()
    for layer in layers:
        found.update({name: next(iter(codes)) for name, codes in layer.items()
                      if name and name not in seen and len(codes) == 1})
        seen |= layer.keys()
    return found


def code_of(value):
    """Return the alpha-2 code of the country ``value`` names, by its ISO code (alpha-2 or alpha-3, any
    case) or any of its names ("France", "法国", "Франция", "south africa", "فلسطين"), or None."""
    value = (value or "").strip()
    if ISO_CODE.fullmatch(value):
        upper = value.upper()
        for code, data in countries().items():
            if upper in (code, data.alpha_3):
                return code
    return every_name().get(key(value)) or every_bare_name().get(bare(key(value)))


@lru_cache(maxsize=1)
def every_bare_name():
    """Return ``every_name`` without accents, apostrophes and spaces, in Simplified characters: Greek
    capitals and Turkish İ written as they are ("ΕΛΛΑΔΑ" for Ελλάδα, "TÜRKİYE"), "O'zbekiston" for
    Oʻzbekiston and 臺灣 for 台湾 name their countries too. A bare name two countries share is left out,
    and one the main names share is not taken from the others (as in ``every_name``)."""
    main = first_unambiguous(main_names())
    others = {name: code for name, code in every_name().items() if name not in main}
    return first_unambiguous(bare_names(main), bare_names(others))


def bare_names(names):
    """Return {bare name: {alpha-2 codes}} of ``names`` ({casefolded name: code})."""
    found = {}
    for name, code in names.items():
        found.setdefault(bare(name), set()).add(code)
    return found


def bare(name):
    """Return a casefolded name without its marks, apostrophes and spaces, in Simplified characters."""
    decomposed = unicodedata.normalize("NFD", TRADITIONAL_TO_SIMPLIFIED.convert(name))
    return "".join(character for character in decomposed
                   if not unicodedata.combining(character) and character not in "'’‘ʼʻ` ")
