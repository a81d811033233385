"""One prepared search: criteria read once, then asked for a page of hits, a whole result set's ids,
how often each document says it, the documents its filters allow, or where it occurs in a document.

The search page, the research tools, the API, the feeds and the benchmark all come here through
``prepare`` (or ``search``, for one page); none of them sees an engine. Each answer reads the
index's version once (``index.version``) and meets engine failures as ``SearchUnavailable``.
"""
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.paginator import Page, Paginator

from speeches.countries import code_of
from speeches.models import Document

from .engines import EngineQuery, EngineResult, engine
from .facets import FACET_NAMES, facet_fields, labelled_facets
from .failures import engine_errors_reported
from .highlight.snippets import as_paragraphs, document_snippets, find_snippets, highlight_spans
from .highlight.tokens import QueryTokens
from .index.document_index import heading_parts, text_heading_parts
from .index.version import cached_until_index_changes, one_index_version
from .languages import ANALYSES, ENGLISH, analysis_of, filter_code, word_terms
from .query.criteria import (
    FILTER_VALUE,
    NAMED_BY_SLUG,
    NAMED_CHOICES,
    SORTS,
    VALUE_FILTERS,
    choice_value,
    country_slug,
    named_slug,
    absent_language_notices,
    date_order_notices,
    is_year,
    unknown_value_notices,
)
from .query.parsing import ParsedQuery, operator_of, parse_query, written_filter
from .results import DocumentFind, Hit, MatchingIds, Occurrence, OccurrenceCounts, SearchPage, Tallies


def prepare(criteria, using="default"):
    """Return the ``PreparedSearch`` of ``criteria`` (a ``SearchCriteria``)."""
    return PreparedSearch(criteria, using)


def search(criteria, page=1, size=20, facets=False, using="default"):
    """Return page ``page`` of ``criteria``'s hits: ``prepare(criteria).page(...)``."""
    return prepare(criteria, using).page(page, size, facets)


def meaning(name, value):
    """Return what a filter's value names, so that two writings of one thing are told from two things:
    a country's ISO code whether the archive holds it or not ("FR", "France"), or the value as indexed."""
    if name == "country" and (code := code_of(str(value))):
        return code
    return str(as_indexed({name: value})[name])


def as_indexed(filters):
    """Return ``filters`` with their values as the index holds them: lang:zh-CN is zh-hans (one naming
    no language, as typed); mentions:FR and mentions:"South Africa" are the countries' slugs; a speaker,
    region, venue or event named as written, in any case, is the slug of its name (speaker:"Xi Jinping" is
    xi-jinping, speaker:CGTN cgtn); a kind or role named by its label is its value (kind:"Press release")."""
    filters = dict(filters)
    for name in NAMED_BY_SLUG & filters.keys():
        filters[name] = named_slug(name, str(filters[name]))
    for name in NAMED_CHOICES.keys() & filters.keys():
        filters[name] = choice_value(name, str(filters[name]))
    if "lang" in filters:
        filters["lang"] = filter_code(filters["lang"]) or filters["lang"]
    if "country" in filters:
        filters["country"] = country_slug(filters["country"])
    return filters


