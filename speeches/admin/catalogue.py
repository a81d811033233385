"""The admin of the catalogue: people and organisations, venues, regions and countries."""
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from speeches.lifecycle import merge_regions
from speeches.models import Country, Person, Region, Venue

from .forms import RegionMergeForm
from .permissions import PublishedRowsNeedPublisher


@admin.register(Person)
class PersonAdmin(PublishedRowsNeedPublisher, SimpleHistoryAdmin):
    list_display = ["name", "cited_as", "description", "slug"]
    list_filter = ["name_form"]
    search_fields = ["name", "description", "family_name", "given_name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description"]}),
        ("Name in citations", {
            "fields": ["name_form", "family_name", "given_name"],
            "description": "Reference managers need the family name apart from the given name "
                           "(“Xi, Jinping”), and an organisation’s name kept whole (“CGTN”).",
        }),
    ]

    @admin.display(description="Cited as")
    def cited_as(self, person):
        return person.cited_name.inverted()

    def save_model(self, request, obj, form, change):
        guessed = not obj.name_form
        super().save_model(request, obj, form, change)
        if guessed:
            messages.warning(request, format_html(
                "Citations will write “{}” as “{}”, guessed from the name ({}). If that is wrong, "
                "<a href=\"{}\">correct the name in citations</a>.",
                obj.name, obj.cited_name.inverted(), obj.NameForm(obj.name_form).label.split(" (")[0].lower(),
                reverse("admin:speeches_person_change", args=[obj.pk]),
            ))
        for other in obj.similar_people():
            url = reverse("admin:speeches_person_change", args=[other.pk])
            messages.warning(request, format_html(
                "“{}” looks like “<a href=\"{}\">{}</a>”{}, already in the archive. If they are the same "
                "person, credit the existing one and delete this one.",
                obj.name, url, other.name, f" ({other.description})" if other.description else "",
            ))


@admin.register(Venue)
class VenueAdmin(PublishedRowsNeedPublisher, SimpleHistoryAdmin):
    list_display = ["name", "city", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(PublishedRowsNeedPublisher, admin.ModelAdmin):
    list_display = ["name", "slug", "document_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_documents=models.Count("documents"))

    @admin.display(description="Documents", ordering="number_of_documents")
    def document_count(self, region):
        return region.number_of_documents

    @admin.action(description="Merge selected regions into one", permissions=["publish"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Select at least two regions to merge.", messages.WARNING)
            return None
        form = RegionMergeForm(request.POST if "confirm" in request.POST else None, regions=queryset)
        if form.is_valid():
            target = form.cleaned_data["into"]
            moved = merge_regions(target, queryset.exclude(pk=target.pk))
            self.message_user(request, f"Merged into “{target}”; {moved} document(s) moved.", messages.SUCCESS)
            return None
        return render(request, "admin/speeches/merge.html", {
            **self.admin_site.each_context(request), "form": form, "objects": queryset, "action": "merge",
            "opts": self.model._meta, "title": "Merge regions",
            "explanation": "These regions will become one. Their documents keep every other region; "
                           "the search index follows.",
        })


@admin.register(Country)
class CountryAdmin(PublishedRowsNeedPublisher, admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
