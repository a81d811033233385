"""How often a compiled query's words and phrases occur in each document, from the index alone.

A word's count is its posting's weight (how often its stem occurs); a phrase's is what
``PairedPhrase`` verifies from positions. Parts under a NOT are not counted. Counts cover all the
text the index holds for a document: its title, credits and event line as well as its paragraphs.
"""
from whoosh import query

from .codec import read_postings
from .phrases import PairedPhrase


def counted_parts(compiled):
    """Yield the words (``Term``) and phrases of a compiled query that are not excluded."""
    if isinstance(compiled, query.Not):
        return
    if isinstance(compiled, (query.Term, PairedPhrase)):
        yield compiled
        return
    for child in compiled.children():
        yield from counted_parts(child)


def counted_postings(searcher, compiled):
    """Yield (document number, occurrences) for each distinct counted part of ``compiled`` (a word
    asked for twice is counted once), part by part."""
    for part in set(counted_parts(compiled)):
        for segment_searcher, offset in searcher.leaf_searchers():
            for docnum, weight in part_weights(segment_searcher, part).items():
                yield offset + docnum, round(weight)


def part_weights(segment_searcher, part):
    """Return {document number: weight} of one word or phrase in one segment."""
    reader = segment_searcher.reader()
    if isinstance(part, query.Term):
        try:
            text = segment_searcher.schema[part.fieldname].to_bytes(part.text)
        except ValueError:
            return {}
        if (part.fieldname, text) not in reader:
            return {}
        weights = read_postings(reader, part.fieldname, text)
        if weights is not None:
            return weights
    return matcher_weights(part.matcher(segment_searcher, segment_searcher.boolean_context()))


def matcher_weights(matcher):
    weights = {}
    while matcher.is_active():
        weights[matcher.id()] = matcher.weight()
        matcher.next()
    return weights
