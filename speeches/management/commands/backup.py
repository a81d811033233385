from django.core.management.base import BaseCommand
from django.utils import timezone

from speeches.backups import write_backup


class Command(BaseCommand):
    help = "Write a consistent backup of the archive (documents, history, users, source files) to a .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Backup file (default: archive-backup-<date-time>.tar.gz).")

    def handle(self, *args, output, **options):
        output = output or f"archive-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = write_backup(output)
        self.stdout.write(f"Backed up {manifest['documents']} documents ({manifest['published']} published) and "
                          f"{manifest['source_files']} source files to {output}.")
        if manifest["sources_missing"]:
            self.stderr.write(f"{len(manifest['sources_missing'])} source files named by the rows were no longer "
                              f"stored (deleted while the backup ran?): {', '.join(manifest['sources_missing'][:5])}")
