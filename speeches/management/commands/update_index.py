"""Haystack's ``update_index``, which also marks the index complete after a whole pass.

Only an index a whole pass finished serves searches and takes editors' saves
(``speeches.search.index.sync``); ``rebuild_index`` (clear, then this) is such a pass. This app is
listed before Haystack in INSTALLED_APPS so that this command is the one that runs.
"""
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone
from haystack.management.commands import update_index

from speeches.management.progress import progress
from speeches.search import complete_index


class Command(update_index.Command):
    help = (update_index.Command.help + " Without --age, --minutes, --start or --end it writes every published "
            "document, then marks the index complete and indexes the changes saved meanwhile.")

    def handle(self, **options):
        started = timezone.now()
        with self.progress_shown(options):
            super().handle(**options)
        if any(options.get(name) for name in ("age", "minutes", "start_date", "end_date")):
            return
        for using in self.backends:
            complete_index(using, pass_started=started)

    @contextmanager
    def progress_shown(self, options):
        """Show how far the pass is, batch by batch (in one process: workers index in their own).

        Haystack's command writes a batch with its module's ``do_update`` and has no hook of its own,
        so the function is wrapped for the command's run."""
        if options.get("workers") or options["verbosity"] < 1:
            yield
            return
        write_batch = update_index.do_update
        with progress(self.stdout, "Indexing", "Indexed {done}/{total} documents") as on_progress:
            def written_and_shown(backend, index, qs, start, end, total, **options):
                last_pk = write_batch(backend, index, qs, start, end, total, **options)
                on_progress(end, total)
                return last_pk

            with mock.patch.object(update_index, "do_update", written_and_shown):
                yield
