"""The query tree compiled straight into ``whoosh.query`` objects (no query string, no parser).

    Word        Term on the words field of each language searched (nothing for a stop word; a field
                whose index lacks the term left out), or on the cased field; beside other words, a
                stop word of some languages only is met by their documents (Term on languages)
    Phrase      PairedPhrase on the exact field (a Term for one word), or on the cased field
    Not And Or  Whoosh's Not, And, Or; a query of exclusions only subtracts from Every()
"""
from whoosh import query

from ...languages import ENGLISH, word_terms
from ...text import normalise
from .. import LANGUAGES_FIELD, TreeCompiler
from .analysis import term
from .phrases import PairedPhrase

EXACT_FIELD = "exact_text"
CASED_FIELD = "cased_text"
WORD_PAIRS_FIELD = "word_pairs"


def compile_tree(tree, case_sensitive=False, analyses=(ENGLISH,), holds_term=None):
    """Return the Whoosh query of a query tree (``query.Every()`` for None). ``holds_term(field,
    text)`` says whether the index holds a term: a word's other languages are left out where it
    is not, so most words stay one Term (which ``ranking`` ranks fast)."""
    if tree is None:
        return query.Every()
    compiled = WhooshCompiler(case_sensitive, analyses, holds_term).compile_node(tree).normalize()
    if only_exclusions(compiled):
        return query.And([query.Every(), compiled])
    return compiled


class WhooshCompiler(TreeCompiler):
    def __init__(self, case_sensitive=False, analyses=(ENGLISH,), holds_term=None):
        super().__init__(case_sensitive, analyses)
        self.holds_term = holds_term

    def word(self, text):
        terms = word_terms(text, self.analyses, term)
        if not terms:
            return query.NullQuery
        held = [(field, word_term) for field, word_term in terms
                if self.holds_term is None or self.holds_term(field, word_term)] or terms[:1]
        alternatives = list(dict.fromkeys(query.Term(field, word_term) for field, word_term in held))
        return alternatives[0] if len(alternatives) == 1 else query.Or(alternatives)

    def has_text_in(self, analyses):
        return query.Or([query.Term(LANGUAGES_FIELD, analysis) for analysis in analyses])

    def phrase(self, text):
        """Return the query for a phrase (or a case-sensitive word): its tokens in order."""
        field = CASED_FIELD if self.case_sensitive else EXACT_FIELD
        tokens = normalise(text, exact_case=self.case_sensitive).split()
        if len(tokens) == 1:
            return query.Term(field, tokens[0])
        return PairedPhrase(field, tokens, WORD_PAIRS_FIELD)

    def negation(self, operand):
        return query.Not(operand)

    def conjunction(self, operands):
        return query.And(operands)

    def disjunction(self, operands):
        return query.Or(operands)


def only_exclusions(compiled):
    if isinstance(compiled, query.Not):
        return True
    return isinstance(compiled, query.And) and all(isinstance(part, query.Not) for part in compiled.subqueries)
