"""How each text's words are analysed, by its language, the same on every engine.

A document's texts (``DocumentText``: original, translations) are indexed with it. Their tokens
(``text``) all go to the exact fields, so quoted phrases match in any language; their words go to
the words field of their language's analysis:

    en       Whoosh's StemmingAnalyzer (``text``): its stop list, words under two letters dropped, the
             Porter stemmer; also every language without its own below; a Korean word loses the particles
             written onto it (``characters.without_korean_particles``: 북한의 is 북한)
    fr ru es de ar   Snowball's stemmer for the language, and its stop list (Arabic has none; its
             article is taken off first, ``without_arabic_article``)
    zh       words as the rjieba segmenter finds them in the Simplified text (search mode, so a
             long word's shorter words are there too); no stemming, no stop words. The Han words of
             texts in other languages are there too: the kanji of Japanese, the hanja of Korean, a
             Chinese expression quoted in an English speech

rjieba binds jieba-rs: jieba's dictionary and algorithm, maintained, and fast enough for indexing
(the Python jieba builds its dictionary for a second at start and has not been released since 2020).

An unquoted word is matched in the words field of every language the archive holds (``lang:`` only
chooses documents). An English stop word is ignored; quoted, it counts. A stop word of another language
is matched in the other languages' fields ("war" is a German stop word and an English word), and beside
other words it asks nothing of a text in its language ("die Krise" finds a German text: ``stopped_in``).
"""
import re
from functools import lru_cache
from itertools import groupby

import rjieba
import snowballstemmer
from whoosh.analysis import SpaceSeparatedTokenizer, StemFilter, StopFilter
from whoosh.lang.stopwords import stoplists

from speeches.characters import HAN, HANGUL_WORD, without_korean_particles
from speeches.languages import UnknownLanguage, canonical_tag, general_code, language_name, without_region

from .text import HAN_CHARACTER, bare_ascii, normalise, normalise_token, written_tokens

ENGLISH = "en"
CHINESE = "zh"
SNOWBALL = {"fr": "french", "ru": "russian", "es": "spanish", "de": "german", "ar": "arabic"}
# Every analysis with a words field of its own, English (the document field) first.
ANALYSES = (ENGLISH, *SNOWBALL, CHINESE)
HAN_RUN = re.compile(f"(?:[{HAN}] ?)+")  # in normalised text, where Han characters are tokens
# Where a phrase cannot run on when words are counted: a space after . ! ? ; : or a comma (so "U.S." and
# "3,300" stay whole), and brackets, quotes, dashes, slashes and CJK punctuation.
PHRASE_BREAK = re.compile(r"(?<=[.!?;:,])\s+|[()\[\]{}\"“”«»„‹›—–…/。！？；：，、（）「」『』《》〈〉【】〔〕]")


def filter_code(language):
    """Return the value the index holds for the language a filter names, in any case or form, its script
    kept and its region dropped ("zh-CN" -> "zh-hans", "EN" -> "en", "ja-JP" -> "ja": a text tagged "ja"
    is Japanese for a reader asking for ja-JP), or None when it names no language."""
    try:
        return without_region(canonical_tag(language)).lower()
    except UnknownLanguage:
        return None


def indexed_codes(tags):
    """Return what the index holds of texts in the languages ``tags``, for ``lang:``: each tag and each
    broader one, lowercase ("zh-Hans" -> "zh-hans", "zh"; "sr-Latn-RS" -> "sr-latn-rs", "sr-latn", "sr")."""
    parts = [tag.lower().split("-") for tag in tags if tag]
    return sorted({"-".join(subtags[:end]) for subtags in parts for end in range(1, len(subtags) + 1)})


def filter_languages(tags):
    """Return (general code, name) for each language of ``tags``, by name: one entry per language
    ("zh", Chinese in either script; "en" for every English), as the filter matches a language's
    texts whatever their script or region."""
    return sorted(((code, language_name(code)) for code in {general_code(tag) for tag in tags if tag}),
                  key=lambda choice: choice[1].casefold())


def analysis_of(language):
    """Return the analysis key for a language tag ("zh-Hant" -> "zh", "pt" -> "en")."""
    base = general_code(language)
    return base if base in ANALYSES else ENGLISH


def words_field(analysis):
    """Return the index field holding the words of texts with this analysis."""
    return "text" if analysis == ENGLISH else f"words_{analysis}"


def stop_words(analysis):
    """Return the words this analysis ignores unquoted (the Snowball project's lists, as Whoosh has them)."""
    return frozenset(stoplists.get(analysis, ())) if analysis in SNOWBALL else frozenset()


def snowball_term(analysis):
    stemmer = snowballstemmer.stemmer(SNOWBALL[analysis])
    stops = stop_words(analysis)
    before_stemming = without_arabic_article if analysis == "ar" else str

    @lru_cache(maxsize=100_000)
    def term(word):
        return None if word in stops else stemmer.stemWord(before_stemming(word))

    return term


# Arabic writes the article, and a conjunction or preposition before it, as one word with the noun
# (المساعدات, والمساعدات, بالمساعدات); Snowball's Arabic stemmer takes them off unevenly (مساعدات is
# مساعدا, المساعدات مساعد), so they are taken off first, as Lucene's Arabic light stemmer does.
ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")


def without_arabic_article(word):
    """Return an Arabic word without its article, when three letters or more are left."""
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article):]
    return word


def chinese_term(word):
    """A Chinese word is matched as it is; its Han characters arrive as separate tokens."""
    return word.replace(" ", "") if HAN_CHARACTER.match(word) else word


ENGLISH_WORDS = SpaceSeparatedTokenizer() | StopFilter() | StemFilter()


