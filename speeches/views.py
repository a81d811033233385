from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import ListView, TemplateView

from .citations import bibliographic_formats, csl, embedded
from .errors import error_response
from .limits import limit_searches, rate_limited_response, search_wait
from .forms import LANGUAGE_FILTER_CHOICES, DocumentSearchForm
from .importers.document_files import markdown_file_text, plain_text
from .models import Document, Person, Region, RetiredDocument, Venue
from .reading import readable_paragraphs, side_by_side_rows, with_paragraph_tools
from .research.recurrences import (
    Recurrence,
    marked_body,
    paragraph_others,
    paragraph_recurrences,
    passage_summaries,
    passage_with_others,
    passages_with_others,
)
from .search import SearchCriteria, cached_until_index_changes, general_code, prepare
from .web.downloads import download
from .web.searching import PageSurface, answer_search, page_number, query_string_without

PAGE_SIZE = 20
MAX_FIND_LENGTH = 1000


class HomeView(TemplateView):
    template_name = "speeches/home.html"

    def get_context_data(self, **kwargs):
        published = Document.objects.published()
        return super().get_context_data(
            latest_documents=published.with_listing_data().chronological()[:8],
            document_count=published.count(),
            regions=Region.objects.with_published_documents(),
            kinds=kinds_with_counts(),
            form=DocumentSearchForm(),
            **kwargs,
        )


def document_detail(request, public_id, slug=None):
    document = Document.objects.published().with_index_data().filter(public_id=public_id).first()
    if document is None:
        return retired_document(request, public_id)
    if slug != document.slug:
        url = document.get_absolute_url()
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return redirect(url, permanent=True)
    previous, following = document.neighbours()
    find_query = request.GET.get("find", "")[:MAX_FIND_LENGTH]
    # A search result's link brings its query as ?hl= to mark it; "find in this document" also lists it.
    marked_query = find_query or request.GET.get("hl", "")[:MAX_FIND_LENGTH]
    if marked_query.strip() and (wait := search_wait(request)) is not None:
        return rate_limited_response(request, wait)
    shown_text = chosen_text(request, document)
    cited_paragraph = paragraph_anchor(shown_text or document, request.GET.get("cite"))
    item = citation_item(request, document, cited_paragraph, shown_text)
    document_url = request.build_absolute_uri(document.get_absolute_url())
    recurrences = [] if shown_text else paragraph_recurrences(document)
    if shown_text:
        body_html = with_paragraph_tools(shown_text.body_html, shown_text.language)
    else:
        listing_url = reverse("speeches:said-elsewhere", args=[document.public_id])
        body_html = with_paragraph_tools(marked_body(document.body_html, recurrences.anchors),
                                         recurring=recurrences.places(listing_url))
    return render(request, "speeches/document_detail.html", {
        "body_html": body_html,
        "texts": list(document.texts.all()),
        "shown_text": shown_text,
        "shown_title": shown_text.title if shown_text and shown_text.title else document.title,
        "shown_paragraphs": readable_paragraphs((shown_text or document).paragraphs),
        "side_by_side": side_by_side_rows(shown_text) if shown_text and request.GET.get("view") == "side-by-side" else None,
        "recurrences": recurrences,
        "document": document,
        "previous": previous,
        "following": following,
        "cited_paragraph": cited_paragraph,
        "cited_url": item["URL"],
        "citation_query": citation_query(cited_paragraph, shown_text),
        "document_url": document_url,
        "citations": csl.formatted_citations(item),
        "citation_meta_tags": embedded.citation_meta_tags(document, item["URL"].partition("#")[0], shown_text),
        "schema_org": embedded.schema_org(document, document_url),
        "find_query": find_query,
        "found": prepare(SearchCriteria(q=marked_query)).find_in(document, shown_text) if marked_query.strip() else None,
    })


