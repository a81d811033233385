"""The one place that knows about search: query language, normalisation, indexes and the engine.

Views, forms and commands use ``search_documents`` and ``sync_documents``; nothing else in the
project imports Haystack's query machinery or an engine.
"""
from .documents import SearchCriteria, search_documents
from .indexing import sync_documents

__all__ = ["SearchCriteria", "search_documents", "sync_documents"]
