from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, pre_delete


class SpeechesConfig(AppConfig):
    name = "speeches"
    verbose_name = "Speeches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .alerts import checks  # noqa: F401 (registers the deploy checks)

        self.connect_receivers()

    def receivers(self):
        """Return every (signal, receiver, sender) that follows a change of rows, in the order they run.

        What a document derives from its own fields (its HTML, anchors, word count, dates of publication
        and correction) is computed in ``Document.save``, not here; merges call what they need themselves
        (``speeches.lifecycle``).
        """
        from .editorial_groups import grant_editorial_permissions
        from .lifecycle import retire_deleted_document
        from .models import Document, DocumentText, SourceFile, text_deleted
        from .research.signals import comparison_receivers
        from .review import withdraw_reviews_of_deleted_draft
        from .search import index_receivers
        from .sources.attaching import forget_files_of_deleted_source

        return [
            (post_migrate, grant_editorial_permissions, self),
            (pre_delete, retire_deleted_document, Document),
            (pre_delete, withdraw_reviews_of_deleted_draft, Document),
            (post_delete, forget_files_of_deleted_source, SourceFile),
            (post_delete, text_deleted, DocumentText),
            # Comparisons first, as they ran when Haystack connected the index's receivers after this app's:
            # a comparison is robust, so its failure cannot skip the index write, nor a failed write it.
            *comparison_receivers(),
            *index_receivers(),
        ]

    def connect_receivers(self):
        for signal, receiver, sender in self.receivers():
            signal.connect(receiver, sender=sender)

    def disconnect_receivers(self):
        """Stop following changes of rows (tests that write without the index or comparisons)."""
        for signal, receiver, sender in self.receivers():
            signal.disconnect(receiver, sender=sender)