@dataclass
class PreparedSearch:
    """Criteria read once: the parsed query, every filter (typed and chosen), notices, the engine's query."""

    criteria: object
    using: str = "default"
    # The analyses unquoted words are matched in; None: those of the archive's published texts (a
    # percolation index holds a few documents but searches as the archive does).
    analyses: tuple | None = None
    # Language -> the query's ``QueryTokens`` as the engine analyses that language's words.
    tokens_by_language: dict = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def parsed(self):
        return parse_query(self.criteria.q)

    @cached_property
    def filters(self):
        return {**self.typed_filters, **self.chosen_filters}  # the form's filters win over typed ones

    @cached_property
    def typed_filters(self):
        return as_indexed(self.parsed.filters)

    @cached_property
    def chosen_filters(self):
        return as_indexed(self.criteria.filters())

    def unapplied_filter_notices(self):
        """Say which filter typed in the query was not applied: a second value naming something else
        than the first ("mentions:FR" after "mentions:France" is the same), or one the form chose otherwise."""
        notices = []
        for name, value in self.parsed.repeated_filters:
            if meaning(name, value) != meaning(name, self.parsed.filters[name]):
                notices.append(f"{written_filter(name, value)} was not applied: a query takes one "
                               f"{operator_of(name)}: filter, and {written_filter(name, self.parsed.filters[name])} came first.")
        chosen = self.criteria.filters()
        for name, value in self.parsed.filters.items():
            if name in chosen and meaning(name, value) != meaning(name, chosen[name]):
                notices.append(f"{written_filter(name, value)} in the query was not applied: the filter chosen "
                               "beside it was.")
        return notices

    @cached_property
    def case_sensitive(self):
        return self.criteria.case_sensitive or self.parsed.case_sensitive

    @cached_property
    def notices(self):
        return list(dict.fromkeys(self.parsed.notices + self.unapplied_filter_notices() +
                                  self.unknown_values + self.absent_languages + date_order_notices(self.filters) +
                                  self.ignored_words_notices()))

    @cached_property
    def absent_languages(self):
        """A notice when a language filter names a language no published text is in (``lang:kr``)."""
        return absent_language_notices(self.filters)

    @property
    def finds_nothing_named(self):
        """Whether the filters name what the archive lacks: such a search has nothing to follow."""
        return bool(self.unknown_values or self.absent_languages)

    @cached_property
    def unknown_values(self):
        """Notices of the filters that name nothing the archive's published documents have ("There is no
        speaker “nobody” in the archive."): a list of documents by filters alone answers 404 with them."""
        return unknown_value_notices(self.filters)

    def ignored_words_notices(self):
        """Say why a query of only words too common to search ("the", "we will") finds nothing: such
        words count only inside quotation marks (/search/help/). A case-sensitive search finds them."""
        phrases, words = self.parsed.phrases()
        if phrases or not words or self.case_sensitive or self.query is None:
            return []
        english = self.engine.analysis_for(ENGLISH).term
        if any(word_terms(word, self.query.analyses, english) for word in words):
            return []
        listed = ", ".join(f"“{word}”" for word in dict.fromkeys(words))
        return [f"{listed}: words this common are searched for only inside quotation marks, as part of a phrase."]

    @cached_property
    def query(self):
        """The ``EngineQuery`` (its first 20), or None when no document can match."""
        if self.parsed.nothing_searchable and not self.filters:  # as an empty query: no documents, and the notice says why
            return None
        return engine_query(self.parsed, self.filters, self.case_sensitive, self.criteria.sort, analyses=self.analyses)

    @cached_property
    def filters_query(self):
        """The ``EngineQuery`` of the filters alone, whatever the query's words (a query with nothing
        to search for still has the documents its filters allow), or None when no document can match."""
        return engine_query(ParsedQuery(), self.filters, self.case_sensitive, None, analyses=self.analyses, limit=0)

    @cached_property
    def filters_key(self):
        """What ``filtered_ids`` depends on, hashable: searches with equal keys allow the same documents
        (a timeline comparing queries under the same filters asks the index once)."""
        return self.using, self.analyses, tuple(sorted(self.filters.items()))

    @property
    def engine(self):
        return engine(self.using)

    def sliced(self, offset, limit, sort=None, facets=False):
        """Return the engine's query for ``limit`` hits from ``offset`` in the order ``sort`` asks for
        (None: the criteria's), counting ``facets`` (as ``page`` takes them), or None when no document
        can match."""
        if self.query is None:
            return None
        order = {} if sort is None else {"newest_first": SORTS.get(sort)}
        return replace(self.query, offset=offset, limit=limit, **order, facets=facet_fields(facets) if facets else {})

    def page(self, number=1, size=20, facets=False, sort=None):
        """Return the ``SearchPage`` of page ``number`` (a whole number from 1) of ``size`` hits (the
        last page when there is no such page), in the order ``sort`` (else the criteria's sort) asks
        for, with the facets of the whole result set when ``facets`` (True: every facet; or the names of
        those to count, as the benchmark compares)."""
        with one_index_version(self.using):
            query = self.sliced((number - 1) * size, size, sort, facets)
            result = self.run(query)
            numbers = Paginator(range(result.total), size)
            shown = numbers.get_page(number).number  # past the end: the last page
            if shown != number and query is not None:
                result = self.run(replace(query, offset=(shown - 1) * size))
            number = shown
            hits = [Hit(document, self.snippets(document)) for document in published_in_order(result.ids)]
            facet_list = labelled_facets(self.facet_counts(result.facets, facets), self.filters) if facets else []
            return SearchPage(hits, Page(hits, number, numbers), facet_list, self.notices)

    def facet_counts(self, counts, facets):
        """Return the engine's facet ``counts`` with each facet whose own filter is in force (chosen or typed)
        counted without it: an option's link puts its value in that filter's place, so its count is what
        the link finds (counted under the filter, "English 6" under lang=zh found 19)."""
        counts = dict(counts)
        for name in FACET_NAMES:
            if name not in self.filters or (facets is not True and name not in facets) or self.query is None:
                continue
            others = {other: value for other, value in self.filters.items() if other != name}
            query = engine_query(self.parsed, others, self.case_sensitive, None, analyses=self.analyses, limit=0,
                                 facets=facet_fields([name]))
            counts.update(self.run(query).facets)
        return counts

    def ids(self, limit, sort=None):
        """Return the first ``limit`` matching document ids in the order ``sort`` (else the criteria's
        sort) asks for."""
        with one_index_version(self.using):
            result = self.run(self.sliced(0, limit, sort))
            return MatchingIds(result.ids, result.total, self.notices)

    def occurrence_counts(self):
        """Return how often the query's words and phrases occur in each matching document (0 for a
        document matched by filters or exclusions alone)."""
        with one_index_version(self.using):
            if self.query is None:
                return OccurrenceCounts({}, self.notices)
            return OccurrenceCounts(self.run_counting(replace(self.query, offset=0, limit=0)), self.notices)

    def tallies(self, fields=(), most_values=0, by_period=True):
        """Return the ``Tallies`` of the whole result set, counted by the engine: documents and
        occurrences in all, per period (if ``by_period``), and for each index field of ``fields``
        ("speakers", "venue", "event", "countries", "kind") its ``most_values`` values said most often."""
        with one_index_version(self.using):
            if self.query is None:
                return Tallies(0, 0, {}, {fieldname: {} for fieldname in fields}, self.notices)
            query = replace(self.query, offset=0, limit=0)
            with engine_errors_reported(self.using):
                tallies = self.engine.tallies(query, tuple(fields), most_values, by_period)
            return replace(tallies, notices=self.notices)

    def filtered_ids(self):
        """Return the ids of every document the criteria's filters (chosen or typed) allow, whatever
        the query's words: what a timeline divides by."""
        with one_index_version(self.using):
            if self.filters_query is None:
                return set()
            return set(self.run_counting(self.filters_query))

    def occurrences(self, document, headings=False):
        """Return the ``Occurrence``s of the query's phrases and words in ``document``'s paragraphs, in
        reading order (its main text, then its other texts), words matched as the engine matches them in
        each text's language. With ``headings``, those in each text's headings too, before its
        paragraphs and with no anchor (the main text's title, subtitle, credits and event, another
        text's title and translator): every occurrence the engine counts."""
        tokens = self.tokens_for(document.language)
        found = in_paragraphs(as_paragraphs(heading_parts(document)), tokens) if headings else []
        found += in_paragraphs(document.paragraphs, tokens)
        for text in document.texts.all():
            tokens = self.tokens_for(text.language)
            if headings:
                found += in_paragraphs(as_paragraphs(text_heading_parts(text)), tokens, text.language)
            found += in_paragraphs(text.paragraphs, tokens, text.language)
        return found

    def find_in(self, document, text=None):
        """Return every occurrence of the query's phrases and words in ``document``'s paragraphs (or in
        those of its other ``text`` being read), words matched as the search engine matches them."""
        phrases, words = self.parsed.phrases()
        shown = text or document
        analysis = self.engine.analysis_for(shown.language)
        highlights = highlight_spans(shown.paragraphs, phrases, words, analysis, self.case_sensitive)
        return DocumentFind(
            snippets=find_snippets(shown.paragraphs, phrases, words, analysis, self.case_sensitive, limit=None),
            highlights=highlights,
            occurrences=sum(len(spans) for spans in highlights.values()),
            notices=self.parsed.notices,
        )

    def snippets(self, document):
        """Return the ``Snippet``s where ``document`` matched, as a hit of this search shows them: its
        main text's, then its other texts' (none for a search by filters alone)."""
        phrases, words = self.parsed.phrases()
        return document_snippets(document, phrases, words, self.engine.analysis_for, self.case_sensitive,
                                 headings_of(document))

    def tokens_for(self, language):
        if language not in self.tokens_by_language:
            phrases, words = self.parsed.phrases()
            self.tokens_by_language[language] = QueryTokens.of(
                phrases, words, self.case_sensitive, self.engine.analysis_for(language))
        return self.tokens_by_language[language]

    def run(self, query):
        if query is None:
            return EngineResult([], 0)
        with engine_errors_reported(self.using):
            return self.engine.search(query)

    def run_counting(self, query):
        with engine_errors_reported(self.using):
            return self.engine.occurrences(query)


