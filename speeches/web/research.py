"""The research pages: a query's timeline, its concordance, and exports of its result set.

Each takes the search page's parameters, so every filter applies and each is a URL to share.
"""
import csv
import io

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from speeches.limits import export_wait, limit_searches, rate_limited_response
from speeches.search import LANGUAGE_FILTER_LABEL, MOST_COMPARED, ComparisonForm, DocumentSearchForm, facet_labels
from speeches.web.downloads import download, export_download
from speeches.web.searching import (
    PageSurface,
    answer_comparison,
    answer_search,
    page_number,
    query_string_without,
)

from speeches.research.chart import DEFAULT_MEASURE, MEASURES, bar_chart, line_chart
from speeches.research.concordance import DEFAULT_ORDER, MOST_LINES, ORDERS, build_concordance
from speeches.research.exports import FORMATS, MOST_EXPORTED, spreadsheet_list, spreadsheet_safe
from speeches.research.timeline import TOP_GROUPS, build_timelines, comparison_notices

# Parameters of one view, left out of the links to the others.
VIEW_PARAMETERS = ("format", "measure", "order", "page")
# Concordance lines per page, as corpus concordancers show them (COCA: 100): a frequent word's
# 500-line page took 350-600 ms at 10,000 documents, most of it reading and matching the ~150
# documents behind the lines; the CSV gives all 2,000 at once.
PAGE_LINES = 100
RATE_PERIODS = {"s": "a second", "m": "a minute", "h": "an hour", "d": "a day"}
# Filters naming a row of the catalogue, described only when a published document names it.
NAMED_FILTERS = ("speaker", "region", "venue", "event")
TIMELINE_COLUMNS = ["period", "documents", "occurrences", "archive_documents", "archive_words",
                    "share_percent", "per_10k_words"]
# The timeline form carries the search's filters (and the chart's measure) as they are while its
# queries change.
CARRIED_PARAMETERS = [name for name in ComparisonForm.base_fields if name != "q"] + ["measure"]


class ResearchPage(PageSurface):
    """A research page: its form and the links to the other views of the same search."""

    def __init__(self, template):
        self.template = template

    def context(self, request, form):
        return {"form": form, "query": query_string_without(request, *VIEW_PARAMETERS),
                "header_query": request.GET.get("q", "")}


class TimelinePage(ResearchPage):
    """The timeline page, whose form (its queries, up to ``MOST_COMPARED``) is shown whatever the answer."""

    def context(self, request, form):
        fields = timeline_form_context(request)
        return {**super().context(request, form), **fields, "header_query": fields["query_fields"][0]}

    def empty(self, request, form):
        if len(request.GET.getlist("q")) > 1:  # the form sent with every field empty: say so, not the page's hint
            form.add_error("q", "Type at least one query to draw its timeline.")
            return self.invalid(request, form)
        return super().empty(request, form)


TIMELINE_PAGE = TimelinePage("speeches/timeline.html")
CONCORDANCE_PAGE = ResearchPage("speeches/concordance.html")
EXPORT_PAGE = ResearchPage("speeches/export.html")


def filter_descriptions(criteria):
    """Return "Speaker: Xi Jinping"-like lines for the criteria's chosen filters.

    A speaker, region, venue or event the published documents do not name gets no line: its
    notice says there is no such one, whether it names nothing or only drafts.
    """
    lines = []
    for name, value in criteria.filters().items():
        if name in ("date_from", "date_to"):
            lines.append(f"{'From' if name == 'date_from' else 'To'} {value:%-d %B %Y}")
            continue
        label = facet_labels(name, [str(value)]).get(str(value))
        if label is None and name in NAMED_FILTERS:
            continue
        lines.append(f"{name.capitalize() if name != 'lang' else LANGUAGE_FILTER_LABEL}: {label or value}")
    return lines


def research_context(request, criteria):
    return {"criteria": criteria, "filters": filter_descriptions(criteria),
            "query": query_string_without(request, *VIEW_PARAMETERS), "header_query": request.GET.get("q", "")}


