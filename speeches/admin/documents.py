"""The admin of documents: their speakers and other texts, publishing, merging duplicates, the
history of their changes, and the editor's own views (live preview, cleaning pasted text, aligning
texts side by side, importing files)."""
from pathlib import Path

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from speeches.country_mentions import detect_countries, record_editor_countries
from speeches.dates import PartialDate
from speeches.alignment import LOW_CONFIDENCE
from speeches.importers.formats import SUFFIXES
from speeches.importers.importing import import_paths
from speeches.importers.plaintext import clean_body
from speeches.languages import language_name
from speeches.lifecycle import merge_documents
from speeches.models import Document, DocumentText, ReviewRequest, Speaker
from speeches.rendering import MarkdownTooComplex, WordsNotShown, check_words_shown, render_markdown
from speeches.review import (
    ReviewRefused,
    open_correction,
    published_without_review,
    start_correction,
    submit_for_review,
)

from .forms import AlignmentForm, DocumentForm, DocumentImportForm, DocumentMergeForm, DocumentTextForm, DocumentTextFormSet
from .history import word_diff_html
from .permissions import PublishedRowsNeedPublisher, can_publish
from .sources import sources_view
from .uploads import EXPIRED_UPLOAD, claimed_upload, discard_stale_uploads, show_file_name, store_upload
from .widgets import SafeAutocompleteMixin


class SpeakerInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Speaker
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role", "office_note"]
    readonly_fields = ["office_note"]

    @admin.display(description="Office on the document's date")
    def office_note(self, credit):
        """Say where the role came from: the office held on the document's date, or why none was taken."""
        if not credit.pk:
            return "Left empty, the role is filled on save from the office held on the document's date."
        if credit.role_from_office:
            return format_html("Filled from the office held then: {}. Type another role to replace it.", credit.office)
        if credit.office:
            return format_html("Held then: {}.", credit.office)
        return credit.person.office_on(credit.document.partial_date, credit.role).ambiguity


