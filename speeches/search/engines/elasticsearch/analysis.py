"""The cluster's words fields hold the terms the archive analyses, as Whoosh indexes them.

Lucene has Porter and Snowball stemmers of its own, but Whoosh's Porter port and Lucene's stem some
words differently ("committed": "committ" and "commit"), and Lucene's Snowball English differs from
Porter on hundreds of stems, so the same query found different documents on the two engines. The
archive therefore sends each words field its terms (``languages``: Whoosh's English analysis,
Snowball's other languages, jieba's Chinese words), and the mapping only splits them on spaces.
Queries ask for the same terms, and snippets mark the words that have them.
"""
from ...languages import ANALYSES, english_term, term_of, words_field
from .. import ENGLISH_ANALYSIS

WORD_ANALYSIS = ENGLISH_ANALYSIS
term = english_term


def with_terms(fields):
    """Return a document's prepared fields with each words field replaced by its terms, in order
    (stop words dropped, each occurrence kept, so the counted sub-field counts them)."""
    fields = dict(fields)
    for analysis in ANALYSES:
        name = words_field(analysis)
        if fields.get(name):
            fields[name] = " ".join(filter(None, map(term_of(analysis), fields[name].split(" "))))
    return fields
