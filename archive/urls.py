from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from speeches.web.sitemaps import SITEMAPS
from speeches.limits import login_rate

admin.site.site_header = "Diplomatic Speech Archive: editors"
admin.site.site_title = "Archive editors"

urlpatterns = [
    # Logging in is rate limited per address against password guessing.
    path("admin/login/", ratelimit(key="ip", rate=login_rate, method="POST", block=True)(admin.site.login),
         name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/", include("speeches.api.urls")),
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("speeches.urls")),
]

handler400 = "speeches.web.error_pages.bad_request"
handler403 = "speeches.web.error_pages.permission_denied"
handler404 = "speeches.web.error_pages.page_not_found"
