"""Where a query matched within a text, as the engine that searched matches words: the query's
tokens matched against paragraphs (``tokens``), and what a page shows of the matches (``snippets``)."""
