from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from speeches.importers.document_files import write_jsonl, write_markdown_folder
from speeches.models import Document, Office


class Command(BaseCommand):
    help = ("Export every document (drafts included; not the draft copies open for a correction, which a backup "
            "keeps) as JSONL (default) or as a folder of Markdown files.")

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="File to write the JSONL to (default: standard output).")
        parser.add_argument("--format", choices=["jsonl", "md"], default="jsonl", help="jsonl or md.")
        parser.add_argument("folder", nargs="?", help="With --format md: the folder to write .md files into.")

    def handle(self, *args, output, format, folder, **options):
        offices = Prefetch("speakers__person__offices",
                           queryset=Office.objects.select_related("organisation", "country"))
        # A correction's copy is no document of its own: imported elsewhere it would be an unlinked duplicate.
        documents = (Document.objects.filter(corrects__isnull=True).order_by("pk").with_index_data().prefetch_related(offices)
                     .iterator(chunk_size=500))
        if format == "md":
            if not folder:
                raise CommandError("--format md needs a folder: export_documents --format md DIR")
            count = write_markdown_folder(documents, folder)
            self.stderr.write(f"Exported {count} documents to {folder}/.")
            return
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                count = write_jsonl(documents, stream)
        else:
            count = write_jsonl(documents, self.stdout)
        self.stderr.write(f"Exported {count} documents{f' to {output}' if output else ''}.")
