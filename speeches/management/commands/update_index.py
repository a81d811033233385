"""Haystack's ``update_index``, which also marks the index complete after a whole pass.

Only an index a whole pass finished serves searches and takes editors' saves
(``speeches.search.index.sync``); ``rebuild_index`` (clear, then this) is such a pass. This app is
listed before Haystack in INSTALLED_APPS so that this command is the one that runs.
"""
from django.utils import timezone
from haystack.management.commands import update_index

from speeches.search import complete_index


class Command(update_index.Command):
    help = (update_index.Command.help + " Without --age, --minutes, --start or --end it writes every published "
            "document, then marks the index complete and indexes the changes saved meanwhile.")

    def handle(self, **options):
        started = timezone.now()
        super().handle(**options)
        if any(options.get(name) for name in ("age", "minutes", "start_date", "end_date")):
            return
        for using in self.backends:
            complete_index(using, pass_started=started)
