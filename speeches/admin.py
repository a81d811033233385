from django.contrib import admin, messages
from django.db import models

from .models import Country, Document, Person, Region, Speaker, Venue


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "status", "updated"]
    list_filter = ["status", "kind", "language", "regions"]
    search_fields = ["title", "subtitle", "event", "body", "speakers__person__name", "public_id"]
    date_hierarchy = "date"
    autocomplete_fields = ["venue", "regions", "countries"]
    inlines = [SpeakerInline]
    readonly_fields = ["public_id", "created", "updated"]
    actions = ["publish", "unpublish"]
    # A source URL pasted without a scheme is an https one (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "kind", "status", "public_id"]}),
        ("When and where", {"fields": ["date", "date_precision", "venue", "event"]}),
        ("Subjects", {"fields": ["regions", "countries"]}),
        ("Language and source", {"fields": [
            "language", "translation_note", "source_publisher", "source_url", "source_retrieved",
        ]}),
        ("Text", {"fields": ["body", "source_text"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    @admin.action(description="Publish selected documents", permissions=["change"])
    def publish(self, request, queryset):
        self.set_status(request, queryset, Document.Status.PUBLISHED)

    @admin.action(description="Unpublish selected documents (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Document.Status.DRAFT)

    def set_status(self, request, queryset, status):
        # Save one by one (not queryset.update) so each change reaches the search index.
        changed = 0
        for document in queryset.exclude(status=status):
            document.status = status
            document.save(update_fields=["status", "updated"])
            changed += 1
        self.message_user(request, f"{changed} document(s) marked {status}.", messages.SUCCESS)
