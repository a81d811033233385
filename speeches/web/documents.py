"""A document's pages: the document (in any of its texts), its passages said elsewhere, its citation
and its text as files, and the answer for a document no longer here (a redirect, or 410 Gone)."""
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from speeches.citations import bibliographic_formats, csl, embedded
from speeches.importers.document_files import markdown_file_text, plain_text
from speeches.limits import rate_limited_response, search_wait
from speeches.paragraph_ids import ANCHOR
from speeches.models import Document, RetiredDocument
from speeches.opendata.tei import document_tei
from speeches.reading import readable_paragraphs, side_by_side_rows, with_paragraph_tools
from speeches.research.recurrences import (
    Recurrence,
    marked_body,
    paragraph_others,
    paragraph_recurrences,
    passage_summaries,
    passage_with_others,
    passages_with_others,
)
from speeches.languages import UnknownLanguage, canonical_tag, language_name, matching_tag
from speeches.search import SearchCriteria, prepare

from .downloads import download
from .searching import PAGE_SIZE

MAX_FIND_LENGTH = 1000


@require_safe
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
    shown_text, language_notice = text_and_notice(request, document)
    read_text = shown_text or document  # the text whose paragraphs are shown: its language and direction
    cited_paragraph = paragraph_anchor(read_text, request.GET.get("cite"))
    item = citation_item(request, document, cited_paragraph, shown_text)
    document_url = request.build_absolute_uri(document.get_absolute_url())
    side_by_side = shown_text and request.GET.get("view") == "side-by-side"
    # Side by side, the anchors shown are the main text's, and so are the passages listed.
    recurrences = paragraph_recurrences(document if side_by_side else read_text)
    listing = said_elsewhere_listing(document, None if side_by_side else shown_text)
    body_html = with_paragraph_tools(marked_body(read_text.body_html, recurrences.anchors),
                                     shown_text.language if shown_text else "",
                                     recurring=recurrences.places(listing))
    titled = shown_text if shown_text and shown_text.title else document
    return render(request, "speeches/document_detail.html", {
        "body_html": body_html,
        "texts": list(document.texts.all()),
        "shown_text": shown_text,
        "read_text": read_text,
        "titled": titled,  # the text whose title heads the page
        "shown_paragraphs": readable_paragraphs(read_text.paragraphs),
        "side_by_side": side_by_side_rows(shown_text) if side_by_side else None,
        "recurrences": recurrences,
        "said_elsewhere_listing": listing,
        "document": document,
        "language_notice": language_notice,
        "previous": previous,
        "following": following,
        "cited_paragraph": cited_paragraph,
        "cite_notice": cite_notice(request.GET.get("cite", ""), cited_paragraph, read_text),
        "anchors_from": anchors_from(request, document, shown_text),
        "merged_anchors": (document if side_by_side else read_text).merged_anchors(),
        "cited_url": item["URL"],
        "citation_query": citation_query(cited_paragraph, shown_text),
        "document_url": document_url,
        "citations": csl.formatted_citations(item, document.cited_authors, pinpoint=bool(
            cited_paragraph and not shown_text and document.source_tie(cited_paragraph))),
        "citation_meta_tags": embedded.citation_meta_tags(document, item["URL"].partition("#")[0], shown_text),
        "schema_org": embedded.schema_org(document, document_url),
        "source_viewer": None if shown_text else source_viewer(document),
        "find_query": find_query,
        "found": prepare(SearchCriteria(q=marked_query)).find_in(document, shown_text) if marked_query.strip() else None,
    })


def source_viewer(document):
    """Return what the page shows of the document's sources beside its main text, or None if it has
    none: its sources, the page shown first, its first recording, and for each paragraph an editor tied
    to them, its page (image address, caption, the region it fills) and its time (``places``, read by the
    page's script)."""
    sources = list(document.sources.prefetch_related("pages"))
    if not sources:
        return None
    places = {}
    for tie in document.paragraph_ties.filter(confirmed=True).select_related("source").order_by("source__order"):
        place = places.setdefault(tie.anchor, {})
        if tie.page and "page" not in place:
            place["page"] = {"src": reverse("speeches:source-page", args=[tie.source.sha256, tie.page]),
                             "caption": f"{tie.place} of {tie.source}", "alt": f"Page {tie.page} of {tie.source}",
                             "region": tie.region}
        if tie.start is not None and "time" not in place:
            place["time"] = {"start": tie.start, "label": tie.place.removeprefix("at ")}
    paged = next((source for source in sources if source.pages.all()), None)
    return {"sources": sources, "places": places, "paged": paged, "first_page": paged.pages.all()[0] if paged else None,
            "recording": next((source for source in sources if source.is_recording), None)}