def said_elsewhere(request, public_id):
    """A document's passages said elsewhere, a page at a time (the document's page shows the first);
    with ``?p=``, every other document holding that paragraph's passage."""
    document, gone = published_document_or_gone(request, public_id)
    if gone:
        return gone
    summaries = passage_summaries(document)
    anchor = request.GET.get("p")
    summary = next((summary for summary in summaries if anchor in summary["anchors"]), None)
    context = {"document": document, "document_path": document.get_absolute_url()}
    if summary is None:
        page = Paginator(summaries, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(passages=passages_with_others(document, page.object_list), page_obj=page)
    else:
        page = Paginator(paragraph_others(document, summary), PAGE_SIZE).get_page(request.GET.get("page"))
        others = [Recurrence(record) for record in page.object_list]
        context.update(recurring=passage_with_others(document, summary, others), page_obj=page,
                       others_start=page.start_index(), query=f"p={summary['anchors'][0]}")
    return render(request, "speeches/document_said_elsewhere.html", context)


def paragraph_anchor(text, anchor):
    """Return ``anchor`` if it names one of the paragraphs of ``text`` (a document's main text or one
    of its other texts), else None."""
    anchors = {paragraph["anchor"] for paragraph in text.paragraphs}
    return anchor if anchor in anchors else None


def citation_query(paragraph, text):
    """Return the query string (or "") by which a citation download cites the same text and paragraph."""
    params = {"p": paragraph or "", "lang": text.language if text else ""}
    return "?" + urlencode({name: value for name, value in params.items() if value}) if any(params.values()) else ""


def citation_item(request, document, paragraph=None, text=None):
    return csl.csl_item(document, request.build_absolute_uri(document.get_absolute_url()), paragraph=paragraph,
                        text=text)


def chosen_text(request, document):
    """Return the document's text in the language ``?lang=`` names ("zh-hans", or just "zh"), or
    None for its main text."""
    wanted = request.GET.get("lang", "")
    texts = document.texts.all()
    return (next((text for text in texts if text.language == wanted), None)
            or next((text for text in texts if general_code(text.language) == wanted), None))


def published_document_or_gone(request, public_id):
    """Return ``(document, None)``, or ``(None, response)`` for a retired or unknown document."""
    document = Document.objects.published().with_index_data().filter(public_id=public_id).first()
    return (document, None) if document else (None, retired_document(request, public_id))


CITATION_DOWNLOADS = {
    "bibtex": ("bib", "application/x-bibtex"),
    "ris": ("ris", "application/x-research-info-systems"),
    "csl-json": ("json", "application/vnd.citationstyles.csl+json"),
}


def document_citation(request, public_id, format):
    """Download a document's (or, with ?p=p-n, a paragraph's) citation as BibTeX, RIS or CSL-JSON."""
    if format not in CITATION_DOWNLOADS:
        raise Http404("Citations come as bibtex, ris or csl-json.")
    document, gone = published_document_or_gone(request, public_id)
    if gone:
        return gone
    paragraph = request.GET.get("p")
    text = chosen_text(request, document)
    if paragraph and paragraph_anchor(text or document, paragraph) is None:
        raise Http404("This text has no such paragraph.")
    item = citation_item(request, document, paragraph, text)
    body = {"bibtex": lambda: bibliographic_formats.bibtex(item, document.kind),
            "ris": lambda: bibliographic_formats.ris(item, document.kind),
            "csl-json": lambda: bibliographic_formats.csl_json(item)}[format]()
    extension, content_type = CITATION_DOWNLOADS[format]
    return download(body, content_type, f"{item['id']}.{extension}")


def document_download(request, public_id, format):
    """Download a document as plain text or as Markdown with its metadata as front matter."""
    if format not in {"txt", "md"}:
        raise Http404("Documents download as txt or md.")
    document, gone = published_document_or_gone(request, public_id)
    if gone:
        return gone
    if format == "md":
        return download(markdown_file_text(document), "text/markdown", f"{document.public_id}.md")
    chicago = csl.chicago_citation(document, request.build_absolute_uri(document.get_absolute_url()))
    return download(plain_text(document, chicago), "text/plain", f"{document.public_id}.txt")


def retired_document(request, public_id):
    """Answer for a document that is no longer here: redirect to what absorbed it, or 410 Gone."""
    retired = get_object_or_404(RetiredDocument, public_id=public_id)
    if successor := retired.successor():
        return redirect(successor, permanent=True)
    return render(request, "speeches/document_gone.html", {"retired": retired}, status=410)


def rate_limited(request, exception):
    """Answer a client that sent too many requests too fast: 429 with a message, not an error."""
    return error_response(request, 429, "Too many requests from this address; wait a minute.", "429.html")


def login_rate(group, request):
    return settings.LOGIN_RATE_LIMIT


class SearchPageSurface(PageSurface):
    template = "speeches/search.html"

    def context(self, request, form):
        return {"form": form, **search_filter_choices()}

    unavailable_context = context


SEARCH_PAGE = SearchPageSurface()


@limit_searches
def search(request):
    def respond(prepared, form):
        requested_page = request.GET.get("page", "1")
        results = prepared.page(page_number(requested_page) or 1, PAGE_SIZE, facets=True)
        notices = results.notices
        if requested_page != str(results.page.number) and requested_page != "1":
            notices.append(f"There is no page “{requested_page[:20]}”; showing page {results.page.number}.")
        return render(request, "speeches/search.html", {
            **SEARCH_PAGE.context(request, form),
            "criteria": prepared.criteria,
            "page_obj": results.page,
            "hits": results.hits,
            "facets": results.facets,
            "notices": notices,
            "query": query_string_without(request, "page"),
        })

    return answer_search(request, SEARCH_PAGE, respond)


def search_filter_choices():
    """Return the speakers, regions and languages the search form offers: those with published
    documents. Every search page shows them; they are read again once the index changes."""
    return cached_until_index_changes("search-filter-choices", read_search_filter_choices)


def read_search_filter_choices():
    languages = set(map(general_code, Document.objects.published_languages()))
    return {
        "speakers": list(Person.objects.with_published_documents().values_list("slug", "name")),
        "regions": list(Region.objects.with_published_documents().values_list("slug", "name")),
        "languages": [(code, name) for code, name in LANGUAGE_FILTER_CHOICES if code in languages],
    }


def search_help(request):
    return render(request, "speeches/search_help.html", {"search_rate_limit": settings.SEARCH_RATE_LIMIT})


class DocumentListView(ListView):
    """A paginated, newest-first list of published documents under one heading."""

    paginate_by = PAGE_SIZE
    template_name = "speeches/document_list.html"
    context_object_name = "documents"

    # People, regions and venues have pages only once they have a published document: a page of a
    # speaker credited only on drafts would announce the draft.
    requires_documents = False

    def get_queryset(self):
        documents = self.filter_documents(Document.objects.published()).with_listing_data().chronological()
        if self.requires_documents and not documents.exists():
            raise Http404("Nothing published here yet.")
        return documents

    def filter_documents(self, documents):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading(), subject=self.subject(), feed_url=self.feed_url(),
            query=query_string_without(self.request, "page"), **kwargs,
        )

    def subject(self):
        return None

    def feed_url(self):
        return None


