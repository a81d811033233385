from django.urls import converters, path, register_converter
from django.views.decorators.http import require_safe

from .models import SLUG
from .web import alerts, documents, feeds, listings, opendata, research, robots, search_page, sources


class SlugInAnyScript(converters.SlugConverter):
    """A catalogue row's slug: letters of any script, digits, hyphens ("xi-jinping", "сергей-лавров")."""

    regex = SLUG.pattern


register_converter(SlugInAnyScript, "name_slug")

app_name = "speeches"

urlpatterns = [
    path("", listings.HomeView.as_view(), name="home"),
    path("d/<str:public_id>/", documents.document_detail, name="document-short"),
    path("d/<str:public_id>/cite/<str:format>/", documents.document_citation, name="document-citation"),
    path("d/<str:public_id>/download/<str:format>/", documents.document_download, name="document-download"),
    path("d/<str:public_id>/passages/said-elsewhere/", documents.said_elsewhere, name="said-elsewhere"),
    path("d/<str:public_id>/<str:slug>/", documents.document_detail, name="document"),
    path("search/", search_page.search, name="search"),
    path("search/help/", search_page.search_help, name="search-help"),
    path("search/timeline/", research.timeline, name="timeline"),
    path("search/concordance/", research.concordance, name="concordance"),
    path("search/export/", research.export, name="export"),
    path("browse/", listings.browse, name="browse"),
    path("people/<name_slug:slug>/", listings.PersonDocumentsView.as_view(), name="person"),
    path("regions/<name_slug:slug>/", listings.RegionDocumentsView.as_view(), name="region"),
    path("countries/", listings.countries, name="countries"),
    path("countries/<name_slug:slug>/", listings.CountryDocumentsView.as_view(), name="country"),
    path("venues/<name_slug:slug>/", listings.VenueDocumentsView.as_view(), name="venue"),
    path("events/", listings.EventDocumentsView.as_view(), name="event"),
    path("kinds/<slug:kind>/", listings.KindDocumentsView.as_view(), name="kind"),
    path("years/<int:year>/", listings.YearDocumentsView.as_view(), name="year"),
    path("feeds/latest/", require_safe(feeds.LatestDocumentsFeed()), name="feed-latest"),
    path("feeds/people/<name_slug:slug>/", require_safe(feeds.PersonFeed()), name="feed-person"),
    path("feeds/regions/<name_slug:slug>/", require_safe(feeds.RegionFeed()), name="feed-region"),
    path("feeds/kinds/<slug:kind>/", require_safe(feeds.KindFeed()), name="feed-kind"),
    path("feeds/search/", require_safe(feeds.SearchFeed()), name="feed-search"),
    path("alerts/", alerts.subscribe, name="alert-subscribe"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alert-confirm"),
    path("alerts/manage/<str:token>/", alerts.manage, name="alert-manage"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alert-unsubscribe"),
    path("data/", opendata.data_page, name="data"),
    path("data/manifest.json", opendata.latest_manifest, name="data-manifest"),
    path("data/latest/<str:name>", opendata.latest_file, name="data-latest"),
    path("data/<str:version>/<str:name>", opendata.dump_file, name="data-file"),
    path("sources/<str:sha256>/pages/<int:number>", sources.source_page, name="source-page"),
    path("sources/<str:sha256>.<str:extension>", sources.source_file, name="source-file"),
    path("robots.txt", robots.robots_txt, name="robots"),
]
