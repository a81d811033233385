"""The review workflow, as Wagtail's moderation does it: editors write drafts and submit them; a
publisher approves (the draft is published) or sends it back with a comment.

Published text never changes without a publisher's approval: an editor corrects a published
document in a draft copy of it (``Document.corrects``), made with the same paragraph anchors, which
readers never see; approving applies the copy to the published document, anchors and all, and
deletes the copy. Sending back keeps the copy (nothing is lost) for the editor to amend and submit again.
"""
import hashlib
import json

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .characters import one_line
from .country_mentions import copy_mentions
from .models import Document, DocumentText, ReviewRequest, Speaker
from .public_ids import new_public_id

# What a correction may change of a document: everything an editor edits but its identity and state.
NOT_CORRECTED = {"id", "public_id", "external_id", "status", "corrects", "created", "updated", "published_at",
                 "corrected_at", "passages_compared"}
# Rendered from the body on save; copied so the copy's paragraphs keep the published anchors.
ANCHORED = ["body_html", "paragraphs", "last_paragraph_number", "retired_paragraphs"]
# Derived from others, or said by another row of a review (the date says its precision).
NOT_REVIEWED = {"body_html", "paragraphs", "last_paragraph_number", "retired_paragraphs", "word_count",
                "words_in_every_text", "date_precision"}
# A text's alignment while the archive proposes it: applied only once an editor confirmed it.
PROPOSED_ALIGNMENT = {"alignment", "alignment_proposal"}


class ReviewRefused(Exception):
    """A review step that cannot be taken now; its message says why, for the person who asked."""


def corrected_fields():
    return [field.name for field in Document._meta.concrete_fields if field.name not in NOT_CORRECTED]


def open_correction(document):
    """Return the draft copy in which ``document``'s correction is being written, or None."""
    return document.corrections.filter(status=Document.Status.DRAFT).order_by("pk").first()


@transaction.atomic
def start_correction(document):
    """Return the draft copy of published ``document`` to correct it in (the open one if there is one)."""
    if not document.is_published:
        raise ReviewRefused("Only a published document is corrected in a copy; edit a draft directly.")
    if copy := open_correction(document):
        return copy
    copy = Document(**{name: getattr(document, name) for name in corrected_fields()},
                    public_id=new_public_id(), status=Document.Status.DRAFT, corrects=document)
    copy.copied_as_stored = True
    copy.save()
    Document.objects.filter(pk=copy.pk).update(**{name: getattr(document, name) for name in ANCHORED})
    copy.regions.set(document.regions.all())
    copy.countries.set(document.countries.all())
    copy_mentions(document, copy)
    for speaker in document.speakers.all():
        Speaker.objects.create(document=copy, person_id=speaker.person_id, role=speaker.role, order=speaker.order,
                               role_from_office=speaker.role_from_office)
    for text in document.texts.all():
        copy_text(text, copy)
    copy.refresh_from_db()
    return copy


def text_values(text):
    """Return a text's stored values but its row and document: what a copy of it carries over."""
    return {field.attname: getattr(text, field.attname) for field in DocumentText._meta.concrete_fields
            if field.name not in {"id", "document"}}


def copy_text(text, document):
    """Copy ``text`` into ``document`` with the same paragraph anchors (and so the same alignment)."""
    values = text_values(text)
    copied = DocumentText(document=document, **values)
    copied.copied_as_stored = True
    copied.save()
    DocumentText.objects.filter(pk=copied.pk).update(**values)  # as stored, not as saving a new text derives


@transaction.atomic
def submit_for_review(draft, user):
    """Ask a publisher to review ``draft`` (a new document or a correction copy); return the request."""
    draft = Document.objects.select_for_update().get(pk=draft.pk)
    if draft.is_published:
        raise ReviewRefused("This document is published already; to change it, propose a correction.")
    target = draft.corrects or draft
    if pending := target.review_requests.pending().first():
        return pending
    return ReviewRequest.objects.create(
        document=target, proposal=draft if draft.corrects_id else None, title=draft.title, submitted_by=user,
        kind=ReviewRequest.Kind.CORRECTION if draft.corrects_id else ReviewRequest.Kind.NEW)


