import json

from django.core.management.base import BaseCommand

from speeches.bench.queries import measure_country_facet, measure_queries, measure_save_to_searchable
from speeches.bench.research import measure_research


class Command(BaseCommand):
    help = ("Time the search page, search() and stock Whoosh on distinct queries drawn from this archive's "
            "documents (used by `benchmark`).")

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=40, help="Distinct queries per query type.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed for drawing the queries.")
        parser.add_argument("--raw-queries", type=int, default=None,
                            help="Time stock Whoosh on only this many queries per type (default: all).")
        parser.add_argument("--output", required=True, help="JSON file to write the figures to.")

    def handle(self, *args, queries, seed, output, raw_queries, **options):
        figures = {"queries": measure_queries(queries, seed, raw_queries),
                   "research": measure_research(queries, seed),
                   "country_facet": measure_country_facet(queries, seed),
                   "save_to_searchable_s": measure_save_to_searchable()}
        with open(output, "w") as stream:
            json.dump(figures, stream, indent=1)
        for row in figures["queries"]:
            self.stdout.write(f"{row['query']}: page p50 {row['page']['p50']:.1f} ms, p95 {row['page']['p95']:.1f} ms")
        facet = figures["country_facet"]
        self.stdout.write(f"country facet: search() p50 {facet['with']['p50']:.1f} ms with it, "
                          f"{facet['without']['p50']:.1f} ms without")
        for row in figures["research"]:
            if row["runs"]:  # none: no document with recurring passages to time
                self.stdout.write(f"{row['view']}: p50 {row['runs']['p50']:.1f} ms, p95 {row['runs']['p95']:.1f} ms")
