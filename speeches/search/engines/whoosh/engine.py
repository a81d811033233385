"""Searching a Whoosh index: the compiled query, filters from value tables, relevance or date order.

One searcher is opened and reused until the index changes: Haystack's own search path opened two
or three per query (each copying segment data), which made it ~10-30x slower than Whoosh itself.
Haystack keeps one backend per thread, and each backend has its own engine, so a searcher is never
shared between threads.
"""
import bisect
import datetime
import heapq
from collections import Counter

from whoosh.reading import ReaderClosed
from whoosh.scoring import BM25F

from .. import Engine, EngineResult, period_of
from ...results import Tallies, Tally
from .analysis import WORD_ANALYSIS
from .compiler import compile_tree
from .phrases import restrict_phrases
from .occurrences import counted_postings
from .ranking import rank_words, word_hits
from .tables import ValueTables

DATE_FIELD, DATE_END_FIELD = "date", "date_end"
ID_FIELD = "django_id"
# A file in the index folder, written when a whole pass over the published documents finished.
COMPLETE_MARKER = "archive-complete"
# Index folder -> its ValueTables, shared by every thread of this process.
TABLES_BY_INDEX = {}


class WhooshEngine(Engine):
    analysis = WORD_ANALYSIS

    def __init__(self, backend):
        self._backend = backend  # Haystack's: where the index is, and its schema
        self._searcher = None
        self._version = None
        self._tables = TABLES_BY_INDEX.setdefault(backend.path, ValueTables())
        self._weighting = BM25F()

    def search(self, query):
        searcher = self.searcher()
        if not searcher.doc_count_all():
            return EngineResult([], 0, {fieldname: [] for fieldname in query.facets})
        allowed = self.allowed(searcher, query)
        top, hits = self.matches(searcher, query, allowed)
        ids = self.document_ids(searcher, top)
        facets = {fieldname: most_frequent(self._tables.count(searcher, hits, fieldname), size)
                  for fieldname, size in query.facets.items()}
        return EngineResult(ids, len(hits), facets)

    def allowed(self, searcher, query):
        """Return the set of documents the filters allow, or None when nothing is filtered."""
        tables = self._tables
        sets = [tables.with_value(searcher, fieldname, value) for fieldname, value in query.values.items()]
        if query.date_from:
            sets.append(tables.in_range(searcher, DATE_END_FIELD, lowest=midnight(query.date_from)))
        if query.date_to:
            sets.append(tables.in_range(searcher, DATE_FIELD, highest=midnight(query.date_to)))
        if not sets:
            return None
        sets.sort(key=len)
        return sets[0].intersection(*sets[1:], tables.live(searcher))

    def matches(self, searcher, query, allowed):
        """Return (the document numbers of the requested slice, the set of every hit)."""
        wanted = query.offset + query.limit
        compiled = self.compiled(searcher, query)
        if allowed is not None:
            restrict_phrases(compiled, by_segment(searcher, allowed))
        if query.tree is None:
            hits = self.unscored_hits(searcher, query, compiled, allowed)
            top = heapq.nsmallest(wanted, hits) if query.newest_first is None else None
        elif query.newest_first is None:
            top, hits = rank_words(searcher, self._weighting, compiled, wanted, allowed) or \
                self.ranked_by_whoosh(searcher, compiled, allowed, wanted)
        else:
            top, hits = None, self.unscored_hits(searcher, query, compiled, allowed)
        if top is None:
            top = self.by_date(searcher, hits, query.newest_first, wanted)
        return top[query.offset:wanted], hits

    def unscored_hits(self, searcher, query, compiled, allowed):
        """Return the set of every document the query matches within ``allowed``."""
        if query.tree is None:
            return self._tables.live(searcher) if allowed is None else allowed
        hits = word_hits(searcher, compiled)
        hits = set(searcher.docs_for_query(compiled)) if hits is None else hits
        return hits if allowed is None else hits & allowed

    def occurrences(self, query):
        searcher = self.searcher()
        counts = self.counted(searcher, query)
        return dict(zip(self.document_ids(searcher, counts), counts.values()))

    def tallies(self, query, fields, most_values, by_period):
        searcher = self.searcher()
        counts = self.counted(searcher, query)
        periods = tally_values(self.period_values(searcher), counts) if by_period else {}
        values = {fieldname: most_said(tally_values(self._tables.values(searcher, fieldname), counts), most_values)
                  for fieldname in fields}
        return Tallies(len(counts), sum(counts.values()), periods, values, [])

    def counted(self, searcher, query):
        """Return {document number: how often the query's words and phrases occur in it} for every
        document ``query`` matches."""
        if not searcher.doc_count_all():
            return {}
        allowed = self.allowed(searcher, query)
        compiled = self.compiled(searcher, query)
        if allowed is not None:
            restrict_phrases(compiled, by_segment(searcher, allowed))
        counts = dict.fromkeys(self.unscored_hits(searcher, query, compiled, allowed), 0)
        for docnum, count in counted_postings(searcher, compiled):
            if docnum in counts:
                counts[docnum] += count
        return counts

    def period_values(self, searcher):
        """Return a list giving each of ``searcher``'s document numbers a tuple of its period, as the
        value tables give values: ((year, month),), or ((year, None),) for a date known only to the
        year (it ends in another month than it starts), or () undated; kept as long as the searcher."""
        def period_values():
            to_date = searcher.schema[DATE_FIELD].from_column_value
            starts = self._tables.sort_keys(searcher, DATE_FIELD)
            ends = self._tables.sort_keys(searcher, DATE_END_FIELD)
            return [() if start is None else (period_of(to_date(start), None if end is None else to_date(end)),)
                    for start, end in zip(starts, ends)]

        return self._tables.kept(searcher, ("periods",), period_values)

    @staticmethod
    def compiled(searcher, query):
        reader = searcher.reader()

        def holds_term(fieldname, text):
            return (fieldname, text) in reader

        return compile_tree(query.tree, query.case_sensitive, query.analyses, holds_term)

    def document_ids(self, searcher, docnums):
        """Return the database ids of index documents, from a table read once per segment (stored
        fields are read document by document: 0.3 s for 10,000)."""
        return list(map(self._tables.whole_numbers(searcher, ID_FIELD).__getitem__, docnums))

    def ranked_by_whoosh(self, searcher, compiled, allowed, wanted):
        if allowed is not None and not allowed:  # Whoosh reads an empty filter as no filter
            return [], set()
        # limit=None: every hit's document number is needed for the facets and the total.
        results = searcher.search(compiled, limit=None, filter=allowed)
        return [results.docnum(rank) for rank in range(min(wanted, len(results)))], set(results.docs())

    def by_date(self, searcher, hits, newest_first, wanted):
        """Return the first ``wanted`` of ``hits`` by date (undated documents last)."""
        return heapq.nsmallest(wanted, hits, key=self._tables.date_ranks(searcher, DATE_FIELD, newest_first).__getitem__)

    def searcher(self):
        version = self.current_version()
        if version != self._version or self._searcher is None:
            # Not Searcher.refresh(): Whoosh 2.7.4 keys the readers it would reuse by generation
            # but looks them up by segment id, so it never reuses one and leaves most of the old
            # readers (and their memory-mapped files) open: +100-250 MB per commit in a rebuild.
            self.forget_searcher()
            self._searcher = self.index().searcher(weighting=self._weighting)
            # Only once it opened: an index that failed to open is tried again on the next search.
            self._version = version
        return self._searcher

    def index(self):
        if not self._backend.setup_complete:
            self._backend.setup()
        return self._backend.index

    def version(self):
        """Return the index's generation and the time of its table of contents: changes on every
        commit and every rebuild."""
        index = self.index()
        generation = index.latest_generation()
        try:
            written = index.storage.file_modified(f"_{index.indexname}_{generation}.toc")
        except OSError:
            written = None
        return f"{self._backend.path}:{generation}:{written}"

    def forget_searcher(self):
        """Close the kept searcher; the next search opens a new one. After a failure the kept one
        may be closed or point at files that are gone, even where the index looks unchanged
        (restored with its old timestamps): keeping it served errors until a restart."""
        searcher, self._searcher, self._version = self._searcher, None, None
        if searcher is not None:
            try:
                searcher.close()
            except ReaderClosed:
                pass

    def recover(self):
        self.forget_searcher()
        self._backend.setup_complete = False  # reopen (or recreate) the index folder too

    def document_count(self):
        return self.searcher().doc_count()

    def is_complete(self):
        return self.index().storage.file_exists(COMPLETE_MARKER)

    def mark_complete(self):
        self.index().storage.create_file(COMPLETE_MARKER).close()

    def signatures(self):
        return {int(fields["django_id"]): fields.get("text_signature")
                for fields in self.searcher().all_stored_fields()}

    def schema_matches(self):
        # Opened without a schema, the index reads the one it was written with (Haystack opens it
        # with the code's own, which would always match).
        try:
            stored = self.index().storage.open_index().schema
        except Exception:  # written by an older version (its codec moved or changed): unreadable
            return False
        defined = self._backend.schema
        return stored.names() == defined.names() and all(
            type(stored[name]) is type(defined[name]) for name in defined.names())


