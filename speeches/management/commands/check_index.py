from django.core.management.base import BaseCommand, CommandError

from speeches.search import check_index, index_documents


class Command(BaseCommand):
    help = (
        "Compare the search index with the published documents in the database; exit non-zero "
        "when they differ. --fix re-indexes or removes exactly the documents that differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Repair the differences, then check again.")

    def handle(self, *args, fix, **options):
        difference = check_index()
        if difference:
            self.report(difference)
            if not fix:
                raise CommandError("The search index differs from the database; run check_index --fix.")
            index_documents(difference.document_ids())
            difference = check_index()
            if difference:
                self.report(difference)
                raise CommandError("The search index still differs after --fix.")
            self.stdout.write("Repaired: the search index now matches the database.")
            return
        self.stdout.write("The search index matches the database.")

    def report(self, difference):
        for label, ids in (("published but not in the index", difference.missing),
                           ("in the index but not published", difference.extra),
                           ("indexed text differs from the database", difference.stale)):
            if ids:
                self.stdout.write(f"{len(ids)} document(s) {label}: ids {', '.join(map(str, sorted(ids)[:20]))}"
                                  + (" …" if len(ids) > 20 else ""))