class DocumentTextInline(admin.StackedInline):
    """The document's other texts: its original, translations and versions, each aligned paragraph
    by paragraph with the main text (in order, when both have as many paragraphs)."""

    model = DocumentText
    form = DocumentTextForm
    formset = DocumentTextFormSet
    extra = 0
    verbose_name, verbose_name_plural = "text in another language or version", "texts in other languages"
    fields = ["language", "role", "title", "translator", "source_publisher", "source_url", "source_retrieved", "body",
              "alignment", "align_link"]
    readonly_fields = ["align_link"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fields(self, request, obj=None):
        """Offer the alignment view only to those who may save an alignment of this document's texts."""
        fields = super().get_fields(request, obj)
        if obj is not None and obj.is_published and not can_publish(request.user):
            return [name for name in fields if name != "align_link"]
        return fields

    @admin.display(description="Align side by side")
    def align_link(self, text):
        if not text.pk:
            return "Save the text first; then align its paragraphs with the main text's side by side."
        url = reverse("admin:speeches_document_align", args=[text.document_id, text.pk])
        link = format_html('<a href="{}">Align paragraphs side by side</a> (merge, split, unlink)', url)
        if text.alignment_confirmed:
            return format_html("{}. The alignment is confirmed by an editor.", link)
        uncertain = sum(bead["confidence"] < LOW_CONFIDENCE for bead in text.alignment_proposal)
        return format_html("{}. <strong>Proposed alignment</strong>, from the paragraphs' lengths: check and save it "
                           "to confirm it ({} group(s) of paragraphs of low confidence).", link, uncertain)


def revision_changes(delta, previous, record):
    """Yield (field, old, new) for each change of a revision; a change of the date or of its precision
    is one change of the date, shown as precisely as known ("2025" -> "June 2025")."""
    date_shown = False
    for change in delta.changes:
        if change.field not in {"date", "date_precision"}:
            yield change.field, change.old, change.new
        elif not date_shown:
            date_shown = True
            yield "date", *(str(PartialDate.from_date(row.date, row.date_precision) or "") for row in (previous, record))


def latest_review(document):
    """Return the latest request for review of ``document``: as a draft, a correction, or a published document."""
    return ReviewRequest.objects.filter(Q(proposal=document) | Q(document=document)).select_related(
        "submitted_by", "reviewed_by").first()


def what_merging_deletes(document):
    """Return what is deleted with ``document`` if the other is kept: its words are shown beside the
    other's; its other texts, source files and source text are deleted with it."""
    return {
        "document": document,
        "texts": [f"{language_name(text.language)} ({text.get_role_display().lower()})" for text in document.texts.all()],
        "sources": document.sources.count(),
        "has_source_text": bool(document.source_text.strip()),
    }


@admin.register(Document)
class DocumentAdmin(PublishedRowsNeedPublisher, SafeAutocompleteMixin, SimpleHistoryAdmin):
    form = DocumentForm
    list_display = ["title", "kind", "known_date", "status", "review", "updated"]
    list_filter = ["status", "kind", "language", "regions"]
    search_fields = ["title", "subtitle", "event", "body", "speakers__person__name", "public_id", "external_id"]
    date_hierarchy = "date"
    autocomplete_fields = ["venue", "regions", "countries"]
    inlines = [SpeakerInline, DocumentTextInline]
    actions = ["publish", "unpublish", "merge"]
    object_history_list_template = "admin/speeches/document/history_list.html"
    # A source URL pasted without a scheme is an https one (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "slug", "kind", "status", "public_id", "opened_version"]}),
        ("When and where", {"fields": ["date", "venue", "event"]}),
        ("Subjects", {"fields": ["regions", "countries", "country_detection"]}),
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

    def get_queryset(self, request):
        pending = ReviewRequest.objects.pending().filter(Q(document=OuterRef("pk")) | Q(proposal=OuterRef("pk")))
        return super().get_queryset(request).annotate(waiting_for_review=Exists(pending))

    @admin.display(description="Review")
    def review(self, document):
        """Say what the review workflow makes of the row: a correction's copy, a draft waiting for review."""
        parts = ["Proposed correction" if document.corrects_id else "",
                 "Waiting for review" if getattr(document, "waiting_for_review", False) else ""]
        return "; ".join(part for part in parts if part) or None

    def view_on_site(self, document):
        """A draft (a correction copy too) has no public page to view. By its short address, which
        redirects to the page: a form shown again with its errors holds the slug as typed, maybe empty."""
        return reverse("speeches:document-short", args=[document.public_id]) if document.is_published else None

    def get_fieldsets(self, request, obj=None):
        """A document shown, not edited, shows its date as precisely as known ("2025", not "Jan. 1, 2025")."""
        if obj is None or self.has_change_permission(request, obj):
            return self.fieldsets
        return [(name, {**options, "fields": ["known_date" if field == "date" else field
                                              for field in options["fields"] if field != "opened_version"]})
                for name, options in self.fieldsets]

    @admin.display(description="Date", ordering="date")
    def known_date(self, document):
        return str(document.partial_date) if document.date else None

    def get_readonly_fields(self, request, obj=None):
        readonly = ["public_id", "created", "updated", "published_at", "corrected_at", "known_date", "country_detection"]
        if can_publish(request.user) and not (obj and obj.corrects_id):  # a correction is published by approval
            return readonly
        return [*readonly, "status"]

    def shown_on_published_pages(self, document):
        """Editors who may not publish work on drafts only; published documents are theirs to view."""
        return document.is_published

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user) or obj.corrects_id:
            obj.status = Document.Status.DRAFT  # also when reverting to a published revision
        super().save_model(request, obj, form, change)
        if obj.is_published:
            published_without_review(obj, request.user)

    def save_related(self, request, form, formsets, change):
        """Save the countries, texts and speakers, then record the editor's correction of the countries
        and detect them again in the texts as saved (``country_mentions``)."""
        document = form.instance
        before = set(document.countries.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        if "countries" in form.cleaned_data:
            record_editor_countries(document, before, {country.pk for country in form.cleaned_data["countries"]})
        detect_countries(document)

    @admin.display(description="Found in the texts")
    def country_detection(self, document):
        """Say what detection found and what the editors removed (a removal is undone by adding the country)."""
        if document.pk is None:
            return "Countries are proposed from the texts when you save."
        mentions = document.country_mentions.select_related("country").order_by("country__sort_name")
        found = [mention.country.name for mention in mentions if mention.detected]
        removed = [mention.country.name for mention in mentions if mention.decision == mention.Decision.REMOVED]
        parts = [f"Detection found: {', '.join(found)}." if found else "Detection found no country."]
        if removed:
            parts.append(f"Removed by an editor, not proposed again (add one back to undo): {', '.join(removed)}.")
        return " ".join(parts)

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {
            **(extra_context or {}), "may_submit_for_review": not can_publish(request.user)})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, object_id)
        return super().change_view(request, object_id, form_url, {
            **(extra_context or {}), **(self.review_context(request, document) if document else {})})

    def review_context(self, request, document):
        """Return what the change form says and offers of the review workflow for ``document``: how its
        latest review ended, and the way to propose a correction (editors) or submit a draft."""
        context = {"latest_review": latest_review(document)}
        if document.is_published and not can_publish(request.user):
            context["correction_url"] = reverse("admin:speeches_document_correct", args=[document.pk])
            context["correction_label"] = (
                "Continue the proposed correction" if open_correction(document) else "Propose a correction")
        elif not document.is_published:
            context["corrected_document"] = document.corrects
            context["may_submit_for_review"] = not can_publish(request.user) or document.corrects_id is not None
        return context

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit_for_review" in request.POST:
            return self.submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit_for_review" in request.POST:
            return self.submitted(request, obj)
        return super().response_change(request, obj)

    def submitted(self, request, draft):
        try:
            submit_for_review(draft, request.user)
        except ReviewRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, f"“{draft}” was saved and submitted for review; a publisher will approve "
                                       "it or send it back with a comment.", messages.SUCCESS)
        return redirect("admin:speeches_document_change", draft.pk)

    def correction_view(self, request, document_id):
        """Open (or start) the draft copy in which an editor corrects a published document."""
        if not self.has_add_permission(request):
            raise PermissionDenied("Only editors and publishers propose corrections.")
        document = get_object_or_404(Document, pk=document_id)
        try:
            copy = start_correction(document)
        except ReviewRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect("admin:speeches_document_change", document.pk)
        self.message_user(request, "This is a copy of the published document for your correction. Readers see "
                                   "the published text until a publisher approves it: save, then submit it for "
                                   "review.", messages.INFO)
        return redirect("admin:speeches_document_change", copy.pk)

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
        if queryset.filter(corrects__isnull=False).exists():
            self.message_user(request, "A proposed correction is not a duplicate: approve it in the review queue, "
                                       "or delete it.", messages.WARNING)
            return None
        form = DocumentMergeForm(request.POST if "confirm" in request.POST else None, documents=queryset)
        if form.is_valid():
            survivor = form.cleaned_data["into"]
            absorbed = queryset.exclude(pk=survivor.pk).get()
            merge_documents(survivor, absorbed)
            leads = ("its links now lead there" if survivor.is_published else
                     f"its links will lead there once “{survivor}” is published, and answer 410 Gone until then")
            self.message_user(request, f"“{absorbed}” was merged into “{survivor}”; {leads}.", messages.SUCCESS)
            return None
        first, second = queryset.order_by("pk")
        return render(request, "admin/speeches/merge.html", {
            **self.admin_site.each_context(request), "form": form, "objects": queryset, "action": "merge",
            "opts": self.model._meta, "title": "Merge duplicate documents",
            "explanation": "The document you keep stays as it is. The other is deleted, and every link to "
                           "it (its address and its paragraphs) leads to where it is in the one you keep, "
                           "once that one is published (a draft's links answer 410 Gone until then).",
            "duplicates": [what_merging_deletes(first), what_merging_deletes(second)],
            "differences": word_diff_html(first.body, second.body), "first": first, "second": second,
        })

    def set_status(self, request, queryset, status):
        # Save one by one (not queryset.update) so each change reaches history and the search index.
        if queryset.filter(corrects__isnull=False).exists():
            self.message_user(request, "A proposed correction is published by approving it in the review queue; "
                                       "it was left as it is.", messages.WARNING)
            queryset = queryset.filter(corrects__isnull=True)
        changed = 0
        for document in queryset.exclude(status=status):
            document.status = status
            document.save(update_fields=["status", "updated"])
            if document.is_published:
                published_without_review(document, request.user)
            changed += 1
        self.message_user(request, f"{changed} document(s) marked {status}.", messages.SUCCESS)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Show each revision's changes as ``changes`` words them, in the history's "Changes" column."""
        for record in historical_records:
            record.history_delta_changes = self.changes(record)

    def changes(self, record):
        """Return what this revision changed from the one before: fields, and the body word by word."""
        previous = record.prev_record
        if previous is None:
            return "Created"
        delta = record.diff_against(previous, excluded_fields=["updated", "published_at", "corrected_at"])
        if not delta.changes:
            return "No change to the text or metadata"
        return format_html_join("", "<div class=\"history-change\"><strong>{}</strong>: {}</div>", (
            (field, word_diff_html(old, new)) for field, old, new in revision_changes(delta, previous, record)
        ))

    def get_urls(self):
        own = [
            path("preview/", self.admin_site.admin_view(require_POST(self.preview_view)),
                 name="speeches_document_preview"),
            path("clean/", self.admin_site.admin_view(require_POST(self.clean_view)),
                 name="speeches_document_clean"),
            path("import/", self.admin_site.admin_view(self.import_view), name="speeches_document_import"),
            path("<int:document_id>/correct/", self.admin_site.admin_view(require_POST(self.correction_view)),
                 name="speeches_document_correct"),
            path("<int:document_id>/texts/<int:text_id>/align/", self.admin_site.admin_view(self.align_view),
                 name="speeches_document_align"),
            path("<int:document_id>/sources/",
                 self.admin_site.admin_view(lambda request, document_id: sources_view(self, request, document_id)),
                 name="speeches_document_sources"),
        ]
        return own + super().get_urls()

    def require_editing(self, request):
        """Refuse one who may not write documents. A view that looks an id up calls it first: the 404 of a
        missing document would tell them which ids exist."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied("Only editors and publishers write documents.")

    def preview_view(self, request):
        """Render a Markdown body with the public page's own code, for the editor's live preview, with
        the words it would not show (which saving refuses) named above it."""
        self.require_editing(request)
        body = request.POST.get("body", "")
        try:
            rendered = render_markdown(body)
        except MarkdownTooComplex as error:
            return JsonResponse({"error": str(error)}, status=400)
        try:
            check_words_shown(body, rendered)
        except WordsNotShown as error:
            return JsonResponse({"html": rendered.html, "paragraphs": len(rendered.paragraphs), "problem": str(error)})
        return JsonResponse({"html": rendered.html, "paragraphs": len(rendered.paragraphs)})

    def clean_view(self, request):
        """Clean pasted text; return the Markdown and every word the cleaning changed, to show first."""
        self.require_editing(request)
        cleaned = clean_body(request.POST.get("text", ""))
        return JsonResponse({
            "markdown": cleaned.markdown,
            "paragraphs": len(cleaned.paragraphs),
            "changes": [vars(change) for change in cleaned.changes],
        })

    def align_view(self, request, document_id, text_id):
        """Align another text's paragraphs with the main text's, both side by side."""
        self.require_editing(request)
        # By the document's pk, an id past 64 bits finds nothing; by document_id, SQLite raised OverflowError.
        texts = DocumentText.objects.select_related("document")
        text = texts.filter(pk=text_id, document__pk=document_id).first()
        if text is None:
            raise Http404("No such text of that document.")
        if not self.has_change_permission(request, text.document):
            raise PermissionDenied("Only a publisher changes the alignment of a published document's texts; "
                                   "propose a correction of the document to align its texts in a draft.")
        if request.method == "GET" and "propose" in request.GET:  # shown to confirm; stored only when saved
            text.propose_alignment(afresh=True)
        form = AlignmentForm(text, request.POST if request.method == "POST" else None)  # all unlinked posts nothing
        if request.method == "POST" and form.is_valid():
            text.alignment, text.alignment_confirmed = form.alignment(), True
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
            raise PermissionDenied("Only editors and publishers import documents.")
        discard_stale_uploads()
        form = DocumentImportForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta,
                   "title": "Import documents", "suffixes": ", ".join(sorted(SUFFIXES)), "media": self.media}
        allow_publish = can_publish(request.user)
        if request.method == "POST" and "confirm" in request.POST:
            with claimed_upload(request.POST.get("upload", ""), request.user) as upload:
                if upload is None:
                    messages.error(request, EXPIRED_UPLOAD)
                    return redirect("admin:speeches_document_import")
                report = import_paths([upload], allow_publish=allow_publish)
            show_file_name(report, upload, request.POST.get("filename", ""))
            messages.success(request, report.summary())
            return render(request, "admin/speeches/document/import.html", {**context, "report": report})
        if request.method == "POST" and form.is_valid():
            uploaded = form.cleaned_data["file"]
            upload = store_upload(uploaded, request.user)
            report = import_paths([upload], dry_run=True, allow_publish=allow_publish)
            show_file_name(report, upload, uploaded.name)
            context.update(report=report, upload=upload.name, filename=Path(uploaded.name).name)
        return render(request, "admin/speeches/document/import.html", context)
