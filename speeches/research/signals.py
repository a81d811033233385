"""Compare a document's passages with the others' once a change to it commits."""
from django.db import transaction
from django.db.models.signals import post_save

from speeches.models import Document

from .passages import compare_documents


def document_saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: ``manage.py compare_passages`` catches up
        return
    document_id = instance.pk
    # robust: a failure is logged and leaves the document uncompared for the catch-up, not the save undone.
    transaction.on_commit(lambda: compare_documents([document_id]), robust=True)


def connect():
    post_save.connect(document_saved, sender=Document, dispatch_uid="speeches.research.document_saved")
