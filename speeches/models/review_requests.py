"""Editors' requests that a publisher review a draft: a new document to publish, or a proposed
correction of a published one. Written by ``speeches.review``; the queue is in the admin."""
from django.conf import settings
from django.db import models

from .documents import Document

COMMENT_LENGTH = 5000


class ReviewRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=ReviewRequest.State.PENDING)

    def submitted_by(self, user):
        return self.filter(submitted_by=user)


class ReviewRequest(models.Model):
    """A draft submitted for review, and what the publisher decided.

    ``document`` is the document readers see once it is approved: the draft itself when it is new,
    the published document when ``proposal`` is a correction of it (a draft copy, ``Document.corrects``,
    applied to it and deleted on approval). A request sent back keeps its draft, and its comment says why.
    A request outlives its documents (``title`` says what it was), as the record of who published what.
    """

    class Kind(models.TextChoices):
        NEW = "new", "New document"
        CORRECTION = "correction", "Correction"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved and published"
        SENT_BACK = "sent-back", "Sent back"
        WITHDRAWN = "withdrawn", "Withdrawn: the draft was deleted"

    document = models.ForeignKey(Document, null=True, on_delete=models.SET_NULL, related_name="review_requests",
                                 help_text="Empty once the document is deleted: the request stays, as a record.")
    proposal = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="proposal_reviews",
                                 help_text="The draft copy holding a proposed correction of a published document.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300, help_text="The document's title when it was submitted.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="review_requests_submitted")
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="review_requests_reviewed")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=COMMENT_LENGTH,
                               help_text="The publisher's word to the editor: why it was sent back.")

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["document"], condition=models.Q(state="pending"),
                                               name="one_pending_review_per_document")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def draft(self):
        """Return the draft under review (the correction's copy, or the new document itself), or None
        once it is gone."""
        return self.proposal if self.kind == self.Kind.CORRECTION else self.document
