"""Send every change that touches a document's indexed text to the index, once the transaction commits.

Editors' saves run in one transaction (document, then its speakers, regions and other texts); indexing on commit
reads the final state once, not the half-saved one.
"""
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from haystack.signals import BaseSignalProcessor

from speeches.models import Document, DocumentText, Person, Region, Speaker, Venue

from .backlog import record_backlog
from .sync import index_documents, queue_for_batch


def sync_on_commit(document_ids):
    document_ids = set(document_ids)
    if document_ids and not queue_for_batch(document_ids):
        record_backlog(document_ids)
        transaction.on_commit(lambda: index_documents(document_ids))


class DocumentSignalProcessor(BaseSignalProcessor):
    def receivers(self):
        """Yield each (signal, receiver, sender) that keeps the index in step with the database."""
        for signal in (post_save, post_delete):
            yield signal, self.document_changed, Document
            for part_model in (Speaker, DocumentText):
                yield signal, self.part_changed, part_model
        yield m2m_changed, self.regions_changed, Document.regions.through
        for related_model in (Person, Venue, Region):
            yield post_save, self.related_row_changed, related_model

    def setup(self):
        for signal, receiver, sender in self.receivers():
            signal.connect(receiver, sender=sender)

    def teardown(self):
        for signal, receiver, sender in self.receivers():
            signal.disconnect(receiver, sender=sender)

    def document_changed(self, sender, instance, raw=False, **kwargs):
        if not raw:
            sync_on_commit([instance.pk])

    def part_changed(self, sender, instance, raw=False, **kwargs):
        """A speaker credit or another text of a document."""
        if not raw:
            sync_on_commit([instance.document_id])

    def regions_changed(self, sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if reverse:
            sync_on_commit(pk_set or instance.documents.values_list("pk", flat=True))
        else:
            sync_on_commit([instance.pk])

    def related_row_changed(self, sender, instance, raw=False, created=False, **kwargs):
        if raw or created:
            return
        if isinstance(instance, Person):
            documents = Document.objects.filter(speakers__person=instance)
        else:
            documents = instance.documents.all()
        sync_on_commit(documents.values_list("pk", flat=True))
