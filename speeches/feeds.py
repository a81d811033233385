"""Atom feeds: the latest documents, a speaker's, a region's, a kind's, and any search's."""
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .forms import DocumentSearchForm
from .models import Document, Person, Region
from .search import search_documents

FEED_SIZE = 50


class LatestDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = "Diplomatic Speech Archive: latest documents"
    subtitle = "Speeches, remarks, articles and transcripts as they are added to the archive."

    def link(self):
        return reverse("speeches:home")

    def items(self):
        return self.documents()[:FEED_SIZE]

    def documents(self):
        return Document.objects.published().with_listing_data().order_by("-published_at", "-pk")

    def item_title(self, document):
        return document.title

    def item_description(self, document):
        speakers = ", ".join(document.speaker_names)
        opening = " ".join(paragraph["text"] for paragraph in document.paragraphs[:2])
        header = " · ".join(part for part in (speakers, document.date_display, document.get_kind_display()) if part)
        return f"{header}\n\n{opening[:600]}"

    def item_author_name(self, document):
        return ", ".join(document.speaker_names) or None

    def item_pubdate(self, document):
        return document.published_at or document.created

    def item_updateddate(self, document):
        return document.corrected_at or document.published_at or document.updated

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
        return f"Diplomatic Speech Archive: {Document.Kind(kind).label.lower()}s"

    def link(self, kind):
        return reverse("speeches:kind", args=[kind])

    def items(self, kind):
        return self.documents().of_kind(kind)[:FEED_SIZE]


class SearchFeed(LatestDocumentsFeed):
    """The newest documents matching a search: a researcher can follow a phrase."""

    def get_object(self, request):
        form = DocumentSearchForm(request.GET)
        if not form.is_valid() or form.criteria().is_empty():
            raise Http404("A search feed needs a valid search.")
        self.query_string = request.GET.urlencode()
        return form.criteria()

    def title(self, criteria):
        return f"Diplomatic Speech Archive: search for {criteria.q or 'filtered documents'}"

    def link(self, criteria):
        return reverse("speeches:search") + "?" + self.query_string

    def items(self, criteria):
        criteria.sort = "newest"
        results = search_documents(criteria).results[:FEED_SIZE]
        return [result.object for result in results if result.object is not None and result.object.is_published]
