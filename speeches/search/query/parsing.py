"""The archive's query language: parse what a researcher types into a tree (engines compile the tree).

    "exact phrase"    the words in this order, nothing between, no stemming, stop words count
                      (also « », „ “, 「 」 and 『 』; Chinese characters with or without spaces)
    word              stemmed: tree finds trees; Chinese typed unquoted is split into its words
    AND OR NOT ( )    boolean logic; AND is implied between terms
    -word -"phrase"   exclude
    speaker:xi-jinping region:central-asia kind:speech venue:astana lang:zh role:original year:2022
    event:g20-summit-2023 speaker:"Xi Jinping" event:"G20 Summit 2023" speaker:CGTN kind:"Press release"
                      (a name as written, in any case, or its address's slug; a kind or role by its label)
    mentions:France mentions:FR mentions:"South Africa"    documents that mention a country (any of
                      its names, in any language, or its ISO code; any case)
    case:on           phrases and words match case and accents exactly

Parsing never fails: malformed input (an unclosed quote or parenthesis, a lone operator) is read in
the most likely way and reported in ``ParsedQuery.notices``. The /search/help/ page documents this.
"""
import re
from dataclasses import dataclass, field

from ..languages import chinese_words, english_term, is_han_run
from ..text import INVISIBLE, JOINERS, normalise, tokenise, written_tokens

QUOTES = "\"“”„‟«»″「」『』＂〝〞〟"  # ＂ and 〝〞 as Chinese and Japanese input methods type them
# The marks that close a phrase each quotation mark opens: its own pair only, so any other quotation
# mark inside is the phrase's text ("never «real»" and "the “rules-based” order" are one phrase each,
# quoting a quote). » also opens as Swedish and Finnish write »fred», „ closes as German („…“) and
# Polish („…”) write it; a closing mark typed first opens as quotes do.
CLOSING_QUOTES = {'"': '"', "“": "”", "”": "”", "„": "“”", "‟": "”", "″": "″",
                  "«": "»", "»": "«»", "「": "」", "『": "』", "＂": "＂", "〝": "〞〟",
                  "」": "」", "』": "』", "〞": "〞", "〟": "〟"}
PHRASE = "|".join(rf"{re.escape(opening)}(?P<phrase_text{number}>[^{closing}]*)(?P<phrase_end{number}>[{closing}]?)"
                  for number, (opening, closing) in enumerate(CLOSING_QUOTES.items()))
# Single quotation marks (British ‘…’, German ‚…‘, French and Swiss ‹…›) quote a phrase only where they open
# before a word and close after one: ‘ and ’ are apostrophes too (People’s, ‘90s), so one inside a word
# stays in the phrase (‘the People’s Republic’); one ending a word closes it (‘the states’ rights’ cannot
# be told from a quote closed after "states").
SINGLE_QUOTED = "|".join(rf"(?<![^\s(-]){re.escape(opening)}(?=\S)(?P<single_text{number}>.*?(?<=\S))"
                         rf"[{closing}](?![^\s).,;:!?])"
                         for number, (opening, closing) in enumerate({"‘": "’", "‚": "‘’", "‹": "›"}.items()))
# Hebrew writes an acronym's gershayim between its last two letters (צה״ל), and keyboards type it as ".
HEBREW_ACRONYM_MARK = re.compile('(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea])')
OPERATORS = {"AND", "OR", "NOT"}
FILTER_NAMES = {"speaker", "region", "kind", "venue", "event", "lang", "role", "year", "case", "mentions"}
# An operator named otherwise than the filter it sets.
FILTER_OF_OPERATOR = {"mentions": "country"}
# The filter meant by a name that is none ("date:2020" is searched as words, and its notice says which to type).
FILTER_MEANT = {"country": "mentions", "countries": "mentions", "date": "year", "from": "year", "to": "year",
                "language": "lang", "type": "kind", "by": "speaker", "author": "speaker", "person": "speaker",
                "place": "venue", "city": "venue", "location": "venue", "summit": "event", "conference": "event"}
CASE_ON, CASE_OFF = {"on", "yes", "true", "1"}, {"off", "no", "false", "0"}
MAX_QUERY_LENGTH = 1000
NOTHING_SEARCHABLE = ("The query holds nothing that can be searched for (no letters, digits or quoted words): "
                      "type words, numbers or an “exact quote”.")
# Deeper parentheses group nothing a researcher means, and each level costs stack in every engine.
MAX_NESTING = 10
# An abbreviation written with full stops (U.S., U.K.): searched without them, so "U.S." finds "us" too.
DOTTED_ABBREVIATION = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}")
# The marks other engines read as wildcards (Lucene's coop* and wom?n); here they are marks, with a notice.
WILDCARDS = "*?"
WILDCARD_NOTICE = ("{mark} is no wildcard here, and was left out: a word outside quotes finds its other forms "
                   "(cooperate finds cooperation and cooperating), so type the whole word.")
