"""What every search engine gives the search package: one query in, one result out.

An engine compiles the query tree (``speeches.search.query.parsing``) straight into its own query objects,
runs it with the filters, sort and facets of an ``EngineQuery``, and answers an ``EngineResult``
of document ids. It also says how it analyses words, so snippets mark what it matched.

The engine is chosen here, once: the backend class of the connection ``SEARCH_URL`` configures
names its engine (``engine_class``); the backend itself only writes (index, remove, clear).
"""
import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from haystack import connections

from ..languages import ENGLISH, TERMS, analysis_of, english_term, stopped_in, word_terms
from ..query.parsing import And, Not, Phrase, Word


@dataclass(frozen=True)
class EngineQuery:
    """A search as engines take it: values already checked and normalised by the search package."""

    tree: object = None  # a query tree, or None for every document
    case_sensitive: bool = False
    analyses: tuple = (ENGLISH,)  # the languages whose words fields unquoted words are matched in
    # Index field -> the one value a document must have there (speakers, regions, kind, year...).
    values: dict = field(default_factory=dict)
    date_from: datetime.date | None = None  # documents whose period ends on or after this day
    date_to: datetime.date | None = None  # documents whose period starts on or before this day
    newest_first: bool | None = None  # None: by relevance
    offset: int = 0
    limit: int = 20
    facets: dict = field(default_factory=dict)  # index field -> how many of its values to count


@dataclass
class EngineResult:
    ids: list  # the document primary keys of the requested slice, in order
    total: int
    facets: dict = field(default_factory=dict)  # index field -> [(value, count)], most frequent first


@dataclass(frozen=True)
class WordAnalysis:
    """How an engine turns a normalised word into what it matches, for snippets."""

    term: object  # function: normalised word -> the term the engine matches it by, or None (a stop word)
    opening: object  # function: term -> how every word with that term begins (a cheap pre-filter)


def any_opening(word_stem):
    """Snowball's other stemmers may rewrite more of a word: every word could be one of a stem's forms."""
    return ""


def porter_opening(word_stem):
    """Return how every word with this stem begins: the Porter stemmer only strips and rewrites
    endings, and what it writes in place of an ending changes at most the stem's last letter
    ("happy" -> "happi", "possibly" -> "poss"). Checked on 128,000 distinct words."""
    return word_stem[:-1]


# The analyses every engine shares (``languages``): each indexes these terms (Whoosh by its own
# fields, a cluster is sent them), so the engines and the snippets agree.
ENGLISH_ANALYSIS = WordAnalysis(term=english_term, opening=porter_opening)
SHARED_ANALYSES = {analysis: WordAnalysis(term=term, opening=any_opening) for analysis, term in TERMS.items()}


class Engine:
    """The verbs the search package uses; each engine's folder implements them."""

    analysis: WordAnalysis  # English, and every language without an analysis of its own
    _pinned = False  # within ``one_version``: the version read at its start
    _pinned_version = None

    def analysis_for(self, language):
        """Return the ``WordAnalysis`` of texts in ``language`` (a language code)."""
        analysis = analysis_of(language)
        return self.analysis if analysis == ENGLISH else SHARED_ANALYSES[analysis]

    def search(self, query):
        """Return the ``EngineResult`` of an ``EngineQuery``."""
        raise NotImplementedError

    def occurrences(self, query):
        """Return {document id: how often the query's words and phrases occur in it (excluded ones
        not counted)} for every document ``query`` matches, its slice ignored."""
        raise NotImplementedError

    def tallies(self, query, fields, most_values, by_period):
        """Return the ``Tallies`` of every document ``query`` matches, its slice ignored: documents
        and occurrences (as ``occurrences`` counts them) in all, and per period if ``by_period``;
        for each index field of ``fields``, the ``most_values`` values with the most occurrences
        (then documents, then value)."""
        raise NotImplementedError

    def document_count(self):
        """Return how many documents the index holds (0 when it does not exist)."""
        raise NotImplementedError

    def signatures(self):
        """Return {document id: text signature} for every indexed document."""
        raise NotImplementedError

    def schema_matches(self):
        """Return whether the index was written with the fields the code defines."""
        return True

    def is_complete(self):
        """Return whether a whole pass over the published documents finished writing this index
        (``mark_complete``); a cleared, lost or half-rebuilt index is not."""
        raise NotImplementedError

    def mark_complete(self):
        """Record, in the index itself, that a whole pass finished: deleting the index deletes it too."""
        raise NotImplementedError

    @contextmanager
    def rebuilding(self):
        """Around a rebuild's whole pass (``index.health.rebuild_index``). Here the index is emptied and
        written in place: searches answer 503 until the pass completes it. An engine that can write a
        new index beside the serving one and switch to it at the end does that instead."""
        self._backend.clear()
        yield

    def being_rebuilt(self):
        """Return whether another process is writing a new index to replace this one: a change written
        here meanwhile stays in the backlog, for the rebuild to write it there too."""
        return False

    def version(self):
        """Return a string that changes whenever the index does, or None if that is not cheap to say."""
        return None

    def current_version(self):
        """Return the version read at the start of the ``one_version`` block this runs in, else ``version()``."""
        return self._pinned_version if self._pinned else self.version()

    @contextmanager
    def one_version(self):
        """Read the index's version once for the block: a request's searches and the values cached
        for its version then stand for one index, and reading it (a file's time on Whoosh) is not
        repeated for every step. An index whose version cannot be read is not pinned: each step
        reads it and meets the failure as it did. The engine is this thread's, so is the pin."""
        if self._pinned:
            yield
            return
        try:
            self._pinned_version = self.version()
        except Exception:  # any engine's own failure; the search that meets it turns it into SearchUnavailable
            yield
            return
        self._pinned = True
        try:
            yield
        finally:
            self._pinned, self._pinned_version = False, None

    def recover(self):
        """Start afresh after a failure, so a repaired index serves again at once."""


