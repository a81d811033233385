"""Send every change that touches a document's indexed text to the index, once the transaction commits.

Editors' saves run in one transaction (document, then its speakers, regions, countries and other texts); indexing on commit
reads the final state once, not the half-saved one. ``index_receivers`` lists the receivers;
``SpeechesConfig`` connects them with the app's others.
"""
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from speeches.models import Country, Document, DocumentText, Person, Region, Speaker, Venue

from .backlog import record_backlog
from .sync import index_saved, queue_for_batch


def index_receivers():
    """Yield each (signal, receiver, sender) that keeps the index in step with the database."""
    for signal in (post_save, post_delete):
        yield signal, document_changed, Document
        for part_model in (Speaker, DocumentText):
            yield signal, part_changed, part_model
    yield m2m_changed, regions_changed, Document.regions.through
    yield m2m_changed, regions_changed, Document.countries.through
    for related_model in (Person, Venue, Region, Country):
        yield post_save, related_row_changed, related_model


def sync_on_commit(document_ids):
    """Note the documents in the backlog with the change, and index them once it commits. An engine that
    fails then (a cluster down) does not fail the editor's save: the failure is logged and the documents
    wait in the backlog for the first save that finds the index back (``index_saved``), or for
    ``catch_up_index``."""
    document_ids = set(document_ids)
    if document_ids and not queue_for_batch(document_ids):
        record_backlog(document_ids)
        transaction.on_commit(lambda: index_saved(document_ids), robust=True)


def document_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_on_commit([instance.pk])


def part_changed(sender, instance, raw=False, **kwargs):
    """A speaker credit or another text of a document."""
    if not raw:
        sync_on_commit([instance.document_id])


def regions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A document's regions or countries (or a region's or a country's documents)."""
    if not action.startswith("post_"):
        return
    if reverse:
        sync_on_commit(pk_set or instance.documents.values_list("pk", flat=True))
    else:
        sync_on_commit([instance.pk])


def related_row_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    if isinstance(instance, Person):
        documents = Document.objects.filter(speakers__person=instance)
    else:
        documents = instance.documents.all()
    sync_on_commit(documents.values_list("pk", flat=True))
