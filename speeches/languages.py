"""Languages as BCP 47 tags ("en", "en-GB", "pt-BR", "zh-Hans"): read, stored, matched and named one way.

langcodes (with its data, language-data) reads any tag in any case, standardises it as BCP 47 writes
it ("zh-hans" -> "zh-Hans", "EN-gb" -> "en-GB", the deprecated "iw" -> "he", Mandarin "cmn" -> "zh"), knows CLDR's likely
subtags (zh-CN is written in Simplified characters, zh-TW and zh-HK in Traditional) and names every
ISO 639 language: in the editor's language where CLDR has the name, else as the IANA registry does.

The stored form is that standard tag, but Chinese: always its script and no region ("zh-Hans",
"zh-Hant"), as the archive's Chinese texts differ by the characters they are written in, and readers
and search tell them apart by it. Chinese given without a script takes its region's (zh-CN), else the
script of its text's characters (``characters.chinese_script``).
"""
import re
from functools import lru_cache

import langcodes
from django.utils import translation
from language_data.name_data import CODE_TO_NAMES

from speeches.characters import chinese_script

CHINESE = "zh"
# Tags are at most 35 characters in practice (RFC 5646 section 4.4.1); a field holding one is as long.
MOST_TAG_CHARACTERS = 35
# Codes the registry holds that name no language: undetermined, multiple, none, uncoded.
NOT_LANGUAGES = {"und", "mul", "zxx", "mis"}
LANGUAGE_CODE = re.compile("[a-z]{2,3}")
# The shape of a tag (a language, then subtags) in any case: what the API's schema promises to read;
# whether it names a language is ``standard_tag``'s to say.
TAG_SHAPE = r"[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{1,8})*"  # en_GB, as locales are written, is en-GB
# Scripts and regions offered beside the languages themselves: the ones an archive of diplomatic
# speeches meets. Any other valid tag can be typed.
COMMON_VARIANTS = ["zh-Hans", "zh-Hant", "en-GB", "en-US", "pt-BR", "pt-PT", "es-419", "fr-CA", "sr-Cyrl",
                   "sr-Latn"]
EXAMPLES = "such as en, en-GB, fr, ru, ar, zh-Hans or zh-Hant"
# Scripts written from right to left (ISO 15924) that living languages are written in: Arabic, Hebrew,
# Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya, Mandaic, Samaritan, Yezidi.
RIGHT_TO_LEFT_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr", "Yezi"}


class UnknownLanguage(ValueError):
    """A value that is no BCP 47 tag of a known language; the message says so for editors and readers."""

    def __init__(self, value):
        super().__init__(f"“{str(value)[:40]}” is not a language tag {EXAMPLES}")


@lru_cache(maxsize=1)
def language_codes():
    """Return the code of every language the registry names (ISO 639-1, -2 and -3), deprecated ones
    ("iw", "tl") left out as their standard tag ("he", "fil") is there."""
    return frozenset(code for code in CODE_TO_NAMES if LANGUAGE_CODE.fullmatch(code) and code not in NOT_LANGUAGES
                     and langcodes.standardize_tag(code, macro=True) == code)


def standard_tag(value):
    """Return ``value`` as a standard BCP 47 tag ("zh-cn" -> "zh-CN"), or raise ``UnknownLanguage``
    when it is no valid tag of a language the registry knows (or no string: a list in a record)."""
    if not isinstance(value, str) or not 0 < len(value.strip()) <= MOST_TAG_CHARACTERS:
        raise UnknownLanguage(value)
    return standard_form(value.strip())


@lru_cache(maxsize=10_000)
def standard_form(value):
    text = value.replace("_", "-")  # en_GB, as locales are written, is en-GB
    if not langcodes.tag_is_valid(text):
        raise UnknownLanguage(value)
    tag = langcodes.standardize_tag(text, macro=True)  # Mandarin (cmn) is Chinese (zh), as search reads it
    if langcodes.Language.get(tag).language not in language_codes():
        raise UnknownLanguage(value)
    return tag


def canonical_tag(value, text=None):
    """Return the stored form of the language ``value`` names (``standard_tag``; Chinese with its
    script), or raise ``UnknownLanguage``.

    Chinese without a script takes its region's likely script (zh-CN: Simplified), else the script of
    ``text``, the characters of the text it is the language of (Simplified when they do not tell).
    Without ``text`` (a reader asking for "zh", a filter), plain "zh" stays: any Chinese.
    """
    tag = standard_tag(value)
    language = langcodes.Language.get(tag)
    if language.language != CHINESE:
        return tag
    script = language.script
    if script is None and (language.territory or text is not None):
        script = chinese_script(text) if language.territory is None else ""
        script = script or language.maximize().script
    return f"{CHINESE}-{script}" if script else CHINESE


def is_within(tag, wanted):
    """Whether ``tag`` is ``wanted`` or more specific than it ("zh-Hans" within "zh"; "en" not within "en-GB")."""
    return tag.lower() == wanted.lower() or tag.lower().startswith(wanted.lower() + "-")


def matching_tag(wanted, tags):
    """Return the one of ``tags`` the language ``wanted`` (a reader's ?lang=) names, or None.

    The same tag, else the first within it (``zh``: any Chinese), else the first within its language
    and script (``en-US``: English of any region); ``zh-Hant`` never finds a Simplified text.
    Raise ``UnknownLanguage`` when ``wanted`` is no language tag.
    """
    wanted = canonical_tag(wanted)
    language = langcodes.Language.get(wanted)
    broader = langcodes.Language.make(language=language.language, script=language.script).to_tag()
    for candidate in (wanted, broader):
        if found := next((tag for tag in tags if is_within(tag, candidate)), None):
            return found
    return None


def without_region(tag):
    """Return a standard tag without its region, its script kept: "zh-Hant-TW" -> "zh-Hant", "ja-JP" -> "ja"."""
    if not tag:
        return tag
    language = langcodes.Language.get(tag)
    return langcodes.Language.make(language=language.language, script=language.script).to_tag()


def general_code(language):
    """Return a language code without its script or region: "zh-Hant" -> "zh", "en-GB" -> "en"."""
    return (language or "").lower().split("-")[0]


def editor_locale():
    """Return the language names are given in: the active Django language (the editor's)."""
    return translation.get_language() or "en"


@lru_cache(maxsize=10_000)
def language_name_in(tag, locale):
    try:
        return langcodes.Language.get(standard_tag(tag)).display_name(locale)
    except UnknownLanguage:
        return tag  # a stored value no tag can name is shown as it is, not hidden


def language_name(tag, locale=None):
    """Return the name of the language ``tag`` names, in ``locale`` (the active language unless given):
    "Chinese (Simplified)", "English (United Kingdom)"."""
    return language_name_in(tag or "", locale or editor_locale())


@lru_cache(maxsize=1000)
def is_right_to_left(tag):
    """Whether a text in the language ``tag`` names is written from right to left: by its script, given
    ("az-Arab") or the one CLDR says it is likely written in (ar, fa, he, ps, ur, yi; not sd-Deva)."""
    try:
        return langcodes.Language.get(standard_tag(tag)).maximize().script in RIGHT_TO_LEFT_SCRIPTS
    except UnknownLanguage:
        return False


@lru_cache(maxsize=20)
def language_choices(locale):
    """Return (tag, name) for every language and the common scripts and regions, by name in ``locale``
    (what an editor chooses from, typing a name: "Chi" finds Chinese)."""
    tags = [*sorted(language_codes()), *COMMON_VARIANTS]
    return sorted(((tag, language_name(tag, locale)) for tag in tags), key=lambda choice: choice[1].casefold())
