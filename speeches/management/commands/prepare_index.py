from django.core.management.base import BaseCommand

from speeches.search import (
    catch_up_index,
    check_index,
    index_count_matches,
    index_documents,
    reason_to_rebuild,
    rebuild_index,
)


class Command(BaseCommand):
    help = (
        "Make the search index ready to serve, doing as little as possible: rebuild it only when it is "
        "missing or empty or was written with other fields; otherwise index what a stopped process left "
        "behind, and repair only the documents that differ. Run at every start (make run does)."
    )

    def handle(self, *args, **options):
        if reason := reason_to_rebuild():
            self.stdout.write(f"Rebuilding the search index: {reason}.")
            rebuild_index(verbosity=options["verbosity"])
            return
        if caught_up := catch_up_index():
            self.stdout.write(f"Indexed {caught_up} document(s) a stopped process had left behind.")
        if not index_count_matches():
            # Counts differ: compare document by document (slower, but repairs only what differs).
            difference = check_index()
            index_documents(difference.document_ids())
            self.stdout.write(f"Repaired {len(difference.document_ids())} document(s) in the search index.")
            return
        self.stdout.write("The search index is ready.")