def period_of(start, end):
    """Return the period a dated document is tallied in (``Engine.tallies``), from the first and the
    last day its date may stand for: (year, month) when it is known to the month or the day (it ends in
    the month it starts), else (year, None)."""
    known_to_the_month = end is not None and (end.year, end.month) == (start.year, start.month)
    return start.year, start.month if known_to_the_month else None


# The field of every text's language tag and each broader one ("de" for de-CH), which ``lang:`` filters.
LANGUAGES_FIELD = "languages"


class TreeCompiler:
    """Walks a query tree; each engine's compiler says what a word, a phrase, NOT, AND and OR become.

    A word matched with its case is matched exactly, as a one-word phrase. Unquoted words are
    matched in the words fields of ``analyses`` (``word_terms``).
    """

    # The engine's English analysis of a normalised word (its term, or None for a stop word).
    english_term = staticmethod(english_term)

    def __init__(self, case_sensitive=False, analyses=(ENGLISH,)):
        self.case_sensitive = case_sensitive
        self.analyses = analyses

    def compile_node(self, node):
        if isinstance(node, Phrase) or (isinstance(node, Word) and self.case_sensitive):
            return self.phrase(node.text)
        if isinstance(node, Word):
            return self.word(node.text)
        if isinstance(node, Not):
            return self.negation(self.compile_node(node.operand))
        if isinstance(node, And):
            return self.conjunction([self.compile_beside(operand, node.operands) for operand in node.operands])
        return self.disjunction([self.compile_node(operand) for operand in node.operands])

    def compile_beside(self, operand, operands):
        """Compile one of an AND's ``operands``. One that asks nothing of a text in some languages but
        asks something elsewhere (a stop word of those languages only, ``stopped_in``; "die OR der") is
        met by any document with a text in one of them, where another operand asks something of it: in a
        German text, "die Krise" asks for Krise alone, as German's words field would."""
        compiled = self.compile_node(operand)
        if self.case_sensitive or isinstance(operand, Not) or not self.asks_anything(operand):
            return compiled
        others = [other for other in operands if other is not operand]
        stopped = [analysis for analysis in self.asks_nothing_in(operand) if analysis != ENGLISH and any(
            analysis not in self.asks_nothing_in(other) for other in others)]
        return self.disjunction([compiled, self.has_text_in(stopped)]) if stopped else compiled

    def asks_anything(self, node):
        """Whether a node of the tree compiles to something (an English stop word, alone, does not)."""
        if isinstance(node, Word):
            return self.case_sensitive or bool(word_terms(node.text, self.analyses, self.english_term))
        if isinstance(node, (Phrase, Not)):
            return True
        return any(self.asks_anything(operand) for operand in node.operands)

    def asks_nothing_in(self, node):
        """Return the analyses in whose texts a node asks for nothing: a word's where it is a stop word
        (every analysis, for an English stop word), an exclusion's, and those where no operand asks."""
        if isinstance(node, Word):
            if not self.asks_anything(node):
                return set(self.analyses)
            return set(stopped_in(node.text, self.analyses, self.english_term))
        if isinstance(node, Phrase):
            return set()
        if isinstance(node, Not):
            return set(self.analyses)
        return set.intersection(*(self.asks_nothing_in(operand) for operand in node.operands))

    def word(self, text):
        raise NotImplementedError

    def has_text_in(self, analyses):
        """Return what matches the documents with a text in one of ``analyses`` (none of them English)."""
        raise NotImplementedError

    def phrase(self, text):
        raise NotImplementedError

    def negation(self, operand):
        raise NotImplementedError

    def conjunction(self, operands):
        raise NotImplementedError

    def disjunction(self, operands):
        raise NotImplementedError


def engine(using="default"):
    """Return this thread's engine for the Haystack connection ``using``."""
    return engine_of(connections[using].get_backend())


def engine_of(backend):
    """Return the engine searching ``backend``'s index, made the first time it is asked for and kept
    on the backend, which goes with it: Haystack keeps one backend per connection and thread, so an
    engine (and the searcher it keeps) is never shared between threads."""
    if "search_engine" not in vars(backend):
        backend.search_engine = backend.engine_class(backend)
    return backend.search_engine


def backend(using="default"):
    """Return this thread's Haystack backend: the writes (index, remove, clear) go through it."""
    return connections[using].get_backend()