@lru_cache(maxsize=100_000)  # a page analyses the same few thousand words over and over
def english_term(word):
    """Return the English term of one normalised word, or None for a stop word. The analysis of every
    language without its own, so a Korean word loses its particles here (``without_korean_particles``)."""
    if HANGUL_WORD.fullmatch(word):
        return without_korean_particles(word)
    return next((token.text for token in ENGLISH_WORDS(word)), None)


TERMS = {**{analysis: snowball_term(analysis) for analysis in SNOWBALL}, CHINESE: chinese_term}


def term_of(analysis):
    """Return the term function of an analysis key: what every engine indexes a word of it as."""
    return english_term if analysis == ENGLISH else TERMS[analysis]


def indexed_words(analysis, normalised):
    """Return the space-separated words the words field of ``analysis`` indexes for normalised text.

    For Chinese, each run of Han characters is segmented (search mode); other tokens stay as they are.
    Other analyses receive the tokens and stem them in the engine (or, on Whoosh, ``fields``).
    """
    if analysis != CHINESE:
        return normalised
    return HAN_RUN.sub(lambda run: " ".join(rjieba.cut_for_search(run.group().replace(" ", ""))) + " ",
                       normalised).strip()


def han_words(normalised):
    """Return the words rjieba finds (search mode) in each run of Han characters of normalised text in a
    language other than Chinese, space-separated: what the Chinese words field holds of it."""
    if normalised.isascii():
        return ""
    return " ".join(word for run in HAN_RUN.finditer(normalised)
                    for word in rjieba.cut_for_search(run.group().replace(" ", "")) if word.strip())


def chinese_words(run):
    """Return the words of a run of Han characters a researcher typed (precise mode), each with whether it
    is an expression the dictionary does not know: characters the dictionary leaves one by one, two or more
    in a row, are kept together (人道 is not 人 and 道 anywhere in a text; a Japanese word is often so).
    The dictionary alone decides, without jieba's guesses (its HMM): a word it guesses from the characters
    around it is not found where other characters surround it (共赢 typed alone is a guess, 合作共赢是 in a
    text is 合作 共 赢 是), so it is matched as the expression it is, its characters in a row."""
    words = []
    for alone, group in groupby((word for word in rjieba.cut(run, False) if word.strip()),
                                key=lambda word: len(word) == 1):
        group = list(group)
        if alone and len(group) > 1:
            words.append(("".join(group), True))
        else:
            words.extend((word, False) for word in group)
    return words


def is_han_run(text):
    """Whether ``text`` is Chinese characters only (what a researcher types unquoted as words)."""
    return bool(text) and HAN_RUN.fullmatch(normalise(text)) is not None


def analysed_terms(word, analyses, english_term):
    """Return [(analysis, term)] of an unquoted word in each analysis it can be in (a Chinese word only
    in Chinese), the term None where it is a stop word. ``english_term`` is the engine's English analysis."""
    normalised = normalise(word)
    if HAN_CHARACTER.match(normalised):  # in the Chinese words field, whatever language its text is in
        analyses = [CHINESE]
    return [(analysis, english_term(normalised) if analysis == ENGLISH else TERMS[analysis](normalised))
            for analysis in analyses]


def word_terms(word, analyses, english_term):
    """Return [(words field, term)] an unquoted word is matched by, one per analysis it is a word of, or
    [] when it is a stop word in English (or in every analysis). A stop word of another language only is
    matched in the others: German "war" and Spanish "sin" are English words (``stopped_in``)."""
    terms = analysed_terms(word, analyses, english_term)
    if is_dropped(terms):
        return []
    return [(words_field(analysis), term) for analysis, term in terms if term is not None]


def stopped_in(word, analyses, english_term):
    """Return the analyses other than English where an unquoted word that ``word_terms`` matches is a stop
    word: in a text of theirs it asks for nothing, as their words field never holds it ("die Krise" finds
    a German text holding Krise)."""
    terms = analysed_terms(word, analyses, english_term)
    return [] if is_dropped(terms) else [analysis for analysis, term in terms if term is None]


def is_dropped(terms):
    """Whether a word of these [(analysis, term)] is left out everywhere: a stop word in English, or in all."""
    return all(term is None for _, term in terms) or any(term is None for analysis, term in terms if analysis == ENGLISH)


def counted_words(text, language):
    """Return the runs of words of ``text`` (a text in ``language``) between punctuation, each a pair
    (words as search normalises them, the same words as written): how statistics count words and the
    phrases they make. Chinese Han characters are counted as the words rjieba finds (precise mode),
    other text as the tokens search reads."""
    chinese = analysis_of(language) == CHINESE
    runs = []
    for part in PHRASE_BREAK.split(text):
        if part.isascii():  # most text: the tokens ``tokenise`` finds, without their spans
            written = written_tokens(part)
            words = [bare_ascii(token.lower()) for token in written]
        else:
            written = written_tokens(part)
            words = [normalise_token(token) for token in written]
            if chinese:
                words, written = chinese_word_runs(words, written)
        if words:
            runs.append((words, written))
    return runs


def chinese_word_runs(words, written):
    """Return (words, written) with each run of Han characters (one token each) joined into the words
    rjieba finds in its Simplified form; other tokens stay as they are."""
    found, found_written, start = [], [], 0
    while start < len(words):
        end = start
        while end < len(words) and HAN_CHARACTER.match(words[end]):
            end += 1
        if end == start:
            found.append(words[start])
            found_written.append(written[start])
            start += 1
            continue
        characters = start
        for word in rjieba.cut("".join(words[start:end])):
            taken = characters
            while taken < end and len("".join(words[characters:taken])) < len(word):
                taken += 1
            found.append(word)
            found_written.append("".join(written[characters:taken]))
            characters = taken
        start = end
    return found, found_written
