from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from speeches.sitemaps import SITEMAPS

admin.site.site_header = "Diplomatic Speech Archive: editors"
admin.site.site_title = "Archive editors"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("speeches.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("speeches.urls")),
]

handler400 = "speeches.views.bad_request"
handler404 = "speeches.views.page_not_found"
