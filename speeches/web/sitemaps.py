"""sitemap.xml: every published document and every browse page that lists one."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from speeches.models import Country, Document, Person, Region, Venue


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Document.objects.published().order_by("pk")

    def lastmod(self, document):
        return document.updated


class BrowseSitemap(Sitemap):
    """People, regions, countries and venues that have published documents."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return [
            *Person.objects.with_published_documents().order_by("pk"),
            *Region.objects.with_published_documents().order_by("pk"),
            *Country.objects.with_published_documents().order_by("pk"),
            *Venue.objects.with_published_documents().order_by("pk"),
        ]


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["speeches:home", "speeches:browse", "speeches:countries", "speeches:search-help"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"documents": DocumentSitemap, "browse": BrowseSitemap, "pages": StaticPagesSitemap}
