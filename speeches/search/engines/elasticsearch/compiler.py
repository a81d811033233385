"""The query tree compiled straight into the Elasticsearch query DSL.

    Word        term (as the archive analyses it) on the words field of each language searched
                (nothing for a stop word), or on the cased field
    Phrase      match_phrase on the exact field (term for one word), or on the cased field
    Not And Or  bool must_not / must / should
Filters are bool filters (term, range), so they never change scores.

Counting occurrences, the query only filters; each distinct word term and phrase not under a NOT
is an optional clause on its field's ``counted`` sub-field, whose similarity scores a match by how
often it occurs (``backend``): a document's score is then how often the query's words and phrases
occur in it, each counted once however often it was asked for (as Whoosh counts them).
"""
import json

from ...languages import ENGLISH, word_terms
from ...text import normalise
from .. import LANGUAGES_FIELD, TreeCompiler
from ...query.parsing import Not, Phrase, Word
from .analysis import term

EXACT_FIELD, CASED_FIELD = "exact_text", "cased_text"
DATE_FIELD, DATE_END_FIELD = "date", "date_end"
ID_FIELD = "django_id"
COUNTED = "counted"  # the sub-field of each text field scored by occurrences


def compile_tree(tree, case_sensitive=False, analyses=(ENGLISH,)):
    """Return the DSL of a query tree: match_all for None, match_none when only stop words remain."""
    if tree is None:
        return {"match_all": {}}
    return ElasticsearchCompiler(case_sensitive, analyses).compile_node(tree) or {"match_none": {}}


class ElasticsearchCompiler(TreeCompiler):
    """Compiles to DSL clauses; None stands for a stop word, which drops out of what holds it."""

    def __init__(self, case_sensitive=False, analyses=(ENGLISH,), counting=False):
        super().__init__(case_sensitive, analyses)
        self.counting = counting

    def field(self, name):
        return f"{name}.{COUNTED}" if self.counting else name

    def word(self, text):
        return self.disjunction(list(self.word_matches(text).values()))

    def has_text_in(self, analyses):
        return {"terms": {LANGUAGES_FIELD: list(analyses)}}

    def word_matches(self, text):
        """Return {(words field, term): the match clause} of an unquoted word in each analysis."""
        return {(field, stem): {"term": {self.field(field): stem}}
                for field, stem in word_terms(text, self.analyses, term)}

    def counted_clauses(self, tree):
        """Return a clause for each distinct word term and phrase of ``tree`` not under a NOT."""
        clauses = {}
        for leaf in counted_leaves(tree):
            if isinstance(leaf, Word) and not self.case_sensitive:
                for key, clause in self.word_matches(leaf.text).items():
                    clauses.setdefault(key, clause)
            else:
                clause = self.phrase(leaf.text)
                clauses.setdefault(json.dumps(clause, sort_keys=True), clause)
        return list(clauses.values())

    def phrase(self, text):
        field = self.field(CASED_FIELD if self.case_sensitive else EXACT_FIELD)
        tokens = normalise(text, exact_case=self.case_sensitive)
        if " " not in tokens:
            return {"term": {field: tokens}}
        if self.counting:  # the similarity scores a phrase's occurrences once for each of its words
            return {"match_phrase": {field: {"query": tokens, "boost": 1 / len(tokens.split(" "))}}}
        return {"match_phrase": {field: tokens}}

    def negation(self, operand):
        return {"bool": {"must_not": [operand]}} if operand else None

    def conjunction(self, operands):
        operands = [operand for operand in operands if operand]
        return {"bool": {"must": operands}} if len(operands) > 1 else next(iter(operands), None)

    def disjunction(self, operands):
        operands = [operand for operand in operands if operand]
        if len(operands) > 1:
            return {"bool": {"should": operands, "minimum_should_match": 1}}
        return next(iter(operands), None)


def counted_leaves(node):
    """Yield the words and phrases of a query tree that are not excluded."""
    if node is None or isinstance(node, Not):
        return
    if isinstance(node, (Word, Phrase)):
        yield node
        return
    for operand in node.operands:
        yield from counted_leaves(operand)


def request_body(query):
    """Return the search request body of an ``EngineQuery``."""
    body = {
        "query": filtered(query, compile_tree(query.tree, query.case_sensitive, query.analyses)),
        "from": query.offset,
        "size": query.limit,
        "track_total_hits": True,
        **IDS_ONLY,
    }
    if query.newest_first is not None:
        order = "desc" if query.newest_first else "asc"
        body["sort"] = [{DATE_FIELD: {"order": order, "missing": "_last"}}, {ID_FIELD: {"order": "asc"}}]
    if query.facets:
        body["aggs"] = {fieldname: {"terms": {"field": fieldname, "size": size}}
                        for fieldname, size in query.facets.items()}
    return body


def counting_body(query):
    """Return the request body whose hits are every document ``query`` matches (its slice, sort and
    facets ignored), each scored by how often the query's words and phrases occur in it."""
    matching = filtered(query, compile_tree(query.tree, query.case_sensitive, query.analyses))
    counted = ElasticsearchCompiler(query.case_sensitive, query.analyses, counting=True).counted_clauses(query.tree)
    return {"query": {"bool": {"filter": [matching], "should": counted}}, "track_scores": True, **IDS_ONLY}


OCCURRENCES, PERIODS, ENDS = "occurrences", "periods", "ends"
# Each document's score rounded, as ``occurrences`` rounds it: the float error of a phrase's boost
# (1 / its words) never decides an order.
SUMMED_SCORES = {OCCURRENCES: {"sum": {"script": {"source": "Math.round(_score.doubleValue())"}}}}


def tallying_body(query, fields, most_values, by_period):
    """Return the request body that adds up every document ``query`` matches, scored as
    ``counting_body`` scores them: occurrences in all; if ``by_period``, documents and occurrences per
    month a document's date starts in and, within it, the month it ends in (another month: a date
    known only to the year); the ``most_values`` of each of ``fields`` with the most occurrences."""
    periods = {PERIODS: by_month(DATE_FIELD, {ENDS: by_month(DATE_END_FIELD, SUMMED_SCORES)})} if by_period else {}
    aggregations = {
        **SUMMED_SCORES,
        **periods,
        **{fieldname: {"terms": {"field": fieldname, "size": most_values,
                                 "order": [{OCCURRENCES: "desc"}, {"_count": "desc"}, {"_key": "asc"}]},
                       "aggs": SUMMED_SCORES}
           for fieldname in fields},
    }
    return {"query": counting_body(query)["query"], "size": 0, "track_total_hits": True, "aggs": aggregations}


def by_month(fieldname, aggregations):
    return {"date_histogram": {"field": fieldname, "calendar_interval": "month", "min_doc_count": 1},
            "aggs": aggregations}


# Ids from doc values: a hit's stored fields (even its _id) sit in compressed blocks beside the whole
# text, which cost ~0.25 ms a hit to read (2.5 s for the 10,000 ids of a timeline).
IDS_ONLY = {"stored_fields": "_none_", "docvalue_fields": [ID_FIELD]}


def filtered(query, compiled):
    """Return ``compiled`` within the query's filters."""
    filters = [{"term": {fieldname: value}} for fieldname, value in query.values.items()]
    if query.date_from:
        filters.append({"range": {DATE_END_FIELD: {"gte": query.date_from.isoformat()}}})
    if query.date_to:
        filters.append({"range": {DATE_FIELD: {"lte": query.date_to.isoformat()}}})
    return {"bool": {"must": [compiled], "filter": filters}}


def hit_id(hit):
    return int(hit["fields"][ID_FIELD][0])
