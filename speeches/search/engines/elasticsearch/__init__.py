"""Elasticsearch 7 / OpenSearch. ``backend`` is Haystack's (writes, mapping); the rest is the archive's:

    engine     one request per search, the response parsed into an EngineResult
    compiler   the query tree and filters as the query DSL
    analysis   the mapping's stop words and stemmer, for snippets
"""