@transaction.atomic
def approve(review, user, seen):
    """Publish what ``review`` proposes, the new draft or the correction applied to its document, if
    it is still what the publisher ``seen`` (its ``fingerprint`` when they were shown it)."""
    review = pending_review(review)
    if review.draft is None:
        raise ReviewRefused("The draft was deleted; there is nothing left to approve.")
    if seen != fingerprint(review):
        raise ReviewRefused("The draft changed after this page was shown to you: look at its changes again, "
                            "then approve.")
    if review.kind == ReviewRequest.Kind.CORRECTION:
        apply_correction(review.proposal, review.document, user)
        review.proposal = None  # deleted, applied
    else:
        review.document.status = Document.Status.PUBLISHED
        review.document.save()
    close(review, ReviewRequest.State.APPROVED, user)


@transaction.atomic
def send_back(review, user, comment):
    """Return ``review``'s draft to its editor with ``comment``; the draft stays as it is."""
    if not comment.strip():
        raise ReviewRefused("Say what the editor should change: a request is sent back with a comment.")
    close(pending_review(review), ReviewRequest.State.SENT_BACK, user, comment.strip())


def published_without_review(document, user):
    """Close a pending request to publish ``document`` once a publisher has published it directly."""
    for review in document.review_requests.pending().filter(kind=ReviewRequest.Kind.NEW):
        close(review, ReviewRequest.State.APPROVED, user, "Published directly.")


def pending_review(review):
    review = ReviewRequest.objects.select_for_update().get(pk=review.pk)
    if review.state != ReviewRequest.State.PENDING:
        raise ReviewRefused(f"This request was decided already ({review.get_state_display().lower()}).")
    return review


def withdraw_reviews_of_deleted_draft(sender, instance, **kwargs):
    """pre_delete of a document: a request to publish it, or its correction, is withdrawn with it
    (connected in ``SpeechesConfig``)."""
    for review in ReviewRequest.objects.pending().filter(
            Q(proposal=instance) | Q(document=instance, kind=ReviewRequest.Kind.NEW)):
        close(review, ReviewRequest.State.WITHDRAWN, None, "The draft was deleted.")


def review_values(review):
    """Yield (what, published value, draft value) for all a review shows: the document's fields, its
    regions, countries, speakers and each other text (a new document against nothing)."""
    published = review.document if review.kind == ReviewRequest.Kind.CORRECTION else None
    draft = review.draft
    for name in corrected_fields():
        if name not in NOT_REVIEWED:
            field = Document._meta.get_field(name)
            yield field.verbose_name.capitalize(), shown_value(published, field), shown_value(draft, field)
    for name in ("regions", "countries"):
        yield name.capitalize(), names_of(published, name), names_of(draft, name)
    yield "Speakers", credits_of(published), credits_of(draft)
    published_texts, draft_texts = texts_of(published), texts_of(draft)
    published_alignments, draft_alignments = alignments_of(published), alignments_of(draft)
    for key in sorted({*published_texts, *draft_texts}):
        yield f"Text: {key}", published_texts.get(key, ""), draft_texts.get(key, "")
        yield f"Alignment: {key}", published_alignments.get(key, ""), draft_alignments.get(key, "")


def fingerprint(review):
    """Return a digest of what the review shows, so an approval is of what the publisher saw."""
    shown = json.dumps(list(review_values(review)) if review.draft else [], ensure_ascii=False)
    return hashlib.sha256(shown.encode()).hexdigest()


def shown_value(document, field):
    if document is None:
        return ""
    if field.name == "date":
        return str(document.partial_date or "")
    if display := getattr(document, f"get_{field.name}_display", None):  # choices, a language's name
        return display()
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


