from django.urls import path

from . import feeds, views
from .research import views as research

app_name = "speeches"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("d/<str:public_id>/", views.document_detail, name="document-short"),
    path("d/<str:public_id>/cite/<str:format>/", views.document_citation, name="document-citation"),
    path("d/<str:public_id>/download/<str:format>/", views.document_download, name="document-download"),
    path("d/<str:public_id>/passages/said-elsewhere/", views.said_elsewhere, name="said-elsewhere"),
    path("d/<str:public_id>/<str:slug>/", views.document_detail, name="document"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    path("search/timeline/", research.timeline, name="timeline"),
    path("search/concordance/", research.concordance, name="concordance"),
    path("search/export/", research.export, name="export"),
    path("browse/", views.browse, name="browse"),
    path("people/<slug:slug>/", views.PersonDocumentsView.as_view(), name="person"),
    path("regions/<slug:slug>/", views.RegionDocumentsView.as_view(), name="region"),
    path("venues/<slug:slug>/", views.VenueDocumentsView.as_view(), name="venue"),
    path("events/", views.EventDocumentsView.as_view(), name="event"),
    path("kinds/<slug:kind>/", views.KindDocumentsView.as_view(), name="kind"),
    path("years/<int:year>/", views.YearDocumentsView.as_view(), name="year"),
    path("feeds/latest/", feeds.LatestDocumentsFeed(), name="feed-latest"),
    path("feeds/people/<slug:slug>/", feeds.PersonFeed(), name="feed-person"),
    path("feeds/regions/<slug:slug>/", feeds.RegionFeed(), name="feed-region"),
    path("feeds/kinds/<slug:kind>/", feeds.KindFeed(), name="feed-kind"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path("robots.txt", views.robots_txt, name="robots"),
]
