"""Atom feeds: the latest documents, a speaker's, a region's, a kind's, and any search's.

Each entry is dated as the document is: ``published`` is the day it was given, when the day is known
(Atom dates are full timestamps), and ``dcterms:issued`` says the date as precisely as it is known
("2025"); ``updated`` is the document's last edit. Each entry names its authors (the speakers, else
the publisher), and the feed names the archive, as RFC 4287 asks of a feed whose entries may have none.
"""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.xmlutils import SimplerXMLGenerator

from speeches.citations.csl import ARCHIVE_NAME
from speeches.errors import error_response
from speeches.limits import rate_limited_response, search_wait
from speeches.models import Document, Person, Region
from .searching import SearchSurface, answer_search
from speeches.characters import NOT_IN_XML

FEED_SIZE = 50
DCTERMS = "http://purl.org/dc/terms/"


class FeedXMLGenerator(SimplerXMLGenerator):
    """Write each character XML 1.0 cannot carry as U+FFFD (``NOT_IN_XML``): Django's generator raises on
    a control character and writes U+FFFE as it is, so one stored before they were refused
    (``speeches.characters``) took down every feed listing its document. The stored text stays as it is,
    for an editor to correct."""

    def characters(self, content):
        super().characters(NOT_IN_XML.sub("\ufffd", content) if content else content)

    def startElement(self, name, attrs):
        shown = {key: NOT_IN_XML.sub("\ufffd", value) for key, value in (attrs or {}).items()}
        super().startElement(name, shown)


class DocumentAtomFeed(Atom1Feed):
    """Atom with one ``author`` element per author, the partial date as ``dcterms:issued``, and each
    entry in its document's language (``xml:lang``: a reader lays out Arabic right to left, chooses a
    Chinese or Japanese font), where the feed says English. The entry's category and the summary's line
    of speakers, date and kind stay in English under it: its title and opening are what a reader lays out."""

    def write(self, outfile, encoding):
        """Write the feed as ``Atom1Feed.write`` does, through ``FeedXMLGenerator``."""
        handler = FeedXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:dcterms": DCTERMS}

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item["issued"]:
            handler.addQuickElement("dcterms:issued", item["issued"])


class LatestDocumentsFeed(Feed):
    feed_type = DocumentAtomFeed
    title = "Diplomatic Speech Archive: latest documents"
    author_name = ARCHIVE_NAME
    subtitle = "Speeches, remarks, articles and transcripts as they are added to the archive."

    def link(self):
        return reverse("speeches:home")

    def items(self):
        return self.documents()[:FEED_SIZE]

    def documents(self):
        return Document.objects.published().with_listing_data().order_by("-published_at", "-pk")

    def item_title(self, document):
        return document.title

    def item_guid(self, document):
        """Return the entry's id, which Atom says never changes: the permanent address, not the page's
        (whose slug follows a corrected title, and a feed reader then shows the document as new)."""
        return settings.ARCHIVE_BASE_URL + document.permanent_path()

    def item_description(self, document):
        """Return the summary as HTML, which is how Atom's ``type="html"`` summary is read: the text
        escaped, so a name or paragraph written like a tag is shown as written, never run."""
        speakers = ", ".join(document.speaker_names)
        opening = " ".join(paragraph["text"] for paragraph in document.paragraphs[:2])
        header = " · ".join(part for part in (speakers, str(document.partial_date or ""), document.get_kind_display()) if part)
        return format_html("<p>{}</p><p>{}</p>", header, opening[:600])

    def item_extra_kwargs(self, document):
        return {"authors": [str(name) for name in document.cited_authors],
                "issued": document.partial_date.iso if document.date else "", "language": document.language}

    def item_pubdate(self, document):
        """Return when the document was given, if the day is known (Atom has no partial dates)."""
        if document.partial_date and document.partial_date.day:
            return datetime.datetime.combine(document.date, datetime.time(), tzinfo=datetime.UTC)
        return None

    def item_updateddate(self, document):
        return document.updated

    def item_categories(self, document):
        return [document.get_kind_display()]


class PersonFeed(LatestDocumentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.with_published_documents(), slug=slug)

    def title(self, person):
        return f"Diplomatic Speech Archive: {person.name}"

    def link(self, person):
        return person.get_absolute_url()

    def items(self, person):
        return self.documents().by_speaker(person)[:FEED_SIZE]


class RegionFeed(LatestDocumentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region.objects.with_published_documents(), slug=slug)

    def title(self, region):
        return f"Diplomatic Speech Archive: {region.name}"

    def link(self, region):
        return region.get_absolute_url()

    def items(self, region):
        return self.documents().in_region(region)[:FEED_SIZE]


class KindFeed(LatestDocumentsFeed):
    def get_object(self, request, kind):
        if kind not in Document.Kind.values:
            raise Http404("No such kind of document.")
        return kind

    def title(self, kind):
        return f"Diplomatic Speech Archive: {Document.Kind(kind).plural_label.lower()}"

    def link(self, kind):
        return reverse("speeches:kind", args=[kind])

    def items(self, kind):
        return self.documents().of_kind(kind)[:FEED_SIZE]


@dataclass(frozen=True)
class FollowedSearch:
    prepared: object  # a PreparedSearch (``speeches.search.prepare``)
    query_string: str

    @property
    def criteria(self):
        return self.prepared.criteria


class FeedSurface(SearchSurface):
    """A feed of a search that cannot run: a plain 400 saying what is wrong with its search, 404 for a
    search of nothing, a plain 503 when search is down."""

    def invalid(self, request, form):
        problems = " ".join(message for messages in form.errors.values() for message in messages)
        return error_response(request, 400, f"This feed's search cannot run: {problems}")

    def empty(self, request, form):
        raise Http404("A search feed needs a query or a filter.")

    def unavailable(self, request, form):
        return error_response(request, 503, "Search is unavailable right now: the search index could not "
                                            "be read. Try again in a few minutes.")


class SearchFeed(LatestDocumentsFeed):
    """The newest documents matching a search: a researcher can follow a phrase."""

    def __call__(self, request, *args, **kwargs):
        if (wait := search_wait(request)) is not None:
            return rate_limited_response(request, wait)
        # One Feed instance serves every request: the search travels with the object, not on self.
        return answer_search(request, FeedSurface(), lambda prepared, form: super(SearchFeed, self).__call__(
            request, *args, followed=FollowedSearch(prepared, request.GET.urlencode()), **kwargs))

    def get_object(self, request, followed):
        return followed

    def feed_url(self, search):
        """Return this feed's own address, query included, for its ``rel="self"`` link."""
        return reverse("speeches:feed-search") + "?" + search.query_string

    def title(self, search):
        return f"Diplomatic Speech Archive: search for {search.criteria.q or 'filtered documents'}"

    def link(self, search):
        return reverse("speeches:search") + "?" + search.query_string

    def items(self, search):
        return search.prepared.page(1, FEED_SIZE, sort="newest").documents
