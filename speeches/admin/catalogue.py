"""The admin of the catalogue: people and organisations (with the offices people held), venues, regions
and countries."""
from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from speeches.importers.wikidata_items import KINDS, confirm_items, decode, plan_items
from speeches.lifecycle import merge_regions
from speeches.models import Country, Office, Person, Region, Venue
from speeches.names import written_name

from .forms import OfficeForm, RegionMergeForm, WikidataImportForm
from .permissions import PublishedRowsNeedPublisher
from .uploads import EXPIRED_UPLOAD, claimed_upload, discard_stale_uploads, store_upload
from .widgets import SafeAutocompleteMixin


class CatalogueAdmin(PublishedRowsNeedPublisher):
    """What the admins of people, venues, regions and countries share: the Wikidata item, found by
    search and shown as a link, and the CSV import of items (of every kind), reached from each list."""

    change_list_template = "admin/speeches/catalogue_change_list.html"

    @admin.display(description="Wikidata", ordering="wikidata")
    def wikidata_link(self, entry):
        return format_html('<a href="{}">{}</a>', entry.wikidata_url, entry.wikidata) if entry.wikidata else ""

    def get_search_fields(self, request):
        return [*super().get_search_fields(request), "=wikidata"]

    def get_search_results(self, request, queryset, search_term):
        """Django's search for the term as names are stored (``written_name``: "é" typed as "e" and an
        accent is "é"), and on SQLite, whose LIKE ignores the case of ASCII letters only, the entries
        whose name holds every word of it in any case ("лавров" finds "Сергей Лавров"): an editor who
        could not find a name in the list or a speaker's autocomplete would add it again."""
        search_term = written_name(search_term)
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.isascii() or connection.vendor != "sqlite":
            return found, may_have_duplicates
        words = search_term.casefold().split()
        named = [pk for pk, name in queryset.values_list("pk", "name") if all(word in name.casefold() for word in words)]
        return found | queryset.filter(pk__in=named), may_have_duplicates

    def get_urls(self):
        import_items = self.admin_site.admin_view(self.import_wikidata_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_wikidata_import"
        return [path("import-wikidata/", import_items, name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "may_import_wikidata": self.may_import_wikidata(request)})

    def may_import_wikidata(self, request):
        """Whether the user may change entries of some kind the import gives items to."""
        return any(self.admin_site.get_model_admin(model).has_change_permission(request) for model in KINDS.values())

    def refusal_to_change(self, request, entry):
        """Return why the user may not change ``entry``, of any kind of the catalogue; None if they may."""
        model_admin = self.admin_site.get_model_admin(type(entry))
        if not model_admin.has_change_permission(request):
            return f"You may not change {entry._meta.verbose_name_plural}: ask an administrator for the permission."
        if not model_admin.has_change_permission(request, entry):
            return f"“{entry}” appears on published pages: only a publisher may change it."
        return None

    def import_wikidata_view(self, request):
        """Upload a CSV file of Wikidata items, see every change it would make, then confirm it. The file
        waits on the server (``uploads``) between the two: the confirmation posts its name, not its text."""
        if not self.may_import_wikidata(request):
            raise PermissionDenied("Only editors and publishers change the catalogue.")
        discard_stale_uploads()
        if request.method == "POST" and "confirm" in request.POST:
            return self.confirm_wikidata_import(request)
        form = WikidataImportForm(request.POST or None, request.FILES or None)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = store_upload(form.cleaned_data["file"], request.user)
            plan = plan_items(decode(upload.read_bytes()), partial(self.refusal_to_change, request))
            if not plan.can_apply:
                upload.unlink()  # nothing to confirm
            context.update(plan=plan, upload=upload.name)
        return self.render_wikidata_import(request, context)

    def confirm_wikidata_import(self, request):
        with claimed_upload(request.POST.get("upload", ""), request.user) as upload:
            if upload is None:
                messages.error(request, EXPIRED_UPLOAD)
                return redirect(request.path)
            plan = confirm_items(decode(upload.read_bytes()), partial(self.refusal_to_change, request),
                                 seen=request.POST.get("seen", ""))
        if plan.problems:
            return self.render_wikidata_import(request, {"plan": plan}, status=409)
        messages.success(request, f"{len(plan.changes)} Wikidata item(s) saved.")
        return redirect(request.path)

    def render_wikidata_import(self, request, context, status=200):
        return render(request, "admin/speeches/wikidata_import.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "title": "Import Wikidata items", **context,
        }, status=status)


class OfficeInline(SafeAutocompleteMixin, admin.TabularInline):
    """The offices a person held. A document credits its speaker with the one held on its date when the
    editor gives no role, and the person's page groups their documents by it."""

    model = Office
    form = OfficeForm
    fk_name = "person"
    extra = 1
    autocomplete_fields = ["organisation", "country"]
    verbose_name_plural = "offices held (a credit left without a role takes the one held on its document's date)"


@admin.register(Person)
class PersonAdmin(CatalogueAdmin, SimpleHistoryAdmin):
    inlines = [OfficeInline]
    list_display = ["name", "cited_as", "description", "wikidata_link", "slug"]
    list_filter = ["name_form"]
    search_fields = ["name", "description", "family_name", "given_name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "wikidata"]}),
        ("Name in citations", {
            "fields": ["name_form", "family_name", "given_name"],
            "description": "Reference managers need the family name apart from the given name "
                           "(“Xi, Jinping”), and an organisation’s name kept whole (“CGTN”).",
        }),
    ]

    @admin.display(description="Cited as")
    def cited_as(self, person):
        return person.cited_name.inverted()

    def save_related(self, request, form, formsets, change):
        """Save the offices, then let the person's credits follow them (the office held on each document's
        date, and the role left to it); say how many changed."""
        super().save_related(request, form, formsets, change)
        if changed := form.instance.follow_offices():
            messages.info(request, f"The office (or the role left to it) of {changed} credit(s) on documents "
                                   "changed with these offices.")

    def save_model(self, request, obj, form, change):
        guessed = not obj.name_form
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data and not {"family_name", "given_name"} & set(form.changed_data):
            messages.warning(request, format_html(
                "The name is now “{}”, but citations still write “{}”: if the name in citations changed too, "
                "<a href=\"{}\">correct it</a>.",
                obj.name, obj.cited_name.inverted(), reverse("admin:speeches_person_change", args=[obj.pk])))
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
class VenueAdmin(CatalogueAdmin, SimpleHistoryAdmin):
    list_display = ["name", "city", "country", "wikidata_link"]
    list_filter = ["country"]
    search_fields = ["name", "city", "country"]


@admin.register(Region)
class RegionAdmin(CatalogueAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "wikidata_link", "document_count"]
    search_fields = ["name"]
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
class CountryAdmin(CatalogueAdmin, admin.ModelAdmin):
    list_display = ["name", "wikidata_link"]
    search_fields = ["name"]
