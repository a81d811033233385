"""The publishers' review queue: each submitted draft with the word diff of what it would publish,
approved or sent back with a comment. Editors see their own requests here, and how they ended."""
import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from speeches.models import Document, ReviewRequest
from speeches.review import ReviewRefused, approve, corrected_fields, send_back

from .history import word_diff_html
from .permissions import can_publish

# Shown in a review as the reader sees them, not as stored.
HIDDEN_FROM_REVIEW = {"body_html", "paragraphs", "last_paragraph_number", "word_count", "date_precision"}
PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")


class ReviewDecisionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                              help_text="Required to send back: what the editor should change.")


def proposed_changes(review):
    """Return [(what, diff html)] of each thing the review's draft would change for readers."""
    draft = review.draft
    published = review.document if review.kind == ReviewRequest.Kind.CORRECTION else None
    return [(label, word_diff_html(with_pilcrows(old), with_pilcrows(new)))
            for label, old, new in compared_values(published, draft) if old != new]


def with_pilcrows(text):
    """Mark paragraph breaks with ¶, which a word diff would otherwise lose with the other white space."""
    return PARAGRAPH_BREAK.sub(" ¶ ", text.strip())


def compared_values(published, draft):
    """Yield (label, published value, draft value) for the fields, credits and texts of a document."""
    for name in corrected_fields():
        if name in HIDDEN_FROM_REVIEW:
            continue
        field = Document._meta.get_field(name)
        yield field.verbose_name.capitalize(), shown_value(published, field), shown_value(draft, field)
    for name in ("regions", "countries"):
        yield name.capitalize(), names_of(published, name), names_of(draft, name)
    yield "Speakers", credits_of(published), credits_of(draft)
    published_texts, draft_texts = texts_of(published), texts_of(draft)
    for key in sorted({*published_texts, *draft_texts}):
        yield f"Text: {key}", published_texts.get(key, ""), draft_texts.get(key, "")


def shown_value(document, field):
    if document is None:
        return ""
    if field.name == "date":
        return str(document.partial_date or "")
    if field.choices:
        return getattr(document, f"get_{field.name}_display")()
    return str(getattr(document, field.name) or "")


def names_of(document, relation):
    return ", ".join(sorted(str(row) for row in getattr(document, relation).all())) if document else ""


def credits_of(document):
    return "; ".join(str(speaker) for speaker in document.speakers.all()) if document else ""


def texts_of(document):
    """Return {"Chinese (original)": its title and body} for each of the document's other texts."""
    if document is None:
        return {}
    return {str(text): f"{text.title}\n\n{text.body}".strip() for text in document.texts.all()}


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "state", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "comment"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("document", "proposal", "submitted_by", "reviewed_by")
        return queryset if can_publish(request.user) else queryset.submitted_by(request.user)

    def has_add_permission(self, request):
        return False  # a request is made from its document: "Save and submit for review"

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who published what

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff and (
            can_publish(request.user) or obj is None or obj.submitted_by_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Show the request with the diff of what it would publish; a publisher approves or sends it back."""
        review = get_object_or_404(self.get_queryset(request), pk=object_id)
        form = ReviewDecisionForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, review):
                raise PermissionDenied("Only a publisher approves or sends back a request for review.")
            if form.is_valid():
                return self.decide(request, review, form.cleaned_data["comment"])
        return render(request, "admin/speeches/reviewrequest/review.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "review": review, "form": form,
            "changes": proposed_changes(review) if review.draft else [], "title": str(review),
            "may_decide": self.has_change_permission(request, review) and review.state == ReviewRequest.State.PENDING,
            "changed_since": review.kind == ReviewRequest.Kind.CORRECTION and review.proposal is not None
            and review.document.updated > review.proposal.created,
        })

    def decide(self, request, review, comment):
        try:
            if "_approve" in request.POST:
                approve(review, request.user)
                self.message_user(request, f"“{review.title}” is published.", messages.SUCCESS)
            else:
                send_back(review, request.user, comment)
                self.message_user(request, f"“{review.title}” was sent back to its editor.", messages.SUCCESS)
        except ReviewRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(reverse("admin:speeches_reviewrequest_change", args=[review.pk]))
        return redirect(reverse("admin:speeches_reviewrequest_changelist") + "?state__exact=pending")
