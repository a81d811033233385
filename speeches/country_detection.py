"""The countries a text mentions, by their names (and in English their adjectives) in its language.

A proposal an editor corrects (``country_mentions``), so the rules keep out the mistakes that matter.
A document keeps the proposals made when it was last saved: after these rules change, ``manage.py
detect_countries`` proposes again for a whole archive, keeping the editors' corrections.

1. Longest name first, whole words only: "Papua New Guinea" and "Equatorial Guinea" are not also
   Guinea, "Democratic Republic of the Congo" is not also the Republic of the Congo, "Nigeria" is not
   Niger. A name CLDR and countryinfo give to two countries names neither; bare "Congo" is the Republic
   of the Congo (ISO's and CLDR's short name), "Korea" alone names no country.
2. Words compared as the language inflects them: by their Snowball stem where Snowball has the
   language (Russian "Франции", "Францией" are "Франция"), or by a stem that is the name's last word
   whole (Snowball stems "Казахстан" to "казахста" but "Казахстане" to "казахстан"); in a language
   without one, a name's last word may run on into endings (Kazakh "Қытайдың", "Қазақстандағы");
   Chinese and Japanese names are runs of characters, found wherever they stand ("中法两国" holds no
   name; "法国人" holds 法国).
3. In a script with capitals, a name begins with one: "turkey", "chad" and "china" (porcelain) are
   not countries. A name of three letters or fewer (UK, USA, DRC) counts only in capitals, and not
   among words in capitals ("LET US"). At the start of a sentence a name in such a script must be written
   whole, not as an inflected form, and a name that is a stop word of the language ("Того", Togo) does
   not count. Korean names lose the particles written onto them (북한의 is 북한), at a sentence's start too.
   ISO codes are not names (``countries.english_names_of``): "We CAN", "Costs PER year" and "research
   AND" hold no country, but an alpha-3 code that is also the initials of a name (USA) does.
   A text is read with its own language's names: countryinfo's spellings in other languages are not
   English names (Danish and German "Island", Iceland: "Virgin Islands" is no Iceland).
4. In English, a one-word name joined to a capitalised word is part of another name: "Chad Smith",
   "Jordan River", "Georgia O'Keeffe", "New Mexico", "New Guinea" (a title after it is allowed:
   "Kazakhstan President"), or to a capitalised word before it within a sentence ("met Michael Jordan"),
   unless that word is a compass point ("Southern Chad"); at a sentence's start the word before is
   capitalised for the sentence ("Today China", "Independent Kazakhstan" count; "Michael Jordan played"
   is a known miss). A title before it makes it a person's ("Mr. Jordan", "President Jordan"; not
   "President of Jordan"). A name that is also a state or province of another country does not
   count as "the state of Georgia", "Georgia State", "Niger State" or "Georgia, USA".
5. In another language with capitals whose nouns do not open with one, a name that is also a given name
   (``GIVEN_NAMES``: Dominique, Maurice, Mauricio) is a person's when a capitalised word that names no
   country follows it ("Maurice Schumann", "Mauricio Macri"), or a particle and such a word do
   ("Dominique de Villepin") and no article stands before it ("la Dominique de ..." is Dominica). Any
   other name followed by a person's stays a country: "Президент России Владимир Путин", "presidente de
   Francia Emmanuel Macron".
6. Thai writes "country" onto a name: ICU reads "ประเทศไทย" as one word, Thailand.
7. Arabic words are compared as written, without their vowel marks and the conjunctions and prepositions
   written onto them (والبحرين, بالبحرين, للبحرين are البحرين), not by their Snowball stems: Snowball
   stems البحرين (Bahrain, "the two seas") as البحر and بحري (sea, maritime), reads المالي (financial)
   as مالي (Mali) and بيروت as بيرو (Peru). Nor adjectives: بحري is to بحر as مصري (Egyptian) to مصر. A
   name that is also a common word counts only in a longer name (``ARABIC_NAMES_ALSO_WORDS``).
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import langcodes
import snowballstemmer
from nameparser.config import CONSTANTS as NAME_PARTS
from whoosh.lang.stopwords import stoplists

from speeches.characters import HAN, KANA, without_korean_particles, word_spans

from speeches.countries import TOKEN, adjectives_in, countries, names_in, words

UNSPACED_TOKEN = re.compile(f"[{HAN}{KANA}]")
SENTENCE_ENDS = ".!?。！？…:\n"
# A name's last word runs on into endings of at least this many of its letters (a shorter one, "Чад",
# is matched whole).
LEAST_RUN_ON = 4
LONGEST_ACRONYM = 3
# A title with a full stop is an abbreviation ("Mr. Jordan", "Prof. Chad") up to this many letters; a
# longer one ends a sentence ("met the Minister. Jordan signed").
LONGEST_ABBREVIATED_TITLE = 4
# "Southern Chad", "Northern Georgia": a compass point before a name is the country's part, no given name.
COMPASS_POINT = re.compile(r"(?=.*(north|south|east|west))(north|south)?(east|west)?(ern)?")
# Titles that stand before a person's name, never a place's: nameparser's titles of a first name
# ("King", "Sheikh") and the honorifics and offices of diplomatic texts. Its whole list of titles
# also holds "United", "Federal", "State", "Member" and "First", which stand before countries.
PERSON_TITLES = NAME_PARTS.first_name_titles | {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "lord", "lady", "president", "senator",
    "ambassador", "minister", "premier", "chancellor", "governor", "mayor"}
# Languages whose nouns all open with a capital ("dass Frankreich Waffen liefert"): a capitalised word
# after a name says nothing there of a person's name.
NOUNS_CAPITALISED = {"de", "lb"}
# Countries' names, as written in a language the archive holds, that are also given names (casefolded).
GIVEN_NAMES = frozenset({"dominique", "maurice", "mauricio", "maurício", "israel", "israël", "salvador"})
# The particles between a given name and a family name ("Dominique de Villepin", "Maurício de Sousa").
NAME_PARTICLES = {"d", "da", "das", "de", "del", "della", "di", "do", "dos", "du", "van", "von", "der", "den", "ter",
                  "bin", "ibn"}
# Articles, alone or joined to a preposition, that stand before a country's name but not a given name:
# "la Russie de Poutine", "du Canada de Trudeau", "a Rússia de Putin", "la España de Franco".
ARTICLES = {
    "fr": {"le", "la", "l", "les", "du", "au", "aux", "des"},
    "es": {"el", "la", "los", "las", "del", "al"},
    "pt": {"o", "a", "os", "as", "do", "da", "dos", "das", "no", "na", "nos", "nas", "ao", "à", "pelo", "pela"},
    "it": {"il", "lo", "la", "l", "i", "gli", "le", "del", "della", "dell", "nel", "nella", "al", "alla", "dal",
           "dalla"},
    "ca": {"el", "la", "l", "els", "les", "del", "al"},
}
# The word Thai writes before a name ICU's dictionary may join to it ("ประเทศไทย", Thailand).
THAI_COUNTRY = "ประเทศ"
BEGINNING = 3  # letters of a word compared before it is stemmed
# Snowball stemmers that also take off a word's beginning (Arabic "وال", Indonesian "me-", Irish mutations):
# every word of a text in these languages is stemmed.
STEMMERS_OF_BEGINNINGS = {"indonesian", "irish"}
# What Arabic writes onto a word before it: a conjunction, then a preposition ("وبالبحرين"); ل before the
# article drops its alif (للبحرين, to Bahrain).
ARABIC_CONJUNCTIONS = "وف"
ARABIC_PREPOSITIONS = "بكل"
# The forms of alif with hamza or madda are often written as a bare alif (اسرائيل for إسرائيل); tatweel
# only stretches a word.
ARABIC_SPELLINGS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "\u0640": None})
# Arabic names of countries that are also common words, and the longer name each counts in instead:
# مالي is also "financial" (دعم مالي, financial support), عمان also Amman, the capital of Jordan.
ARABIC_NAMES_ALSO_WORDS = {("مالي",): ("جمهورية", "مالي"), ("عمان",): ("سلطنة", "عمان")}


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def cased(self):
        """Whether the word's script opens names with capitals: Georgian has capitals (Mtavruli) but
        writes names without them."""
        first = self.text[:1]
        return first.lower() != first.upper() and not "\u10d0" <= first <= "\u10ff"

    @property
    def capitalised(self):
        return self.cased and self.text[:1].isupper()

    @property
    def in_capitals(self):
        return self.cased and self.text.isupper()


@dataclass(frozen=True)
class Analysis:
    """How a language's words are compared: each token's term, and whether names run on into endings."""

    language: str
    stem: object  # function: casefolded word -> term
    runs_on: bool
    stop_words: frozenset
    keeps_beginnings: bool = True

    def term(self, token):
        return self.stem(token.casefold())


@lru_cache(maxsize=100)
def analysis_of(language):
    general = (language or "en").split("-")[0].lower()
    try:
        language_name = langcodes.Language.get(general).language_name("en").lower()
    except (ValueError, LookupError):
        language_name = ""
    stop_words = frozenset(stoplists.get(general, ()))
    if general == "th":
        return Analysis(general, lambda word: word.removeprefix(THAI_COUNTRY) or word, True, stop_words)
    if general == "ar":
        return Analysis(general, arabic_term_finder([*names_in(general), *ARABIC_NAMES_ALSO_WORDS.values()]), False, stop_words, keeps_beginnings=False)
    if general == "ko":  # a name with the particles Korean writes onto it (중국과, 미국에서): its beginning is the name's
        return Analysis(general, lru_cache(maxsize=50_000)(without_korean_particles), False, stop_words,
                        keeps_beginnings=False)
    if language_name in snowballstemmer.algorithms():
        stemmer = snowballstemmer.stemmer(language_name)
        return Analysis(general, lru_cache(maxsize=50_000)(stemmer.stemWord), False, stop_words,
                        keeps_beginnings=language_name not in STEMMERS_OF_BEGINNINGS)
    return Analysis(general, lambda word: word, True, stop_words)


def arabic_term_finder(names):
    """Return a function: Arabic word -> the word of a name it is, with what is written onto it taken
    off (والبحرين -> البحرين), or else the word as compared (rule 7). The name's own words say what may be
    taken off: فرنسا begins with the letter of a conjunction but is France whole."""
    name_words = frozenset(arabic_spelling(word) for name in names for word in name)

    @lru_cache(maxsize=50_000)
    def term(word):
        spelled = arabic_spelling(word)
        return next((form for form in arabic_forms(spelled) if form in name_words), spelled)
    return term


def arabic_spelling(word):
    """Return an Arabic word without its vowel marks, tatweel and the hamza or madda on an alif."""
    letters = unicodedata.normalize("NFD", word).translate(ARABIC_SPELLINGS)
    return unicodedata.normalize("NFC", "".join(letter for letter in letters if not unicodedata.combining(letter)))


def arabic_forms(word):
    """Yield the words ``word`` may be with a conjunction and a preposition written onto it, the whole
    word first: وللبحرين is و + ل + البحرين."""
    yield word
    for conjunction in ("", *ARABIC_CONJUNCTIONS):
        if not word.startswith(conjunction):
            continue
        after_conjunction = word[len(conjunction):]
        if conjunction:
            yield after_conjunction
        for preposition in ARABIC_PREPOSITIONS:
            if after_conjunction.startswith(preposition):
                yield after_conjunction[1:]
        if after_conjunction.startswith("لل"):
            yield "ا" + after_conjunction[1:]


@dataclass(frozen=True)
class Entry:
    codes: frozenset
    is_name: bool
    words: tuple  # as CLDR or countryinfo write it, casefolded


@lru_cache(maxsize=100)
def dictionary(language):
    """Return ({terms of a name or adjective: ``Entry``}, the most words one has, every first term, every
    term's beginning) for ``language``.
    Two names whose terms are the same but name different countries name neither."""
    analysis = analysis_of(language)
    entries, clashes = {}, set()
    for is_name, found in ((True, names_in(language)), (False, adjectives_in(language))):
        for name_words, codes in found.items():
            terms = tuple(analysis.stem(word) if not UNSPACED_TOKEN.match(word) else word for word in name_words)
            if terms in entries and entries[terms].codes != codes:
                clashes.add(terms)
            entries.setdefault(terms, Entry(codes, is_name, name_words))
    entries = {terms: entry for terms, entry in entries.items() if terms not in clashes}
    if analysis.language == "ar":
        entries = with_longer_arabic_names(entries, analysis)
    for terms, entry in list(entries.items()):
        # Snowball may take an ending off a name that has none ("Казахстан" -> "казахста") but leave the
        # name whole in its inflected forms ("Казахстане" -> "казахстан"): the last word is also the name's.
        unstemmed = terms[:-1] + (entry.words[-1],)
        if unstemmed not in clashes:
            entries.setdefault(unstemmed, entry)
    return entries, max(map(len, entries), default=0), frozenset(terms[0] for terms in entries), frozenset(
        term[:BEGINNING] for terms in entries for term in terms)


def with_longer_arabic_names(entries, analysis):
    """Return ``entries`` with each Arabic name that is also a common word replaced by a longer name of
    its country (``ARABIC_NAMES_ALSO_WORDS``)."""
    entries = dict(entries)
    for short, longer in ARABIC_NAMES_ALSO_WORDS.items():
        if (entry := entries.pop(short, None)) is not None:
            entries.setdefault(tuple(map(arabic_spelling, longer)), Entry(entry.codes, entry.is_name, longer))
    return entries


def tokens_of(text):
    return [Token(*word) for word in word_spans(TOKEN, text)]


def detect(text, language):
    """Return the alpha-2 codes of the countries ``text`` (in ``language``, a BCP 47 tag) mentions."""
    return {code for entry, _, _ in find(text, language) for code in entry.codes}


def find(text, language):
    """Yield (``Entry``, first token, last token) for each name or adjective found in ``text``: at each
    word, the longest that counts (the module's rules)."""
    entries, longest, firsts, beginnings = dictionary(language)
    analysis = analysis_of(language)
    tokens = tokens_of(text)
    terms = [term_of(token.text, analysis, beginnings) for token in tokens]
    position = 0
    while position < len(tokens):
        starts = terms[position] in firsts or (analysis.runs_on and any(
            form in firsts for form in last_word_forms(tokens[position].text.casefold(), terms[position], analysis)))
        found = starts and next((match for match in matches_at(position, tokens, terms, entries, longest, analysis)
                                 if counts(*match, tokens, position, text, analysis)), None)
        if not found:
            position += 1
            continue
        entry, length = found
        yield entry, position, position + length - 1
        position += length


def term_of(word, analysis, beginnings):
    """Return the term of a text's word, or "" for a word no name can hold: stemmers rewrite endings only,
    so a word whose beginning begins no term is not stemmed (most of a text's words)."""
    if UNSPACED_TOKEN.match(word):
        return word
    if analysis.keeps_beginnings and len(word) > BEGINNING and word[:BEGINNING].casefold() not in beginnings:
        return ""
    return analysis.term(word)


def matches_at(position, tokens, terms, entries, longest, analysis):
    """Yield (``Entry``, its length in tokens) of each name or adjective starting at ``position``, longest first."""
    for length in range(min(longest, len(tokens) - position), 0, -1):
        head = tuple(terms[position:position + length - 1])
        last = tokens[position + length - 1].text.casefold()
        for candidate in last_word_forms(last, terms[position + length - 1], analysis):
            if (entry := entries.get(head + (candidate,))) is not None:
                yield entry, length
                break


def last_word_forms(word, term, analysis):
    """Return the terms a name's last word may be, read from a text's word: its term, and where names
    run on into endings, each of its beginnings from the longest down."""
    if not analysis.runs_on or UNSPACED_TOKEN.match(word):
        return (term,)
    return (term, *(word[:end] for end in range(len(word) - 1, LEAST_RUN_ON - 1, -1)))


def counts(entry, length, tokens, position, text, analysis):
    """Whether a name or adjective found at ``position`` counts as a country (the module's rules 3 and 4)."""
    first = tokens[position]
    written = tuple(token.text.casefold() for token in tokens[position:position + length])
    if first.cased and not first.capitalised:
        return False
    if length == 1 and len(first.text) <= LONGEST_ACRONYM and first.cased and not acronym_stands_out(tokens, position):
        return False
    if starts_sentence(text, first.start):  # capitals say nothing there: a name must be written whole
        if (first.cased and written != entry.words) or written[0] in analysis.stop_words:
            return False
    if analysis.language == "en" and entry.is_name:
        return not (part_of_another_name(tokens, position, length, text, analysis.stop_words) or
                    names_a_province(entry, tokens, position, length, text))
    if length == 1 and first.text.casefold() in GIVEN_NAMES and analysis.language not in NOUNS_CAPITALISED:
        return not a_given_name(tokens, position, text, analysis.language)
    return True


def starts_sentence(text, start):
    """Whether the word at ``start`` begins the text, a line or a sentence."""
    before = start - 1
    while before >= 0 and text[before].isspace() and text[before] != "\n":
        before -= 1
    return before < 0 or text[before] in SENTENCE_ENDS


def acronym_stands_out(tokens, position):
    """Whether the word at ``position`` is in capitals among words that are not."""
    if not tokens[position].in_capitals:
        return False
    neighbours = [tokens[index] for index in (position - 1, position + 1) if 0 <= index < len(tokens)]
    return not any(neighbour.in_capitals and len(neighbour.text) > 1 for neighbour in neighbours)


def joined(text, before, after):
    """Whether only spaces stand between two tokens (not a comma, a hyphen or a line break)."""
    return bool(re.fullmatch(r"[ \t]+", text[before.end:after.start]))


def part_of_another_name(tokens, position, length, text, stop_words):
    """English: whether a one-word name is joined to a capitalised word that is no title or country after
    it ("Jordan River"), or is a person's name by the word before it (``names_a_person``)."""
    if length != 1:
        return False
    name = tokens[position]
    after = tokens[position + 1] if position + 1 < len(tokens) else None
    if after and joined(text, name, after) and after.capitalised and not is_title_or_country(after.text):
        return True
    return position > 0 and names_a_person(tokens[position - 1], name, text, stop_words)


def names_a_person(before, name, text, stop_words):
    """Whether the word before a one-word name makes it a person's: a title ("Mr. Jordan", "President
    Chad"), or a capitalised word joined to it within a sentence ("met Michael Jordan") that is no stop
    word, country or compass point ("Southern Chad"). At a sentence's start a capitalised word is
    capitalised for the sentence: "Today China", "Independent Kazakhstan" name countries there, and
    "Michael Jordan played" is a miss no list of given names at hand could tell apart."""
    folded = before.text.casefold()
    if not before.capitalised:
        return False
    if folded in PERSON_TITLES:
        abbreviated = len(folded) <= LONGEST_ABBREVIATED_TITLE and re.fullmatch(r"\.[ \t]+", text[before.end:name.start])
        return joined(text, before, name) or bool(abbreviated)
    return joined(text, before, name) and not starts_sentence(text, before.start) and not (
        folded in stop_words or is_title_or_country(before.text) or COMPASS_POINT.fullmatch(folded))


def a_given_name(tokens, position, text, language):
    """Beyond English (rule 5): whether the one-word name at ``position`` is a given name, by what follows it."""
    following = tokens[position + 1:position + 3]
    if not following or not joined(text, tokens[position], following[0]):
        return False
    if following[0].capitalised:
        return (following[0].text.casefold(),) not in names_in(language)  # "Israël Palestine" names two
    particle_and_name = (len(following) == 2 and following[0].text.casefold() in NAME_PARTICLES and
                         joined(text, *following) and following[1].capitalised)
    before = tokens[position - 1].text.casefold() if position else ""
    return particle_and_name and before not in ARTICLES.get(language, ())


def is_title_or_country(word):
    """Whether ``word`` is a title ("President", nameparser's) or a one-word name or adjective of a country."""
    folded = word.casefold()
    return folded in NAME_PARTS.titles or (folded,) in names_in("en") or (folded,) in adjectives_in("en")


def names_a_province(entry, tokens, position, length, text):
    """English: whether a name that is also another country's province is written as that province."""
    owners = provinces_named(entry.words)
    if not owners:
        return False
    before = [token.text.casefold() for token in tokens[max(0, position - 2):position]]
    after = tokens[position + length:position + length + 4]
    if before == ["state", "of"] or (after and after[0].text.casefold() == "state"):
        return True
    if after and re.fullmatch(r"\s*,\s*", text[tokens[position + length - 1].end:after[0].start]):
        rest = text[after[0].start:after[-1].end]
        return bool(owners & {code for found_entry, _, _ in find(rest, "en") for code in found_entry.codes})
    return False


@lru_cache(maxsize=1)
def provinces():
    """Return {a province's casefolded words: {alpha-2 codes of the countries it is in}}."""
    found = {}
    for code, data in countries().items():
        for province in data.provinces:
            found.setdefault(words(province), set()).add(code)
    return found


def provinces_named(name_words):
    return provinces().get(name_words, set())
