"""The publishers' review queue: each submitted draft with the word diff of what it would publish,
approved or sent back with a comment. Editors see their own requests here, and how they ended."""
import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from speeches.characters import control_character_problem
from speeches.models import ReviewRequest
from speeches.models.review_requests import COMMENT_LENGTH
from speeches.review import ReviewRefused, approve, fingerprint, review_values, send_back

from .history import word_diff_html
from .permissions import can_publish

PARAGRAPH_BREAK = re.compile(r"\s*\n\s*\n\s*")


class ReviewDecisionForm(forms.Form):
    comment = forms.CharField(required=False, max_length=COMMENT_LENGTH, strip=True,
                              widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                              help_text="Required to send back: what the editor should change.")
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        if problem := control_character_problem(comment, multi_line=True):
            raise forms.ValidationError(f"The comment {problem}")
        return comment


def proposed_changes(review):
    """Return [(what, diff html)] of each thing the review's draft would change for readers."""
    return [(label, word_diff_html(with_pilcrows(old), with_pilcrows(new)))
            for label, old, new in review_values(review) if old != new]


def with_pilcrows(text):
    """Mark paragraph breaks with ¶, which a word diff would otherwise lose with the other white space."""
    return PARAGRAPH_BREAK.sub(" ¶ ", text.strip())


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
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404("No such request for review.")
        form = ReviewDecisionForm(request.POST or None, initial={"seen": fingerprint(review)})
        if request.method == "POST":
            if not self.has_change_permission(request, review):
                raise PermissionDenied("Only a publisher approves or sends back a request for review.")
            if form.is_valid():
                return self.decide(request, review, form.cleaned_data)
        return render(request, "admin/speeches/reviewrequest/review.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "review": review, "form": form,
            "changes": proposed_changes(review) if review.draft else [], "title": str(review),
            "may_decide": self.has_change_permission(request, review) and review.state == ReviewRequest.State.PENDING,
            "changed_since": review.kind == ReviewRequest.Kind.CORRECTION and review.draft is not None
            and review.document is not None and review.document.updated > review.proposal.created,
        })

    def decide(self, request, review, decision):
        try:
            if "_approve" in request.POST:
                approve(review, request.user, seen=decision["seen"])
                self.message_user(request, f"“{review.title}” is published.", messages.SUCCESS)
            else:
                send_back(review, request.user, decision["comment"])
                self.message_user(request, f"“{review.title}” was sent back to its editor.", messages.SUCCESS)
        except ReviewRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect(reverse("admin:speeches_reviewrequest_change", args=[review.pk]))
        return redirect(reverse("admin:speeches_reviewrequest_changelist") + "?state__exact=pending")
