"""Many saved searches matched against a few new documents (alerts): percolation by hand.

Running each of 10,000 alerts against the whole index, restricted to the new documents, costs a
whole search per alert, and misses a document the index has not caught up with yet. Here the new
documents are written to a throwaway Whoosh index of their own (a temporary folder, a Haystack
connection that lives as long as the block), and every alert's search runs against that: a search
of 100 documents, whatever the archive's size. The search is the archive's own (``PreparedSearch``,
its parsing, filters and compiled query), so an alert finds what the search page would find among
those documents; unquoted words are matched in the analyses of the whole archive's languages, as
the search page matches them. A cluster engine would store the alerts' queries and match each new
document against them (OpenSearch's percolator); docs/benchmarks.md says how both scale.
"""
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from haystack import connections

from speeches.models import Document

from .engines import engine
from .engines.whoosh.engine import TABLES_BY_INDEX
from .index.backlog import ROWS_PER_QUERY
from .index.sync import document_index
from .index.version import one_index_version
from .prepared_search import archive_analyses, prepare

WHOOSH_BACKEND = "speeches.search.engines.whoosh.backend.HaystackEngine"


@contextmanager
def percolator(documents):
    """Within the block, yield a ``Percolator`` over ``documents`` (a QuerySet of documents, whatever
    their status: the caller decides which may be reported, and when)."""
    alias = f"percolation-{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory(prefix="archive-percolation-") as folder:
        connections.connections_info[alias] = {"ENGINE": WHOOSH_BACKEND, "PATH": folder, "SILENTLY_FAIL": False}
        try:
            ids = write_index(alias, documents)
            with one_index_version(alias):
                yield Percolator(alias, len(ids), archive_analyses())
        finally:
            backend = connections[alias].get_backend()
            engine(alias).forget_searcher()
            del connections.connections_info[alias]
            getattr(connections.thread_local, "connections", {}).pop(alias, None)
            TABLES_BY_INDEX.pop(backend.path, None)


def write_index(alias, documents):
    """Index ``documents`` in the throwaway index; return their ids."""
    index = document_index(alias)
    backend = connections[alias].get_backend()
    ids = sorted(documents.values_list("pk", flat=True))
    for start in range(0, len(ids), ROWS_PER_QUERY):
        batch = Document.objects.filter(pk__in=ids[start:start + ROWS_PER_QUERY]).with_index_data()
        backend.update(index, list(batch))
    engine(alias).mark_complete()  # whole: it holds every document it is meant to
    return ids


@dataclass
class Percolator:
    alias: str
    document_count: int
    analyses: tuple  # the archive's, read once for every search

    def matches(self, criteria):
        """Return the ids of the documents ``criteria`` (a ``SearchCriteria``) matches."""
        if not self.document_count:
            return []
        prepared = prepare(criteria, self.alias)
        prepared.analyses = self.analyses
        return prepared.run(prepared.sliced(0, self.document_count, sort="newest")).ids
