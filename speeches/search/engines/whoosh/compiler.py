"""The query tree compiled straight into ``whoosh.query`` objects (no query string, no parser).

    Word        Term on the stemmed words field (nothing for a stop word), or on the cased field
    Phrase      PairedPhrase on the exact field (a Term for one word), or on the cased field
    Not And Or  Whoosh's Not, And, Or; a query of exclusions only subtracts from Every()
"""
from whoosh import query

from ...text import normalise
from .. import TreeCompiler
from .analysis import term
from .phrases import PairedPhrase

WORDS_FIELD = "text"
EXACT_FIELD = "exact_text"
CASED_FIELD = "cased_text"
WORD_PAIRS_FIELD = "word_pairs"


def compile_tree(tree, case_sensitive=False):
    """Return the Whoosh query of a query tree (``query.Every()`` for None)."""
    if tree is None:
        return query.Every()
    compiled = WhooshCompiler(case_sensitive).compile_node(tree).normalize()
    if only_exclusions(compiled):
        return query.And([query.Every(), compiled])
    return compiled


class WhooshCompiler(TreeCompiler):
    def word(self, text):
        stem = term(normalise(text))
        return query.Term(WORDS_FIELD, stem) if stem else query.NullQuery

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
