"""The search index's backlog: documents changed in the database whose change the index lacks."""
from django.db import models


class IndexBacklog(models.Model):
    """A document whose change has not reached the search index yet.

    Written in the transaction of the change and deleted once the index has it, so a process killed
    in between (an import stopped mid-batch) leaves a record the next import catches up from.
    """

    document_id = models.BigIntegerField(primary_key=True)
    queued_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"document {self.document_id}"
