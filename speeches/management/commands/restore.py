from django.core.management.base import BaseCommand, CommandError

from speeches.backups import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = ("Replace the archive's contents (rows and source files: stored files no restored row names are "
            "deleted) with a backup made by `backup`, then rebuild the search index.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, path, yes, **options):
        try:
            manifest, data = read_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not yes:
            answer = input(f"Replace everything in this archive with the backup of {manifest['created']} "
                           f"({manifest['documents']} documents)? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            forgotten = restore_backup(manifest, data, path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {manifest['documents']} documents and {manifest.get('source_files', 0)} source "
                          f"files from {path}; {forgotten} stored files no restored row names were deleted; the "
                          "search index was rebuilt.")
