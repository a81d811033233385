from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speeches.importers.importing import FAILED, UNCHANGED, import_paths

from speeches.management.progress import progress


class Command(BaseCommand):
    help = (
        "Import documents from .jsonl, .md (YAML front matter) and .txt files, or folders of them. "
        "Re-importing a record with the same external_id or source_url updates its document. A record's "
        "sources may be files beside the import file, or web addresses fetched as it is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")
        parser.add_argument("--no-index", action="store_true",
                            help="Leave the search index as it was; run rebuild_index afterwards. For first "
                                 "loads of many thousands of documents.")
        parser.add_argument("--no-compare", action="store_true",
                            help="Leave recurring passages uncompared; run compare_passages afterwards (it "
                                 "compares what was left). For first loads of many thousands of documents.")

    def handle(self, *args, paths, dry_run, no_index, no_compare, **options):
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        with self.progress(dry_run) as on_progress:
            report = import_paths(paths, dry_run=dry_run, on_progress=on_progress, index=not no_index,
                                  compare=not no_compare, local_files=True)
        for outcome in report.outcomes:
            if outcome.action == FAILED:
                self.stderr.write(f"{outcome.location}: skipped: {outcome.detail}")
            elif options["verbosity"] >= 2 or (outcome.action != UNCHANGED and options["verbosity"] >= 1):
                detail = f" ({outcome.detail})" if outcome.detail else ""
                self.stdout.write(f"{outcome.location}: {outcome.action}: {outcome.title}{detail}")
            for note in outcome.notes if options["verbosity"] >= 1 else []:
                self.stdout.write(f"    {note}")
        self.stdout.write(("Dry run: " if dry_run else "") + report.summary())
        if no_index and not dry_run:
            self.stdout.write("The search index was not updated: run `manage.py rebuild_index --noinput` "
                              "to make these documents searchable.")

    def progress(self, dry_run):
        """Count records read, not imported: a record may yet be skipped, and the summary says which were."""
        doing = "Checking" if dry_run else "Importing"
        return progress(self.stdout, doing, "Read {done}/{total} records")
