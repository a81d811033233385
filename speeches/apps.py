from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_delete


class SpeechesConfig(AppConfig):
    name = "speeches"
    verbose_name = "Speeches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Connect what the app does when its rows change, all here but the search index's receivers,
        which Haystack connects from the ``HAYSTACK_SIGNAL_PROCESSOR`` setting (``speeches.search.signals``).
        What a document derives from its own fields (its HTML, anchors, word count, dates of publication
        and correction) is computed in ``Document.save``, not here."""
        from .editorial_groups import grant_editorial_permissions
        from .lifecycle import retire_deleted_document
        from .models import Document
        from .research import signals as research_signals

        post_migrate.connect(grant_editorial_permissions, sender=self)
        pre_delete.connect(retire_deleted_document, sender=Document, dispatch_uid="speeches.lifecycle.retire")
        research_signals.connect()