@require_safe
@limit_searches
def timeline(request):
    return answer_comparison(request, TIMELINE_PAGE, lambda prepared_searches, form: timeline_response(
        request, prepared_searches))


def timeline_response(request, prepared_searches):
    found = build_timelines(prepared_searches, top=len(prepared_searches) == 1)  # a comparison lists no names
    if len(found) > 1:
        return comparison_response(request, prepared_searches, found)
    [found] = found
    if request.GET.get("format") == "csv":
        return csv_download(timeline_rows(found), "timeline.csv")
    measure = chosen_measure(request, every_match_counts_words([found]))
    return render(request, "speeches/timeline.html", {
        **research_context(request, prepared_searches[0].criteria), **timeline_form_context(request),
        "timeline": found, "chart": bar_chart(found.periods, measure), "measures": measure_choices(),
        "top_groups": [(group, found.top.get(group, [])) for group in TOP_GROUPS],
        "notices": found.notices,
    })


def comparison_response(request, prepared_searches, timelines):
    """Answer queries compared: a line each on one chart, a column each in the table, and the CSV in
    long form (a row per query and period)."""
    queries = [prepared.criteria.q for prepared in prepared_searches]
    if request.GET.get("format") == "csv":
        return csv_download(comparison_rows(queries, timelines), "timeline-comparison.csv")
    measure = chosen_measure(request, every_match_counts_words(timelines))
    chart = line_chart([(query, timeline.periods) for query, timeline in zip(queries, timelines)], measure)
    return render(request, "speeches/timeline.html", {
        **research_context(request, prepared_searches[0].criteria), **timeline_form_context(request),
        "header_query": queries[0],
        "compared": list(zip(queries, timelines, chart.lines, single_queries(request, queries))),
        "chart": chart, "measures": measure_choices(), "granularity": timelines[0].granularity,
        "monthly": timelines[0].monthly,
        "any_match": any(timeline.documents for timeline in timelines),
        "figures": comparison_figures(timelines, measure), "notices": comparison_notices(queries, timelines),
    })


def chosen_measure(request, counts_words):
    default = DEFAULT_MEASURE if counts_words else "documents"  # filters alone count no words
    measure = request.GET.get("measure", default)
    return measure if measure in MEASURES else default


def every_match_counts_words(timelines):
    """Whether each compared query that matches documents counts words in them: one of filters alone
    (mentions:China) counts none, and per 10,000 words would draw it as a line of zeros."""
    matching = [timeline for timeline in timelines if timeline.documents]
    return bool(matching) and all(timeline.occurrences for timeline in matching)


def measure_choices():
    return [(name, label) for name, (label, _, _) in MEASURES.items()]


def timeline_form_context(request):
    """Return what the timeline's form shows: a field per query given (every one, past the most too,
    so that none is lost), empty ones up to ``MOST_COMPARED``, and the parameters it carries."""
    given = [query for query in request.GET.getlist("q") if query.strip()]
    return {"query_fields": given + [""] * (MOST_COMPARED - len(given)), "most_compared": MOST_COMPARED,
            "carried": [(name, value) for name in CARRIED_PARAMETERS for value in request.GET.getlist(name) if value]}


def single_queries(request, queries):
    """Return, for each query, the query string of its own timeline under the same filters."""
    params = request.GET.copy()
    for name in VIEW_PARAMETERS:
        params.pop(name, None)
    strings = []
    for query in queries:
        params.setlist("q", [query])
        strings.append(params.urlencode())
    return strings


def comparison_figures(timelines, measure):
    """Return a (period label, [each query's value of ``measure`` as written, a dash where there is
    nothing to divide by]) row per period."""
    _, written, attribute = MEASURES[measure]
    return [(periods[0].label, ["—" if (value := getattr(period, attribute)) is None else written.format(value)
                                for period in periods])
            for periods in zip(*(timeline.periods for timeline in timelines))]