def headings_of(document):
    """Return ``(language, parts)`` of the headings of each of ``document``'s texts, the main text's first."""
    return [(document.language, heading_parts(document)),
            *((text.language, text_heading_parts(text)) for text in document.texts.all())]


def in_paragraphs(paragraphs, tokens, language=""):
    found = []
    for position, paragraph in enumerate(paragraphs):
        if tokens.phrases and not tokens.best_possible_rank(position, paragraph["text"]):
            continue
        match = tokens.match(position, paragraph)
        if match:
            spans = sorted(set(match.phrase_spans + match.word_spans))
            found += [Occurrence(paragraph["anchor"], paragraph["text"], start, end, language) for start, end in spans]
    return found


def published_in_order(ids):
    """Return the published documents with these ids, in this order (skipping any gone since), with
    the paragraphs of their other texts."""
    by_id = Document.objects.published().with_listing_data().with_other_texts().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def engine_query(parsed, filters, case_sensitive, sort, analyses=None, **slice_and_facets):
    """Return the ``EngineQuery`` for a parsed query and its filters, or None when no document can
    match (a filter value no slug, code or year looks like: its notice says so). ``analyses``: those
    unquoted words are matched in (None: the archive's)."""
    values = {}
    for name, index_field in VALUE_FILTERS.items():
        if (value := filters.get(name)) is None or value == "":
            continue
        if not FILTER_VALUE.fullmatch(str(value)) or (name == "year" and not is_year(value)):
            return None
        values[index_field] = int(value) if name == "year" else str(value)
    return EngineQuery(tree=parsed.tree, case_sensitive=case_sensitive, values=values,
                       analyses=analyses or archive_analyses(),
                       date_from=filters.get("date_from"), date_to=filters.get("date_to"),
                       newest_first=SORTS.get(sort), **slice_and_facets)


def archive_analyses():
    """Return the analyses whose words fields unquoted words are matched in: those of every language
    the archive's published texts are in, whatever ``lang:`` names. A document matches in any of its
    texts, so a document with a Chinese text is found by an English word its English text holds, with
    or without ``lang:zh`` (and the "Has a text in" facet counts what its filter finds)."""
    return tuple(cached_until_index_changes("archive-analyses", analyses_in_archive))


def analyses_in_archive():
    present = {ENGLISH, *map(analysis_of, Document.objects.published_languages())}
    return [analysis for analysis in ANALYSES if analysis in present]
