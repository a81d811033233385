# Haystack discovers indexes in <app>.search_indexes; they live in the search package.
from .search import DocumentIndex

__all__ = ["DocumentIndex"]