WILDCARD_INSIDE_NOTICE = ("{mark} is no wildcard here: {word} was searched as the phrase “{phrase}”. Type the whole "
                          "word: a word outside quotes finds its other forms (cooperate finds cooperation).")
# Lucene's fuzzy, proximity and boost marks (peace~2, "a b"~3, peace^3): left out with a notice, as their
# number would otherwise be searched as a word.
FUZZY_OR_BOOST = re.compile(r"(?P<word>.*?)(?P<mark>[~^][\d.]*)")
FUZZY_OR_BOOST_NOTICE = ("{mark} was left out: ~ (closeness) and ^ (weight) are no operators here; a word outside "
                         "quotes finds its other forms, and a phrase its words in order.")
WILDCARD_IN_PHRASE_NOTICE = ("* is no wildcard inside quotes, and was left out: a phrase finds its words as typed; "
                             "to find a word's other forms, type it outside quotes.")

LEXEME = re.compile(
    rf"""
    (?P<space>\s+)
    | (?P<lparen>\()
    | (?P<rparen>\))
    | (?P<filter>(?P<name>[A-Za-z]+):(?:[{QUOTES}](?P<quoted_value>[^{QUOTES}]*)[{QUOTES}]?|(?P<value>[^\s(){QUOTES}]*)))
    | (?P<minus>-(?=[^\s-]))
    | (?P<phrase>{PHRASE})
    | (?P<single_quoted>{SINGLE_QUOTED})
    | (?P<word>[^\s(){QUOTES}]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Not:
    operand: object


@dataclass(frozen=True)
class And:
    operands: tuple


@dataclass(frozen=True)
class Or:
    operands: tuple


@dataclass
class ParsedQuery:
    tree: object = None
    filters: dict = field(default_factory=dict)
    case_sensitive: bool = False
    notices: list = field(default_factory=list)
    # (filter name, value) of each filter typed again after its first value, which is the one applied.
    repeated_filters: list = field(default_factory=list)
    # Something was typed, but no word, number, phrase or filter: an emoji, "...", a dash, an
    # invisible character. Read as no query at all, with a notice, so it never "finds" everything.
    nothing_searchable: bool = False

    def phrases(self):
        """Return the positive phrases and words, for highlighting: ``(phrases, words)``."""
        phrases, words = [], []
        collect_terms(self.tree, phrases, words)
        return phrases, words


def collect_terms(node, phrases, words):
    if isinstance(node, Phrase):
        phrases.append(node.text)
    elif isinstance(node, Word):
        words.append(node.text)
    elif isinstance(node, (And, Or)):
        for operand in node.operands:
            collect_terms(operand, phrases, words)


def lex(query, notices):
    lexemes = []
    for match in LEXEME.finditer(query):
        kind = match.lastgroup if match.lastgroup in {"lparen", "rparen", "minus", "space"} else None
        if match.group("filter") and match.group("name").lower() in FILTER_NAMES:
            value = match.group("quoted_value") if match.group("quoted_value") is not None else match.group("value")
            lexemes.append(("filter", (match.group("name").lower(), value.strip())))
        elif match.group("filter"):
            lexemes.append(("word", match.group("filter")))
            value = match.group("quoted_value") or match.group("value")
            if value and not value.startswith("//"):  # not an address (https://…)
                notices.append(not_a_filter_notice(match.group("name"), match.group("filter")))
        elif match.group("phrase") is not None:
            text, closed = phrase_of(match)
            if not closed:
                notices.append("A quotation mark was not closed: the rest of the query was read as one phrase.")
            lexemes.append(("phrase", text))
            if "*" in text:
                notices.append(WILDCARD_IN_PHRASE_NOTICE)
        elif match.group("single_quoted") is not None:
            lexemes.append(("phrase", next(text for name, text in match.groupdict().items()
                                           if name.startswith("single_text") and text is not None)))
        elif kind == "space":
            continue
        elif kind:
            lexemes.append((kind, match.group()))
        elif match.group("word") in OPERATORS:
            lexemes.append(("op", match.group("word")))
        elif marked := FUZZY_OR_BOOST.fullmatch(match.group("word")):
            notices.append(FUZZY_OR_BOOST_NOTICE.format(mark=marked.group("mark")))
            if marked.group("word"):
                lexemes.append(("word", marked.group("word")))
        else:
            lexemes.append(("word", match.group("word")))
            notices.extend(wildcard_notices(match.group("word")))
    return lexemes


class Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary ([AND] unary)*;
    unary := (NOT | -) unary | primary; primary := ( or_expr ) | phrase | word."""

    def __init__(self, lexemes, parsed):
        self.lexemes = lexemes
        self.position = 0
        self.parsed = parsed
        self.negated = 0  # how many NOTs (or minuses) the lexeme being read is under
        self.filters_applied = []  # each filter applied, as typed ("mentions:Japan")

    def peek(self):
        return self.lexemes[self.position] if self.position < len(self.lexemes) else (None, None)

    def take(self):
        lexeme = self.peek()
        self.position += 1
        return lexeme

    def parse(self):
        tree = self.or_expr()
        while self.position < len(self.lexemes):
            self.take()
            self.parsed.notices.append("A closing parenthesis had no opening one and was ignored.")
            rest = self.or_expr()
            tree = combine(And, [tree, rest])
        return tree

    def or_expr(self):
        filters_before = len(self.filters_applied)
        operands = [self.and_expr()]
        while self.peek() == ("op", "OR"):
            self.take()
            operands.append(self.and_expr())
        if len(operands) > 1:
            for typed in self.filters_applied[filters_before:]:
                self.parsed.notices.append(f"{typed} narrows the whole query, not one side of OR: a filter typed "
                                           "in the query applies to everything it finds.")
        return combine(Or, operands)

    def and_expr(self):
        operands = []
        while True:
            kind, value = self.peek()
            if kind is None or kind == "rparen" or (kind, value) == ("op", "OR"):
                break
            if (kind, value) == ("op", "AND"):
                self.take()
                continue
            operands.append(self.unary())
        return combine(And, operands)

    def unary(self):
        kind, value = self.take()
        if kind == "minus" or (kind, value) == ("op", "NOT"):
            self.negated += 1
            operand = self.unary() if self.peek()[0] not in {None, "rparen"} else None
            self.negated -= 1
            if isinstance(operand, Not):
                return operand.operand  # NOT NOT x is x: no chain of negations to nest
            return Not(operand) if operand is not None else None
        if kind == "lparen":
            inner = self.or_expr()
            if self.peek()[0] == "rparen":
                self.take()
            else:
                self.parsed.notices.append("A parenthesis was not closed; it was closed at the end.")
            return inner
        if kind == "filter":
            self.read_filter(*value)
            return None
        if kind == "phrase":
            return Phrase(value) if tokenise(value) else None
        if kind == "word":
            tokens = tokenise(value)
            if is_han_run(value):  # written without spaces: its words are found by the segmenter
                return combine(And, [Phrase(word) if unknown else Word(word)
                                     for word, unknown in chinese_words("".join(normalise(value).split()))])
            if len(tokens) > 1:
                return Phrase(value)  # "shoulder-to-shoulder" typed bare is still one expression
            return Word(value) if tokens else None
        return None

    def read_filter(self, name, value):
        """Keep a filter typed in the query, or say why it was not applied: it has no value, or it is
        excluded (a typed filter only narrows). A second value of a filter is kept aside for
        ``PreparedSearch``, which says whether it names something else than the first."""
        typed = written_filter(name, value)
        filter_name = FILTER_OF_OPERATOR.get(name, name)
        if not value:
            self.parsed.notices.append(f"{name}: was given nothing to filter by and was not applied.")
        elif self.negated:
            self.parsed.notices.append(f"{typed} was not applied: a filter typed in the query can narrow it, "
                                       "not be excluded with NOT or -.")
        elif name == "case":
            self.parsed.case_sensitive = value.lower() in CASE_ON
            if value.lower() not in CASE_ON | CASE_OFF:
                self.parsed.notices.append(f"{typed} was read as case:off: case: is on or off.")
        elif filter_name in self.parsed.filters:
            self.parsed.repeated_filters.append((filter_name, value))
        else:
            self.parsed.filters[filter_name] = value
            self.filters_applied.append(typed)


def phrase_of(match):
    """Return the text of the phrase a lexeme matched, and whether its quotation mark was closed."""
    number = next(number for number in range(len(CLOSING_QUOTES)) if match.group(f"phrase_text{number}") is not None)
    return match.group(f"phrase_text{number}"), bool(match.group(f"phrase_end{number}"))


def abbreviation_notices(query):
    """Say that a capitals' abbreviation written with full stops whose letters are a common word ("U.S.",
    "us") is searched as that word too, and how to find it only as written."""
    notices = []
    for abbreviation in dict.fromkeys(DOTTED_ABBREVIATION.findall(query)):
        word = abbreviation.replace(".", "").lower()
        if abbreviation.isupper() and english_term(word) is None:
            notices.append(f"{abbreviation} is searched without its full stops, in any case, so it finds the word "
                           f"“{word}” too: add case:on to find it only in capitals.")
    return notices


def wildcard_notices(word):
    """Say how the wildcard marks a word holds were read: ``*`` at its end or start was left out; either
    mark inside it splits it into a phrase. (A ``?`` ending a word is a question's: no notice.)"""
    notices = []
    for mark in WILDCARDS:
        if re.search(rf"\w{re.escape(mark)}+\w", word):
            phrase = " ".join(written_tokens(word))
            notices.append(WILDCARD_INSIDE_NOTICE.format(mark=mark, word=word, phrase=phrase))
        elif mark == "*" and mark in word:
            notices.append(WILDCARD_NOTICE.format(mark=mark))
    return notices


def not_a_filter_notice(name, typed):
    """Say that ``name:`` is no filter and that what was ``typed`` was searched as a phrase of its words in
    that order (as "shoulder-to-shoulder" is), and which filter may have been meant."""
    meant = FILTER_MEANT.get(name.lower())
    phrase = " ".join(written_tokens(typed))
    return (f"{name}: is not a filter, so {typed} was searched as the phrase “{phrase}”"
            + (f": to filter, type {meant}:" if meant else "")
            + ". The filters a query can hold: " + ", ".join(f"{operator}:" for operator in sorted(FILTER_NAMES)) + ".")


def operator_of(filter_name):
    """Return the operator that sets a filter in the query ("country" is set by mentions:)."""
    return next((operator for operator, name in FILTER_OF_OPERATOR.items() if name == filter_name), filter_name)


def written_filter(name, value):
    """Return a filter as a query would write it: ``mentions:"South Africa"`` (``name``: its operator or filter)."""
    value = str(value)
    return f"{operator_of(name)}:" + (f'"{value}"' if " " in value else value)


def without_deep_nesting(lexemes, notices):
    """Return ``lexemes`` without the parentheses nested deeper than ``MAX_NESTING`` (and their partners)."""
    kept, open_parentheses = [], []  # for each open parenthesis: whether it was kept
    for kind, value in lexemes:
        if kind == "lparen":
            keep = sum(open_parentheses) < MAX_NESTING
            open_parentheses.append(keep)
            if not keep:
                continue
        elif kind == "rparen" and open_parentheses and not open_parentheses.pop():
            continue
        kept.append((kind, value))
    if len(kept) < len(lexemes):
        notices.append(f"Parentheses nested more than {MAX_NESTING} deep were ignored.")
    return kept


def combine(node_type, operands):
    operands = [operand for operand in operands if operand is not None]
    if not operands:
        return None
    if len(operands) == 1:
        return operands[0]
    return node_type(tuple(operands))


def parse_query(query):
    """Return the ``ParsedQuery`` for what a researcher typed."""
    parsed = ParsedQuery()
    typed = bool(query.strip())
    # Invisible characters are part of no word (a soft hyphen pasted from a page), joiners are read as a
    # text's are; any other unprintable character separates words, never joins two.
    query = "".join(ch if ch.isprintable() or ch.isspace() or ch in JOINERS else "" if ch in INVISIBLE else " "
                    for ch in query)
    query = HEBREW_ACRONYM_MARK.sub("\u05f4", query)  # צה"ל typed on a keyboard: its gershayim, not a quote
    if len(query) > MAX_QUERY_LENGTH:  # the search form refuses such a query; this reads any other caller's
        parsed.notices.append(f"The query was longer than {MAX_QUERY_LENGTH} characters and was cut there.")
        query = query[:MAX_QUERY_LENGTH]
    lexemes = without_deep_nesting(lex(query, parsed.notices), parsed.notices)
    if lexemes and all(kind == "op" for kind, _ in lexemes):
        parsed.notices.append("AND, OR and NOT need words to join; nothing else was given.")
    parsed.tree = Parser(lexemes, parsed).parse()
    # A query of filters none of which applied (each with its notice) finds nothing, as one of nothing would.
    applied_filters = parsed.filters or any(kind == "filter" and value[0] == "case" for kind, value in lexemes)
    if typed and parsed.tree is None and not applied_filters:
        parsed.nothing_searchable = True
        if not parsed.notices:  # a lone operator or quotation mark has its own notice
            parsed.notices.append(NOTHING_SEARCHABLE)
    if not parsed.case_sensitive:
        parsed.notices += abbreviation_notices(query)
    parsed.notices = list(dict.fromkeys(parsed.notices))  # each notice once, however often it applied
    return parsed

