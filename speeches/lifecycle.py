"""Writes that touch several models at once: retiring deleted documents, merging duplicates.

Retiring needs a document's citation, which is built on the models (``speeches.citations``); so it
lives here, above both, and runs before any delete of a document through the receiver below,
connected in ``SpeechesConfig.ready``.
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .citations.csl import chicago_citation
from .models import Document, RetiredDocument
from .paragraph_ids import corresponding_anchors
from .search import index_documents


def retire_documents(documents, successor=None):
    """Record a ``RetiredDocument`` for each document about to be deleted (or merged into ``successor``)."""
    for document in documents:
        details = {
            "title": document.title,
            "external_id": document.external_id or "",
            "citation": chicago_citation(document, settings.ARCHIVE_BASE_URL + document.permanent_path()),
            "retired_at": timezone.now(),
        }
        if successor is not None:  # a later plain delete must not forget where a merge leads
            details["successor_public_id"] = successor.public_id
        RetiredDocument.objects.update_or_create(public_id=document.public_id, defaults=details)


def retire_deleted_document(sender, instance, **kwargs):
    """Before a document is deleted (one, or a queryset's, or by a merge), leave a ``RetiredDocument``
    for it if it is published, so its links answer 410 Gone with its citation."""
    if instance.is_published:
        retire_documents([instance])


@transaction.atomic
def merge_regions(target, others):
    """Move every document of ``others`` to ``target``, delete ``others``; return how many documents moved.
    The kept region takes the Wikidata item of a merged one if it has none (the form warns of two items).

    Deleting a region removes its links without m2m signals, so the touched documents are
    re-indexed here, once the merge commits.
    """
    documents = list(Document.objects.filter(regions__in=others).distinct())
    for document in documents:
        document.regions.add(target)
    items = [item for item in others.values_list("wikidata", flat=True) if item]
    others.delete()
    if items and not target.wikidata:  # the kept region keeps the item a merged one had
        target.wikidata = items[0]
        target.save(update_fields=["wikidata"])
    document_ids = [document.pk for document in documents]
    transaction.on_commit(lambda: index_documents(document_ids))
    return len(documents)


class MergeRefused(ValueError):
    """A merge that would delete an editor's work; the message says what to do first."""


def check_merge(absorbed):
    """Raise ``MergeRefused`` if merging ``absorbed`` away would delete a correction of it being written
    or waiting for review (a correction's copy goes with the document it corrects)."""
    if copy := absorbed.corrections.order_by("pk").first():
        raise MergeRefused(
            f"“{absorbed}” has a correction in a draft copy (“{copy}”, draft {copy.pk}): merging would delete "
            "it. Approve it in the review queue first (or carry over what it holds and delete it), or keep "
            "this document and merge the other into it.")


@transaction.atomic
def merge_documents(survivor, absorbed):
    """Merge the duplicate ``absorbed`` into ``survivor``: absorbed is deleted and its links, and links
    already redirected to it, lead to ``survivor`` from now on. A draft leaves no trace: its address
    was never public, and a redirect or a "gone" page would tell that it existed. Refused
    (``MergeRefused``) while a correction of ``absorbed`` is open."""
    check_merge(absorbed)
    into_survivor = corresponding_anchors(absorbed.paragraphs, survivor.paragraphs)
    texts_into_survivor = texts_corresponding(absorbed, survivor)
    if absorbed.is_published:
        retire_documents([absorbed], successor=survivor)
        RetiredDocument.objects.filter(public_id=absorbed.public_id).update(
            paragraph_map=into_survivor, text_paragraph_maps=texts_into_survivor)
    for earlier in RetiredDocument.objects.filter(successor_public_id=absorbed.public_id):  # merged into it before
        earlier.successor_public_id = survivor.public_id
        earlier.paragraph_map = {anchor: into_survivor.get(there, "") for anchor, there in earlier.paragraph_map.items()}
        earlier.text_paragraph_maps = {
            language: {anchor: texts_into_survivor.get(language, {}).get(there, "") for anchor, there in mapped.items()}
            for language, mapped in earlier.text_paragraph_maps.items()}
        earlier.save(update_fields=["successor_public_id", "paragraph_map", "text_paragraph_maps"])
    absorbed.delete()


def texts_corresponding(absorbed, survivor):
    """Return {language: where each paragraph of ``absorbed``'s text in it is in ``survivor``'s text in it}
    for the languages both have another text in (the same role first): a link to a merged duplicate's
    translation (``?lang=fr#p-3``) leads to the same words in the one kept."""
    kept = {}  # by language (the first text in it), and by language and role
    for text in survivor.texts.order_by("pk"):
        kept.setdefault(text.language, text)
        kept[(text.language, text.role)] = text
    maps = {}
    for text in absorbed.texts.all():
        there = kept.get((text.language, text.role)) or kept.get(text.language)
        if there is not None and text.language not in maps:
            maps[text.language] = corresponding_anchors(text.paragraphs, there.paragraphs)
    return maps