def by_segment(searcher, docnums):
    """Return {segment id: set of its document numbers} for index-wide document numbers."""
    ordered, segments = sorted(docnums), {}
    for segment_searcher, offset in searcher.leaf_searchers():
        reader = segment_searcher.reader()
        if reader.segment() is None:
            continue
        start = bisect.bisect_left(ordered, offset)
        end = bisect.bisect_left(ordered, offset + reader.doc_count_all())
        segments[reader.segment().segment_id()] = {docnum - offset for docnum in ordered[start:end]}
    return segments


def midnight(day):
    """Dates are indexed as datetimes at midnight (Haystack's Whoosh backend writes them so)."""
    return datetime.datetime.combine(day, datetime.time())


def tally_values(values, counts):
    """Return {value: Tally} over the documents of ``counts`` ({document number: occurrences});
    ``values`` maps each document number to its tuple of values."""
    documents, said = Counter(), Counter()
    for docnum, occurrences in counts.items():
        for value in values[docnum]:
            documents[value] += 1
            said[value] += occurrences
    return {value: Tally(documents[value], said[value]) for value in documents}


def most_said(tallies, most):
    """Return the ``most`` of {value: Tally} with the most occurrences, then documents, then by value
    (as a terms aggregation on a cluster orders them)."""
    kept = heapq.nsmallest(most, tallies, key=lambda value: (-tallies[value].occurrences, -tallies[value].documents, value))
    return {value: tallies[value] for value in kept}


def most_frequent(counts, size):
    """Return the ``size`` most frequent (value, count) pairs, equal counts by value, as OpenSearch's terms
    aggregation orders them: both engines then show the same values when more share a count than fit."""
    def order(item):
        value, count = item
        return -count, value is None, "" if value is None else value

    return heapq.nsmallest(size, counts.items(), key=order)
