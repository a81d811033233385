import difflib
import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from .editors import can_publish
from .forms import AlignmentForm, DocumentImportForm, DocumentMergeForm, RegionMergeForm
from .importers.formats import SUFFIXES
from .importers.importing import import_paths
from .importers.plaintext import clean_pasted_text
from .lifecycle import merge_documents, merge_regions
from .models import Country, Document, DocumentText, Person, Region, Speaker, Venue
from .rendering import MarkdownTooComplex, render_markdown

IMPORT_UPLOADS = Path(settings.DATA_DIR) / "imports"
# An upload waits this long for the editor to confirm its dry-run report, then it is deleted.
UPLOAD_LIFETIME_SECONDS = 24 * 60 * 60


class OnlyIdsSelected:
    """Autocomplete widgets look the selected values up as ids when a form is shown again; a crafted
    non-numeric or out-of-range value would crash that lookup, so such values are left out (the
    form's own validation has already reported them)."""

    def optgroups(self, name, value, attr=None):
        ids = [item for item in value if str(item).isdigit() and int(item) < 2**63]
        return super().optgroups(name, ids, attr)


class SafeAutocompleteSelect(OnlyIdsSelected, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(OnlyIdsSelected, AutocompleteSelectMultiple):
    pass


class IdsInRange:
    """Reject ids beyond a 64-bit integer before the database sees them (SQLite raises OverflowError,
    which Django's choice fields do not turn into a validation error)."""

    def clean(self, value):
        values = value if isinstance(value, (list, tuple)) else [value]
        if any(str(item).strip().lstrip("-").isdigit() and abs(int(item)) >= 2**63 for item in values if item):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": "?"})
        return super().clean(value)


class SafeModelChoiceField(IdsInRange, forms.ModelChoiceField):
    pass


class SafeModelMultipleChoiceField(IdsInRange, forms.ModelMultipleChoiceField):
    pass


class SafeAutocompleteMixin:
    """Use the fields and widgets above for every autocomplete field of an admin or inline."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs["form_class"] = SafeModelChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
            kwargs["form_class"] = SafeModelMultipleChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PublishedRowsNeedPublisher:
    """What published pages show is a publisher's to change or delete: an editor's rename, revert,
    merge or delete would change published pages unrecorded. The one place this rule lives: the
    change view, the delete view and actions ask ``has_change_permission``/``has_delete_permission``,
    and so, through ``history_form_view`` below, does a revert from the history."""

    def shown_on_published_pages(self, obj):
        return type(obj).objects.with_published_documents().filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user) and self.shown_on_published_pages(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not can_publish(request.user) and self.shown_on_published_pages(obj):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_history_permission(self, request, obj=None):
        """Whether ``obj``, a revision, may be reverted: a revert changes the row as it is now (a
        deleted row comes back, asked as an addition), not the revision shown."""
        current = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None else None
        if obj is not None and current is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Refuse a revert the change view would refuse. django-simple-history asks only whether the
        user may *view* the revision, then saves what is posted, so an editor's post retitled and
        unpublished published documents (https://github.com/jazzband/django-simple-history, admin.py)."""
        if request.method == "POST":
            revision = self.model.history.filter(
                **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id}).first()
            if revision is not None and not self.has_change_history_permission(request, revision.instance):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


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


class SpeakerInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Speaker
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role"]


