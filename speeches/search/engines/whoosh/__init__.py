"""Whoosh, the embedded engine. ``backend`` is Haystack's (writes); the rest is the archive's search:

    engine     the searcher kept open, filters, relevance or date order, facets: one EngineResult
    compiler   the query tree as ``whoosh.query`` objects
    analysis   Whoosh's stop words and stemmer, for indexing, querying and snippets
    phrases    exact phrases through word pairs (replaces Whoosh's phrase matcher walk)
    ranking    one or two words ranked from whole posting lists (replaces Whoosh's matcher walk)
    tables     filter, date and facet values per segment (replaces FieldFacet, DateRange, Term filters)
    codec      Whoosh's segment format with lengths and sort keys held in memory
    stock      stock Whoosh answering the same query: the benchmark's comparison column
"""
