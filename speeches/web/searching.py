"""The one corridor every search surface takes: request -> criteria -> search -> response, or the
surface's own answer when the request is not a search, asks for nothing, or the engine fails (503);
and the one reading of a page number, and of a query string to link from.

The page, the timeline, the concordance, the export, the search feed and the API's lists each give
``answer_search`` (the timeline ``answer_comparison``, for up to five queries) a ``SearchSurface``
(how they say those things: a page, JSON, a 404) and what they do with the ``PreparedSearch``. The
search budget (429) is counted before, by ``speeches.limits``: ``limit_searches`` on pages, a
throttle on the API, the feed's own check.
"""
import re

from django.shortcuts import render

from speeches.search import ComparisonForm, DocumentSearchForm, SearchUnavailable, one_index_version, prepare

UNAVAILABLE_TEMPLATE = "speeches/search_unavailable.html"
PAGE_SIZE = 20  # documents to a page: search results, listings, passages said elsewhere
# ASCII digits only: str.isdigit() also accepts "²" and "١", which int() refuses or reads as 1. Any
# page past the last is a page number (a 404 under /api/); beyond 100 digits it is no number at all.
PAGE_NUMBER = re.compile(r"[0-9]{1,100}")


class SearchSurface:
    """How one surface answers a request it cannot search."""

    # A request of neither query nor filter is answered by ``empty``, or, when True, is a search of
    # every published document (the API's timeline and export of the whole archive).
    empty_is_everything = False

    def invalid(self, request, form):
        """Answer parameters that are not search criteria (``form`` holds the errors)."""
        raise NotImplementedError

    def empty(self, request, form):
        """Answer criteria that ask for nothing (no query, no filter)."""
        raise NotImplementedError

    def unavailable(self, request, form):
        """Answer a search the engine could not run."""
        raise NotImplementedError


class PageSurface(SearchSurface):
    """An HTML page: its template with the form (400 when invalid, as it is when empty), and the
    "search unavailable" page (503)."""

    template = None

    def context(self, request, form):
        return {"form": form}

    def unavailable_context(self, request, form):
        return {}

    def invalid(self, request, form):
        return render(request, self.template, self.context(request, form), status=400)

    def empty(self, request, form):
        return render(request, self.template, self.context(request, form))

    def unavailable(self, request, form):
        return render(request, UNAVAILABLE_TEMPLATE, self.unavailable_context(request, form), status=503)


def answer_search(request, surface, respond, parameters=None):
    """Return ``respond(prepared search, form)`` for the search criteria of ``parameters`` (the
    request's query string unless given), reading the index's version once; else ``surface``'s answer."""
    form = DocumentSearchForm(request.GET if parameters is None else parameters)
    return answered(request, surface, form, lambda: respond(prepare(form.criteria()), form))


def answer_comparison(request, surface, respond, parameters=None):
    """Return ``respond([a prepared search per query], form)`` for the queries (``q=...&q=...``, up to
    ``MOST_COMPARED``) and filters of ``parameters``, as ``answer_search`` does for one query."""
    form = ComparisonForm(request.GET if parameters is None else parameters)
    return answered(request, surface, form,
                    lambda: respond([prepare(criteria) for criteria in form.compared_criteria()], form))


def answered(request, surface, form, search):
    """Return ``search()`` inside one reading of the index's version, or ``surface``'s answer to a form
    that is not valid, asks for nothing, or meets an engine that fails."""
    if not form.is_valid():
        return surface.invalid(request, form)
    if form.criteria().is_empty() and not surface.empty_is_everything:
        return surface.empty(request, form)
    try:
        with one_index_version():
            return search()
    except SearchUnavailable:
        return surface.unavailable(request, form)


def page_number(value):
    """Return the whole number from 1 up that a query string's page (or page size) holds, or None.

    The one reading of a page number for every page and the API: each then says what it does
    with None (page 1 and a notice, or a 400), never a 500.
    """
    text = value.strip() if isinstance(value, str) else str(value if value is not None else "")
    number = int(text) if PAGE_NUMBER.fullmatch(text) else 0
    return number or None


def query_string_without(request, *names):
    """Return the request's query string without the parameters ``names`` (for links to other views of it)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