class DocumentTextInline(admin.StackedInline):
    """The document's other texts: its original, translations and versions, each aligned paragraph
    by paragraph with the main text (in order, when both have as many paragraphs)."""

    model = DocumentText
    extra = 0
    verbose_name, verbose_name_plural = "text in another language or version", "texts in other languages"
    fields = ["language", "role", "title", "translator", "source_publisher", "source_url", "source_retrieved", "body",
              "alignment", "align_link"]
    readonly_fields = ["align_link"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Align side by side")
    def align_link(self, text):
        if not text.pk:
            return "Save the text first; then align its paragraphs with the main text's side by side."
        url = reverse("admin:speeches_document_align", args=[text.document_id, text.pk])
        return format_html('<a href="{}">Align paragraphs side by side</a> (merge, split, unlink)', url)


@admin.register(Document)
class DocumentAdmin(PublishedRowsNeedPublisher, SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "date", "status", "updated"]
    list_filter = ["status", "kind", "language", "regions"]
    search_fields = ["title", "subtitle", "event", "body", "speakers__person__name", "public_id", "external_id"]
    date_hierarchy = "date"
    autocomplete_fields = ["venue", "regions", "countries"]
    inlines = [SpeakerInline, DocumentTextInline]
    actions = ["publish", "unpublish", "merge"]
    history_list_display = ["changes"]
    # A source URL pasted without a scheme is an https one (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "kind", "status", "public_id"]}),
        ("When and where", {"fields": ["date", "date_precision", "venue", "event"]}),
        ("Subjects", {"fields": ["regions", "countries"]}),
        ("Language and source", {"fields": [
            "language", "text_role", "translation_note", "source_publisher", "source_url", "source_retrieved", "external_id",
        ]}),
        ("Text", {"fields": ["body", "source_text"],
                  "description": "The body is Markdown. Paste raw text, then “Clean pasted text” to turn "
                                 "PDF line breaks into paragraphs; every changed word is shown first."}),
        ("Record", {"fields": ["created", "updated", "published_at", "corrected_at"], "classes": ["collapse"]}),
    ]

    class Media:
        css = {"all": ["speeches/admin/document_editor.css"]}
        js = ["speeches/admin/document_editor.js"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["public_id", "created", "updated", "published_at", "corrected_at"]
        return readonly if can_publish(request.user) else [*readonly, "status"]

    def shown_on_published_pages(self, document):
        """Editors who may not publish work on drafts only; published documents are theirs to view."""
        return document.is_published

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            obj.status = Document.Status.DRAFT  # also when reverting to a published revision
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish selected documents", permissions=["publish"])
    def publish(self, request, queryset):
        self.set_status(request, queryset, Document.Status.PUBLISHED)

    @admin.action(description="Unpublish selected documents (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self.set_status(request, queryset, Document.Status.DRAFT)

    @admin.action(description="Merge selected duplicates into one", permissions=["publish"])
    def merge(self, request, queryset):
        if queryset.count() != 2:
            self.message_user(request, "Select exactly two documents: the one to keep and its duplicate.",
                              messages.WARNING)
            return None
        form = DocumentMergeForm(request.POST if "confirm" in request.POST else None, documents=queryset)
        if form.is_valid():
            survivor = form.cleaned_data["into"]
            absorbed = queryset.exclude(pk=survivor.pk).get()
            merge_documents(survivor, absorbed)
            self.message_user(request, f"“{absorbed}” was merged into “{survivor}”; its links now lead there.",
                              messages.SUCCESS)
            return None
        return render(request, "admin/speeches/merge.html", {
            **self.admin_site.each_context(request), "form": form, "objects": queryset, "action": "merge",
            "opts": self.model._meta, "title": "Merge duplicate documents",
            "explanation": "The document you keep stays as it is. The other is deleted, and every link to "
                           "it (its address and its paragraphs) redirects to the one you keep.",
        })

    def set_status(self, request, queryset, status):
        # Save one by one (not queryset.update) so each change reaches history and the search index.
        changed = 0
        for document in queryset.exclude(status=status):
            document.status = status
            document.save(update_fields=["status", "updated"])
            changed += 1
        self.message_user(request, f"{changed} document(s) marked {status}.", messages.SUCCESS)

    @admin.display(description="Changes")
    def changes(self, record):
        """Return what this revision changed from the one before: fields, and the body word by word."""
        previous = record.prev_record
        if previous is None:
            return "Created"
        delta = record.diff_against(previous, excluded_fields=["updated", "published_at", "corrected_at"])
        if not delta.changes:
            return "No change to the text or metadata"
        return format_html_join("", "<div class=\"history-change\"><strong>{}</strong>: {}</div>", (
            (change.field, word_diff_html(change.old, change.new)) for change in delta.changes
        ))

    def get_urls(self):
        own = [
            path("preview/", self.admin_site.admin_view(require_POST(self.preview_view)),
                 name="speeches_document_preview"),
            path("clean/", self.admin_site.admin_view(require_POST(self.clean_view)),
                 name="speeches_document_clean"),
            path("import/", self.admin_site.admin_view(self.import_view), name="speeches_document_import"),
            path("<int:document_id>/texts/<int:text_id>/align/", self.admin_site.admin_view(self.align_view),
                 name="speeches_document_align"),
        ]
        return own + super().get_urls()

    def require_editing(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied

    def preview_view(self, request):
        """Render a Markdown body with the public page's own code, for the editor's live preview."""
        self.require_editing(request)
        try:
            rendered = render_markdown(request.POST.get("body", ""))
        except MarkdownTooComplex as error:
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse({"html": rendered.html, "paragraphs": len(rendered.paragraphs)})

    def clean_view(self, request):
        """Clean pasted text; return the Markdown and every word the cleaning changed, to show first."""
        self.require_editing(request)
        cleaned = clean_pasted_text(request.POST.get("text", ""))
        return JsonResponse({
            "markdown": cleaned.markdown,
            "paragraphs": len(cleaned.paragraphs),
            "changes": [vars(change) for change in cleaned.changes],
        })

    def align_view(self, request, document_id, text_id):
        """Align another text's paragraphs with the main text's, both side by side."""
        text = DocumentText.objects.select_related("document").filter(pk=text_id, document_id=document_id).first()
        if text is None:
            raise Http404("No such text of that document.")
        if not self.has_change_permission(request, text.document):
            raise PermissionDenied
        form = AlignmentForm(text, request.POST if request.method == "POST" else None)  # all unlinked posts nothing
        if request.method == "POST" and form.is_valid():
            text.alignment = form.alignment()
            text.save()
            messages.success(request, f"The alignment of the {text} was saved.")
            return redirect("admin:speeches_document_change", document_id)
        rows, shown = [], set()
        for main, aligned in text.aligned_rows():  # a paragraph aligned with several is shown by the first
            rows.append((main, [form[paragraph["anchor"]] for paragraph in aligned if paragraph["anchor"] not in shown]))
            shown.update(paragraph["anchor"] for paragraph in aligned)
        return render(request, "admin/speeches/document/align.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "document": text.document,
            "text": text, "form": form, "rows": rows, "title": f"Align the {text} with the main text"})

    def import_view(self, request):
        """Upload a file, see the dry-run report, then confirm the import."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        discard_stale_uploads()
        form = DocumentImportForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": "Import documents", "suffixes": ", ".join(sorted(SUFFIXES)), "media": self.media}
        allow_publish = can_publish(request.user)
        if request.method == "POST" and "confirm" in request.POST:
            upload = uploaded_path(request.POST.get("upload", ""))
            if upload is None:
                messages.error(request, "That upload has expired; please upload the file again.")
                return redirect("admin:speeches_document_import")
            report = import_paths([upload], allow_publish=allow_publish)
            upload.unlink(missing_ok=True)
            show_file_name(report, upload, request.POST.get("filename", ""))
            messages.success(request, report.summary())
            return render(request, "admin/speeches/document/import.html", {**context, "report": report})
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            upload = store_upload(uploaded)
            report = import_paths([upload], dry_run=True, allow_publish=allow_publish)
            show_file_name(report, upload, uploaded.name)
            context.update(report=report, upload=upload.name, filename=Path(uploaded.name).name)
        return render(request, "admin/speeches/document/import.html", context)


def store_upload(uploaded):
    """Keep an uploaded import file under the data folder, under a name of our own (never the user's)."""
    IMPORT_UPLOADS.mkdir(parents=True, exist_ok=True)
    target = IMPORT_UPLOADS / f"{uuid.uuid4().hex}{Path(uploaded.name).suffix.lower()[:8]}"
    with target.open("wb") as stream:
        for chunk in uploaded.chunks():
            stream.write(chunk)
    return target


def discard_stale_uploads():
    """Delete uploads whose dry-run report was never confirmed (the editor went elsewhere)."""
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for upload in IMPORT_UPLOADS.glob("*"):
        if upload.is_file() and upload.stat().st_mtime < cutoff:
            upload.unlink(missing_ok=True)


def show_file_name(report, upload, filename):
    """Report locations with the name the editor uploaded, not the stored file's."""
    for outcome in report.outcomes:
        outcome.location = outcome.location.replace(str(upload), Path(filename).name or "upload")


def uploaded_path(name):
    """Return the stored upload called ``name``, or None: names come back from the browser, so only
    a bare file name of our own making is accepted."""
    candidate = IMPORT_UPLOADS / Path(name).name
    if not name or Path(name).name != name or not candidate.is_file():
        return None
    return candidate


def word_diff_html(old, new):
    """Return HTML showing words removed (<del>) and added (<ins>) between two values."""
    old_words, new_words = str(old or "").split(), str(new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            same = old_words[a0:a1]
            shown = same if len(same) <= 12 else same[:5] + ["…"] + same[-5:]
            parts.append(format_html("{} ", " ".join(shown)))
            continue
        if a1 > a0:
            parts.append(format_html("<del>{}</del> ", " ".join(old_words[a0:a1])))
        if b1 > b0:
            parts.append(format_html("<ins>{}</ins> ", " ".join(new_words[b0:b1])))
    return format_html_join("", "{}", ((part,) for part in parts))