class PersonDocumentsView(DocumentListView):
    requires_documents = True
    template_name = "speeches/person_detail.html"

    def filter_documents(self, documents):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        return documents.by_speaker(self.person)

    def heading(self):
        return self.person.name

    def subject(self):
        return self.person

    def feed_url(self):
        return reverse("speeches:feed-person", args=[self.person.slug])


class RegionDocumentsView(DocumentListView):
    requires_documents = True
    def filter_documents(self, documents):
        self.region = get_object_or_404(Region, slug=self.kwargs["slug"])
        return documents.in_region(self.region)

    def heading(self):
        return f"Region: {self.region.name}"

    def feed_url(self):
        return reverse("speeches:feed-region", args=[self.region.slug])


class VenueDocumentsView(DocumentListView):
    requires_documents = True
    def filter_documents(self, documents):
        self.venue = get_object_or_404(Venue, slug=self.kwargs["slug"])
        return documents.at_venue(self.venue)

    def heading(self):
        return f"Venue: {self.venue}"


class KindDocumentsView(DocumentListView):
    def filter_documents(self, documents):
        kind = self.kwargs["kind"]
        if kind not in Document.Kind.values:
            raise Http404("No such kind of document.")
        self.kind_label = Document.Kind(kind).label
        return documents.of_kind(kind)

    def heading(self):
        return self.kind_label

    def feed_url(self):
        return reverse("speeches:feed-kind", args=[self.kwargs["kind"]])


class YearDocumentsView(DocumentListView):
    def filter_documents(self, documents):
        if not 1 <= self.kwargs["year"] <= 9999:  # a date's year; beyond it the database raises
            raise Http404("No such year.")
        return documents.in_year(self.kwargs["year"])

    def heading(self):
        return f"Year {self.kwargs['year']}"


def browse(request):
    published = Q(documents__status=Document.Status.PUBLISHED)
    return render(request, "speeches/browse.html", {
        "people": Person.objects.annotate(
            document_count=Count("speaking_roles__document", filter=Q(
                speaking_roles__document__status=Document.Status.PUBLISHED), distinct=True)
        ).filter(document_count__gt=0),
        "regions": Region.objects.annotate(document_count=Count("documents", filter=published))
        .filter(document_count__gt=0),
        "venues": Venue.objects.annotate(document_count=Count("documents", filter=published))
        .filter(document_count__gt=0),
        "kinds": kinds_with_counts(),
        "years": Document.objects.published().filter(date__isnull=False)
        .values_list("date__year", flat=True).order_by("-date__year").distinct(),
        "events": Document.objects.published_values("event"),
    })


def kinds_with_counts():
    counts = dict(Document.objects.published().order_by().values_list("kind").annotate(n=Count("pk")))
    return [(kind, label, counts[kind]) for kind, label in Document.Kind.choices if kind in counts]


def bad_request(request, exception=None):
    return error_response(request, 400, "The request could not be understood.", "400.html")


def page_not_found(request, exception=None):
    return error_response(request, 404, "Not found.", "404.html")


class EventDocumentsView(DocumentListView):
    def filter_documents(self, documents):
        self.event = self.request.GET.get("name", "").strip()
        if not self.event:
            raise Http404("No event named.")
        return documents.filter(event=self.event)

    def heading(self):
        return f"Event: {self.event}"


def robots_txt(request):
    """Let crawlers read documents and browse pages, not the endless space of search and feed URLs."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /feeds/search/",
        "Disallow: /d/*/cite/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
