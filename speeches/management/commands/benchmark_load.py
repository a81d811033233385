import json

from django.core.management.base import BaseCommand

from speeches.bench.load import WARM_UP, load_queries, measure_load, warm_up


class Command(BaseCommand):
    help = ("Time search pages of a served archive under concurrent clients, each run on queries of its own "
            "drawn from this archive's documents (used by `benchmark`).")

    def add_arguments(self, parser):
        parser.add_argument("--url", required=True, help="The served archive, e.g. http://127.0.0.1:8765.")
        parser.add_argument("--clients", type=int, nargs="+", default=[4, 16], help="Concurrent clients per run.")
        parser.add_argument("--seconds", type=int, default=30, help="How long each run lasts.")
        parser.add_argument("--seed", type=int, default=2027, help="Seed for drawing the queries.")
        parser.add_argument("--output", required=True, help="JSON file to write the figures to.")

    def handle(self, *args, url, clients, seconds, seed, output, **options):
        per_run = 60 * seconds  # more than two workers answer in that time, so no run runs out
        queries = load_queries(WARM_UP + per_run * len(clients), seed)
        warm_up(url, queries[:WARM_UP])
        runs = []
        for number, count in enumerate(clients):
            start = WARM_UP + number * per_run
            runs.append(measure_load(url, count, seconds, queries[start:start + per_run]))
            latency = runs[-1]["latency"] or {"p50": 0, "p95": 0}
            self.stdout.write(f"{count} clients: {runs[-1]['searches_per_s']:.1f} searches/s, p50 "
                              f"{latency['p50']:.0f} ms, p95 {latency['p95']:.0f} ms, {runs[-1]['failures']} failed")
        with open(output, "w") as stream:
            json.dump({"load": runs}, stream, indent=1)
