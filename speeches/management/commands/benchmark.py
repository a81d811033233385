import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speeches.bench.run import build_database, retime_queries, run_benchmark, write_report


class Command(BaseCommand):
    help = "Benchmark import, indexing and search on a synthetic archive; write docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=10_000, help="Number of documents (default 10000).")
        parser.add_argument("--queries", type=int, default=40,
                            help="Distinct queries timed per query type (default 40).")
        parser.add_argument("--seed", type=int, default=2026,
                            help="Corpus seed (default 2026); another seed gives a corpus the code never saw.")
        parser.add_argument("--work-dir", default=str(settings.DATA_DIR / "bench"),
                            help="Where the corpus and the benchmark archive go (default: var/bench).")
        parser.add_argument("--queries-only", action="store_true",
                            help="Time the queries again on the archive the last run at this size left.")
        parser.add_argument("--engines", nargs="+", choices=["whoosh", "opensearch"],
                            help="Engines timed side by side on the same archive and queries (default: whoosh; "
                                 "with --queries-only, every engine the archive was indexed on).")
        parser.add_argument("--cluster", default="127.0.0.1:9201,127.0.0.1:9202,127.0.0.1:9203",
                            help="The OpenSearch cluster's hosts (default: the one `make opensearch` starts); "
                                 "the benchmark writes the index bench-SIZE there.")
        parser.add_argument("--no-passages", action="store_true",
                            help="Never compare recurring passages (an hour at 100,000 on two cores): the engines' "
                                 "figures only.")
        parser.add_argument("--database-only", action="store_true",
                            help="Only build the archive's database (import without indexing or comparing "
                                 "passages), time nothing and write no report: an archive for `make bench-dumps`.")
        parser.add_argument("--report", default=str(settings.BASE_DIR / "docs" / "benchmarks.md"),
                            help="Markdown file whose section for this size is replaced.")

    def handle(self, *args, size, queries, seed, work_dir, report, queries_only, engines, cluster, no_passages,
               database_only, **options):
        if database_only:
            build_database(size, work_dir, self.stdout, seed=seed)
            self.stdout.write(f"Built the database of {work_dir}/archive-{size} (no index).")
            return
        if queries_only:
            try:
                figures = retime_queries(size, queries, work_dir, self.stdout, cluster, engines=engines)
            except FileNotFoundError as error:
                raise CommandError(str(error)) from None
        else:
            figures = run_benchmark(size, queries, work_dir, self.stdout, seed=seed, engines=engines or ["whoosh"],
                                    cluster=cluster, passages=not no_passages)
        write_report(figures, report)
        self.stdout.write(json.dumps(figures, indent=1))
        self.stdout.write(f"Wrote {report}.")
