"""Haystack's ``rebuild_index`` as the archive's engines rebuild (``speeches.search.rebuild_index``):
Whoosh clears its index and writes it again; OpenSearch writes a new index beside the serving one and
moves the alias to it when the pass is done."""
from haystack import connections
from haystack.management.commands import rebuild_index

from speeches.search import rebuild_index as rebuild

UPDATE_OPTIONS = ("workers", "batchsize", "max_retries", "commit")


class Command(rebuild_index.Command):
    help = "Index every published document afresh (on OpenSearch into a new index, which replaces the old one when done)."

    def handle(self, **options):
        if options["interactive"] and input(
                "Rebuild the search index from the database? On Whoosh, searches answer 503 until it is done. "
                "[y/N] ").strip().lower() not in {"y", "yes"}:
            self.stdout.write("Not rebuilt.")
            return
        for using in options["using"] or list(connections.connections_info):
            rebuild(verbosity=options["verbosity"], using=using,
                    **{name: options[name] for name in UPDATE_OPTIONS})
