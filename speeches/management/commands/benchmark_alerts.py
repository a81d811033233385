"""Time alerts matched against new documents (``speeches.bench.alerts``)."""
from django.core.management.base import BaseCommand, CommandError

from speeches.bench.alerts import measure_alerts
from speeches.models import Document


class Command(BaseCommand):
    help = ("Time matching ALERTS saved searches (drawn from this archive's documents) against its DOCUMENTS "
            "newest documents, as send_alerts does; writes nothing. Run it on a benchmark archive.")

    def add_arguments(self, parser):
        parser.add_argument("--alerts", type=int, default=10_000, help="How many alerts (default 10,000).")
        parser.add_argument("--documents", type=int, default=100, help="How many new documents (default 100).")
        parser.add_argument("--seed", type=int, default=2026, help="Seed for drawing the alerts' searches.")

    def handle(self, *args, alerts, documents, seed, **options):
        published = Document.objects.published().count()
        if published < documents:
            raise CommandError(f"The archive has {published} published documents; --documents asks for {documents}.")
        figures = measure_alerts(alerts, documents, seed)
        self.stdout.write(
            f"{figures['alerts']:,} alerts ({figures['distinct_queries']:,} distinct searches) against "
            f"{figures['documents']} new documents: {figures['total_s']:.1f} s (index {figures['index_s']:.1f} s, "
            f"matching {figures['matching_s']:.1f} s, {figures['per_alert_ms']:.2f} ms an alert), "
            f"{figures['matches']:,} matches")
