from django.core.management.base import BaseCommand, CommandError

from speeches.opendata.dumps import write_dump


class Command(BaseCommand):
    help = ("Write a versioned, dated dump of every published document (JSON lines, CSV, a manifest listing their "
            "source files, and the changes since the previous dump) to DATA_DIR/dumps/, served at /data/. Safe to "
            "run from cron.")

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=None,
                            help="How many dumps to keep, this one included (default: OPEN_DATA_DUMPS_KEPT).")

    def handle(self, *args, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1: the dump just written is kept.")
        manifest = write_dump(keep=keep)
        if options["verbosity"] > 1:
            for file in manifest["files"]:
                self.stdout.write(f"  {file['name']}: {file['bytes']} bytes, sha256 {file['sha256']}")
        for skipped in manifest["skipped"]:
            self.stderr.write(f"{skipped['public_id']}: left out of the dump: {skipped['error']}")
        changes = manifest["changes"]
        self.stdout.write(f"Wrote dump {manifest['version']}: {manifest['documents']} documents "
                          f"({changes['added']} added, {changes['corrected']} corrected, "
                          f"{changes['withdrawn']} withdrawn), listing {len(manifest['source_files'])} source files"
                          + (f"; {len(manifest['skipped'])} left out." if manifest["skipped"] else "."))
