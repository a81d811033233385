"""Time the open-data dumps on this archive (``speeches.bench.dumps``)."""
import json
import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speeches.bench.dumps import dump_figures, summary, time_reading, timed_formats, write_report
from speeches.models import Document
from speeches.opendata import dumps


class Command(BaseCommand):
    help = ("Time write_dumps on this archive (run it on a benchmark archive: make bench-dumps): the whole dump, "
            "each format, reading the documents, peak memory and each file's size; replace this size's dumps "
            "section of docs/benchmarks.md.")

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=1,
                            help="Dumps kept in this archive, the new one included (default 1: the one before "
                                 "is still read for the changes, then removed).")
        parser.add_argument("--report", default=str(settings.BASE_DIR / "docs" / "benchmarks.md"),
                            help="Markdown file whose dumps section for this size is replaced; '' writes none.")

    def handle(self, *args, keep, report, **options):
        if keep < 1:
            raise CommandError("--keep must be at least 1: the dump just written is kept.")
        if not Document.objects.published().exists():
            raise CommandError("No published document to dump: run it on a benchmark archive (make bench-dumps).")
        format_s = {}
        started = time.perf_counter()
        manifest = dumps.write_dump(keep=keep, formats=timed_formats(dumps.FORMATS, format_s))
        total_s = time.perf_counter() - started
        reading_s, _ = time_reading(dumps.published_documents())
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        figures = dump_figures(manifest, total_s, format_s, reading_s, peak_rss_mb, dumps.COMPRESSION_LEVEL)
        self.stdout.write(summary(figures))
        if options["verbosity"] > 1:
            self.stdout.write(json.dumps(figures, indent=1))
        if report:
            write_report(figures, report)
            self.stdout.write(f"Wrote {report}.")