def timeline_rows(found):
    yield TIMELINE_COLUMNS
    for period in found.periods:
        yield period_row(period)


def comparison_rows(queries, timelines):
    """Yield the CSV of queries compared in long form: the one query's columns after a ``query`` column."""
    yield ["query", *TIMELINE_COLUMNS]
    for query, timeline in zip(queries, timelines):
        for period in timeline.periods:
            yield [query, *period_row(period)]


def period_row(period):
    return [period.label, period.documents, period.occurrences, period.archive_documents,
            period.archive_words, two_places(period.share), two_places(period.per_10k_words)]


def two_places(ratio):
    """Return ``ratio`` to two decimal places, or nothing for a period without documents."""
    return "" if ratio is None else f"{ratio:.2f}"


def csv_download(rows, filename):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return download(buffer.getvalue(), "text/csv", filename)


@require_safe
@limit_searches
def concordance(request):
    return answer_search(request, CONCORDANCE_PAGE, lambda prepared, form: concordance_response(request, prepared))


def concordance_response(request, prepared):
    order = request.GET.get("order", DEFAULT_ORDER)
    order = order if order in ORDERS else DEFAULT_ORDER
    as_csv = request.GET.get("format") == "csv"
    page = requested_page(request.GET.get("page"), MOST_LINES // PAGE_LINES)
    found = build_concordance(prepared, order, enough=MOST_LINES if as_csv else page * PAGE_LINES)
    if as_csv:
        return csv_download(concordance_rows(request, found), "concordance.csv")
    page = min(page, max(1, -(-len(found.lines) // PAGE_LINES)))  # past the last lines: the last page
    lines = found.lines[(page - 1) * PAGE_LINES:page * PAGE_LINES]
    return render(request, "speeches/concordance.html", {
        **research_context(request, prepared.criteria), "concordance": found, "orders": ORDERS.items(),
        "notices": found.notices, "lines": lines, "page": page,
        "page_lines": PAGE_LINES, "first_line": (page - 1) * PAGE_LINES + 1, "last_line": (page - 1) * PAGE_LINES + len(lines),
        "next_page": page + 1 if found.more or len(found.lines) > page * PAGE_LINES else None,
        "order_query": query_string_without(request, *VIEW_PARAMETERS) + f"&order={order}",
    })


def requested_page(value, last):
    """Return the page number asked for, 1 to ``last`` (1 for anything that is not a number)."""
    return min(page_number(value) or 1, last)


def concordance_rows(request, found):
    yield ["left", "match", "right", "document", "title", "date", "speakers", "language", "paragraph", "url"]
    for line in found.lines:
        document = line.document
        yield [line.left, line.match, line.right, document.public_id, document.title,
               document.partial_date.iso if document.date else "", spreadsheet_list(document.speaker_names),
               line.text_language, line.anchor, request.build_absolute_uri(line.url)]


@require_safe
def export(request):
    """Stream the documents of a search (at most ``MOST_EXPORTED``) in one of ``FORMATS``."""
    format = request.GET.get("format", "")
    if format not in FORMATS:
        form = DocumentSearchForm(request.GET)
        criteria = form.criteria() if form.is_valid() else None
        return render(request, "speeches/export.html", {
            **(research_context(request, criteria) if criteria else {}), "form": form,
            "query": query_string_without(request, "format"), "most": MOST_EXPORTED,
            "export_rate_limit": rate_in_words(settings.EXPORT_RATE_LIMIT), "unknown_format": format,
        }, status=400 if format or not form.is_valid() else 200)

    def respond(prepared, form):
        if (wait := export_wait(request)) is not None:
            return rate_limited_response(request, wait, what="exports")
        return export_download(request, prepared, format)

    return answer_search(request, EXPORT_PAGE, respond)


def rate_in_words(rate):
    """Return a django-ratelimit rate ("20/h") as a reader says it ("20 an hour")."""
    count, _, period = rate.partition("/")
    return f"{count} {RATE_PERIODS.get(period.lstrip('0123456789'), 'per ' + period)}"
