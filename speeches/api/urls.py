from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.include_root_view = False  # ApiRootView lists every operation, not only the router's
router.register("documents", views.DocumentViewSet, basename="document")
router.register("people", views.PersonViewSet, basename="person")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("regions", views.RegionViewSet, basename="region")

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("search/concordance/", views.ConcordanceView.as_view(), name="concordance"),
    path("search/export/", views.ExportView.as_view(), name="export"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI in our own page (a language, a main landmark, readable colours) with its start-up
    # script served from ?script instead of inline, so the page needs no exception to our CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html",
                                                      title="API reference · Diplomatic Speech Archive"),
         name="docs"),
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("", include(router.urls)),
    re_path(r"^.*$", views.unknown_address),  # last: any other address, by any method
]