def alignments_of(document):
    """Return {"Chinese (original)": which of its paragraphs are aligned with which of the main text's}
    for each of the document's other texts."""
    if document is None:
        return {}
    return {str(text): alignment_shown(text) for text in document.texts.all()}


def alignment_shown(text):
    """Return a text's alignment as a publisher reads it: "p-1 = p-1; p-2 = p-3", "none", or proposed."""
    if not text.alignment_confirmed:
        return "proposed from the paragraphs' lengths"
    return "; ".join(f"{main} = {anchor}" for main, anchor in text.alignment) or "none"


def close(review, state, user, comment=""):
    review.state, review.reviewed_by, review.reviewed_at, review.comment = state, user, timezone.now(), comment
    review.save()
    if state in {ReviewRequest.State.APPROVED, ReviewRequest.State.SENT_BACK}:
        transaction.on_commit(lambda: tell_the_editor(review), robust=True)


def tell_the_editor(review):
    """Mail the editor who submitted ``review`` how it ended (when their account has an address)."""
    editor = review.submitted_by
    if editor is None or not editor.email or editor == review.reviewed_by:
        return
    context = {"review": review, "draft_url": settings.ARCHIVE_BASE_URL + (
        reverse("admin:speeches_document_change", args=[review.draft.pk]) if review.draft else
        reverse("admin:speeches_reviewrequest_change", args=[review.pk]))}
    send_mail(one_line(f"{review.get_state_display()}: {review.title}", 200),
              render_to_string("admin/speeches/reviewrequest/outcome_email.txt", context), None, [editor.email])


def apply_correction(copy, document, user):
    """Write the correction ``copy`` into published ``document`` and delete the copy.

    Before each body is saved, the document's stored paragraphs are set to the copy's, so its
    rendering keeps exactly the anchors the copy has (and its texts' alignments name).
    """
    keep_numbering(Document, document, copy)
    for name in corrected_fields():
        setattr(document, name, getattr(copy, name))
    document._change_reason = f"Correction approved by {user}"
    document.save()
    document.regions.set(copy.regions.all())
    document.countries.set(copy.countries.all())
    copy_mentions(copy, document)
    replace_speakers(document, copy)
    replace_texts(document, copy)
    copy.delete()


def keep_numbering(model, row, copy):
    """Give ``row`` the copy's paragraphs and retired anchors, never lowering the last anchor number it has used."""
    last = max(row.last_paragraph_number, copy.last_paragraph_number)
    model.objects.filter(pk=row.pk).update(paragraphs=copy.paragraphs, last_paragraph_number=last,
                                           retired_paragraphs=copy.retired_paragraphs)


def replace_speakers(document, copy):
    credits = [(speaker.person_id, speaker.role, speaker.order, speaker.role_from_office)
               for speaker in copy.speakers.all()]
    if credits == [(speaker.person_id, speaker.role, speaker.order, speaker.role_from_office)
                   for speaker in document.speakers.all()]:
        return
    document.speakers.all().delete()
    for person_id, role, order, role_from_office in credits:
        Speaker.objects.create(document=document, person_id=person_id, role=role, order=order,
                               role_from_office=role_from_office)


def replace_texts(document, copy):
    """Make ``document``'s other texts the copy's: matched by language and role, new ones added,
    dropped ones deleted."""
    current = {(text.language, text.role): text for text in document.texts.all()}
    for proposed in copy.texts.all():
        text = current.pop((proposed.language, proposed.role), None)
        if text is None:
            copy_text(proposed, document)
            continue
        keep_numbering(DocumentText, text, proposed)
        for name, value in text_values(proposed).items():
            if name not in ANCHORED and (proposed.alignment_confirmed or name not in PROPOSED_ALIGNMENT):
                setattr(text, name, value)
        text.save()  # an alignment still proposed is proposed again, from the same paragraphs
    for text in current.values():
        text.delete()
