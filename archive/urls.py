from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Diplomatic Speech Archive: editors"
admin.site.site_title = "Archive editors"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("speeches.urls")),
]

handler400 = "speeches.views.bad_request"
handler404 = "speeches.views.page_not_found"
