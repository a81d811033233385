"""The research pages: a query's timeline, its concordance, and exports of its result set.

Each takes the search page's parameters, so every filter applies and each is a URL to share.
"""
import csv
import io

from django.conf import settings
from django.shortcuts import render

from speeches.limits import export_wait, limit_searches, rate_limited_response
from speeches.search import LANGUAGE_FILTER_LABEL, DocumentSearchForm, facet_labels
from speeches.web.downloads import download, export_download
from speeches.web.searching import PageSurface, answer_search, page_number, query_string_without

from speeches.research.chart import DEFAULT_MEASURE, MEASURES, bar_chart
from speeches.research.concordance import DEFAULT_ORDER, MOST_LINES, ORDERS, build_concordance
from speeches.research.exports import FORMATS, MOST_EXPORTED, spreadsheet_safe
from speeches.research.timeline import TOP_GROUPS, build_timeline

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


class ResearchPage(PageSurface):
    """A research page: its form and the links to the other views of the same search."""

    def __init__(self, template):
        self.template = template

    def context(self, request, form):
        return {"form": form, "query": query_string_without(request, *VIEW_PARAMETERS),
                "header_query": request.GET.get("q", "")}


TIMELINE_PAGE = ResearchPage("speeches/timeline.html")
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


@limit_searches
def timeline(request):
    return answer_search(request, TIMELINE_PAGE, lambda prepared, form: timeline_response(request, prepared))


def timeline_response(request, prepared):
    found = build_timeline(prepared)
    if request.GET.get("format") == "csv":
        return csv_download(timeline_rows(found), "timeline.csv")
    default = DEFAULT_MEASURE if found.occurrences else "documents"  # filters alone count no words
    measure = request.GET.get("measure", default)
    measure = measure if measure in MEASURES else default
    return render(request, "speeches/timeline.html", {
        **research_context(request, prepared.criteria), "timeline": found,
        "chart": bar_chart(found.periods, measure),
        "measures": [(name, label) for name, (label, _, _) in MEASURES.items()],
        "top_groups": [(group, found.top.get(group, [])) for group in TOP_GROUPS],
        "notices": found.notices,
    })


def timeline_rows(found):
    yield TIMELINE_COLUMNS
    for period in found.periods:
        yield [period.label, period.documents, period.occurrences, period.archive_documents,
               period.archive_words, two_places(period.share), two_places(period.per_10k_words)]


def two_places(ratio):
    """Return ``ratio`` to two decimal places, or nothing for a period without documents."""
    return "" if ratio is None else f"{ratio:.2f}"


def csv_download(rows, filename):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheet_safe(value) for value in row] for row in rows)
    return download(buffer.getvalue(), "text/csv", filename)


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
               document.partial_date.iso if document.date else "", "; ".join(document.speaker_names),
               line.language or document.language, line.anchor, request.build_absolute_uri(line.url)]


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
