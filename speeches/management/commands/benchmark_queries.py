import json

from django.core.management.base import BaseCommand

from speeches.bench.queries import measure_queries, measure_save_to_searchable


class Command(BaseCommand):
    help = "Time the search page, the Haystack path and raw Whoosh on this archive (used by `benchmark`)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per query.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed the corpus was generated with.")
        parser.add_argument("--output", required=True, help="JSON file to write the figures to.")

    def handle(self, *args, runs, seed, output, **options):
        figures = {"queries": measure_queries(runs, seed), "save_to_searchable_s": measure_save_to_searchable()}
        with open(output, "w") as stream:
            json.dump(figures, stream, indent=1)
        for row in figures["queries"]:
            self.stdout.write(f"{row['query']}: page p95 {row['page']['p95']:.1f} ms, "
                              f"haystack/raw {row['ratio_p50']:.2f}×")