@require_safe
def said_elsewhere(request, public_id):
    """A document's passages said elsewhere (of its text ``?lang=`` names), a page at a time (the
    document's page shows the first); with ``?p=``, every other document holding that paragraph's passage."""
    document, gone = published_document_or_gone(request, public_id)
    if gone:
        return gone
    shown_text, _ = text_and_notice(request, document)
    read_text = shown_text or document
    summaries = passage_summaries(read_text)
    anchor = request.GET.get("p")
    summary = next((summary for summary in summaries if anchor in summary["anchors"]), None)
    query = text_query(shown_text)
    context = {"document": document, "shown_text": shown_text,
               "said_elsewhere_listing": said_elsewhere_listing(document, shown_text),
               "document_path": document.paragraph_url("", shown_text.language if shown_text else "")}
    if summary is None:
        page = Paginator(summaries, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(passages=passages_with_others(read_text, page.object_list), page_obj=page, query=query)
    else:
        page = Paginator(paragraph_others(read_text, summary), PAGE_SIZE).get_page(request.GET.get("page"))
        others = [Recurrence(record, summary) for record in page.object_list]
        context.update(recurring=passage_with_others(read_text, summary, others), page_obj=page,
                       others_start=page.start_index(),
                       query="&".join(filter(None, (query, f"p={summary['anchors'][0]}"))))
    return render(request, "speeches/document_said_elsewhere.html", context)


def said_elsewhere_listing(document, shown_text):
    """Return the address of the listing of the document's passages said elsewhere, of the text a page
    shows, open for one more parameter ("/d/<id>/passages/said-elsewhere/?lang=en&"): the one place the
    page, its paragraphs' marks and the listing's own links take it from."""
    query = text_query(shown_text)
    return reverse("speeches:said-elsewhere", args=[document.public_id]) + "?" + (f"{query}&" if query else "")


def text_query(shown_text):
    """Return the query naming the text a page shows ("lang=zh-Hans"), empty for the main text."""
    return urlencode({"lang": shown_text.language}) if shown_text else ""


def anchors_from(request, document, shown_text=None):
    """Return, for a page reached from a duplicate merged into ``document`` (``?from=``), where each of
    its paragraphs is here in the text shown ({"p-2": "p-5"}), or None."""
    merged = RetiredDocument.objects.filter(public_id=request.GET.get("from", "")[:12],
                                            successor_public_id=document.public_id).first()
    return merged.map_of(shown_text.language if shown_text else "") if merged else None


def cite_notice(asked, cited_paragraph, text):
    """Return what to tell a reader whose link cites a paragraph (``?cite=p-4``) ``text`` held once and no
    longer holds (nothing for an anchor it never gave)."""
    if cited_paragraph or not (anchor := ANCHOR.fullmatch(asked)) or int(anchor.group(1)) > text.last_paragraph_number:
        return ""
    return (f"The paragraph this link cites (¶ {asked[2:]}) is no longer in this document: it was removed when the "
            "text was corrected. The citation below is of the whole document.")


def paragraph_anchor(text, anchor):
    """Return the anchor of the paragraph of ``text`` (a document's main text or one of its other texts)
    that ``anchor`` leads to: itself, or the one it was merged into; else None."""
    return text.current_anchor(anchor) if anchor else None


def citation_query(paragraph, text):
    """Return the query string (or "") by which a citation download cites the same text and paragraph."""
    params = {"p": paragraph or "", "lang": text.language if text else ""}
    return "?" + urlencode({name: value for name, value in params.items() if value}) if any(params.values()) else ""


def citation_item(request, document, paragraph=None, text=None):
    return csl.csl_item(document, request.build_absolute_uri(document.permanent_path()), paragraph=paragraph,
                        text=text)


def chosen_text(request, document):
    """Return the document's text in the language ``?lang=`` names, or None for its main text."""
    return text_and_notice(request, document)[0]


def text_and_notice(request, document):
    """Return (the document's text in the language ``?lang=`` names, in any case or form: "zh-Hans",
    "zh-CN", "zh"; or None for the main text) and what to tell a reader whose ?lang= names none.

    A link naming a language the document lacks still shows the document, its main text, with the
    notice: the reader followed a link to this document, and the notice says why it is not in the
    language the link asked for (a 404 would hide the document for a wrong parameter).
    """
    wanted = request.GET.get("lang", "").strip()
    if not wanted:
        return None, ""
    texts = list(document.texts.all())
    try:
        # Its other texts first: a version in the main text's language ("as delivered") is linked by it.
        tag = matching_tag(wanted, [*(text.language for text in texts), document.language])
    except UnknownLanguage as error:
        return None, f"{error}: showing the document in {document.get_language_display()}."
    if tag is None:
        return None, (f"This document has no text in {language_name(canonical_tag(wanted))}: showing it in "
                      f"{document.get_language_display()}.")
    return next((text for text in texts if text.language == tag), None), ""


def published_document_or_gone(request, public_id):
    """Return ``(document, None)``, or ``(None, response)`` for a retired or unknown document."""
    document = Document.objects.published().with_index_data().filter(public_id=public_id).first()
    return (document, None) if document else (None, retired_document(request, public_id, same_resource=True))


CITATION_DOWNLOADS = {
    "bibtex": ("bib", "application/x-bibtex"),
    "ris": ("ris", "application/x-research-info-systems"),
    "csl-json": ("json", "application/vnd.citationstyles.csl+json"),
}


@require_safe
def document_citation(request, public_id, format):
    """Download a document's (or, with ?p=p-n, a paragraph's) citation as BibTeX, RIS or CSL-JSON."""
    if format not in CITATION_DOWNLOADS:
        raise Http404("Citations come as bibtex, ris or csl-json.")
    document, gone = published_document_or_gone(request, public_id)
    if gone:
        return gone
    paragraph = request.GET.get("p")
    text = chosen_text(request, document)
    if paragraph and (current := paragraph_anchor(text or document, paragraph)) != paragraph:
        if current is None:
            raise Http404("This text has no such paragraph.")
        # merged into another: not permanent, as a later edit may merge that one in turn
        return redirect(f"{request.path}{citation_query(current, text)}")
    item = citation_item(request, document, paragraph, text)
    body = {"bibtex": lambda: bibliographic_formats.bibtex(item, document.kind),
            "ris": lambda: bibliographic_formats.ris(item, document.kind),
            "csl-json": lambda: bibliographic_formats.csl_json(item)}[format]()
    extension, content_type = CITATION_DOWNLOADS[format]
    return download(body, content_type, f"{item['id']}.{extension}")


@require_safe
def document_download(request, public_id, format):
    """Download a document as plain text, as Markdown with its metadata as front matter (the text
    ``?lang=`` names, else its main text), or as TEI with all its texts."""
    if format not in {"txt", "md", "tei"}:
        raise Http404("Documents download as txt, md or tei.")
    document, gone = published_document_or_gone(request, public_id)
    if gone:
        return gone
    if format == "tei":
        return download(document_tei(document), "application/tei+xml", f"{document.public_id}.tei.xml")
    text = chosen_text(request, document)  # ?lang=: the text being read, else the main text
    name = f"{document.public_id}.{text.language}" if text else document.public_id
    if format == "md":
        return download(markdown_file_text(document, text), "text/markdown", f"{name}.md")
    chicago = csl.chicago_citation(document, request.build_absolute_uri(document.permanent_path()), text)
    return download(plain_text(document, chicago, text), "text/plain", f"{name}.txt")


# The query parameters that name a paragraph: the one a document's page cites, the one a citation is of.
PARAGRAPH_PARAMETERS = ("cite", "p")


def retired_document(request, public_id, same_resource=False):
    """Answer for a document that is no longer here: redirect to what absorbed it (``same_resource``: to
    the same citation, download or list of it, with its query), or 410 Gone."""
    retired = get_object_or_404(RetiredDocument, public_id=public_id)
    if successor := retired.successor():
        language = text_language_asked(request, successor)
        in_successor = retired.map_of(language) if retired.successor_public_id == successor.public_id and (
            language is not None) else {}
        query = paragraphs_named_there(request.GET.copy(), in_successor)
        if same_resource:
            match = request.resolver_match
            url = reverse(match.view_name, kwargs={**match.kwargs, "public_id": successor.public_id})
        else:  # its page says where a link to one of its paragraphs (#p-2, which a redirect keeps) leads
            url = successor.get_absolute_url()
            if any(anchor != there for anchor, there in in_successor.items()):
                query["from"] = retired.public_id
        return redirect(f"{url}?{query.urlencode()}" if query else url, permanent=True)
    return render(request, "speeches/document_gone.html", {"retired": retired}, status=410)


def text_language_asked(request, successor):
    """Return the language of the successor's other text a link's ``?lang=`` names, "" for its main text,
    None for a language it has no other text in (where the link's paragraph is there is not known)."""
    if not request.GET.get("lang", "").strip():
        return ""
    shown_text, notice = text_and_notice(request, successor)
    return shown_text.language if shown_text else (None if notice else "")


def paragraphs_named_there(query, in_successor):
    """Return ``query`` with each paragraph it names (a page's ``cite``, a citation's ``p``) named as it
    is in the document that absorbed it (``in_successor``: the anchors of the text the link is to); one
    found nowhere there is left out: the link leads to the document rather than to another paragraph."""
    for name in PARAGRAPH_PARAMETERS:
        if not query.get(name):
            continue
        if there := in_successor.get(query[name]):
            query[name] = there
        else:
            del query[name]
    return query
