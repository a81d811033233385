"""Send the alerts that are due: each new document once per alert (``speeches.alerts.sending``)."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from speeches.alerts.sending import AnotherRunIsSending, send_alerts


class Command(BaseCommand):
    help = ("Find the documents published since each active alert was last checked and send what is due: "
            "at once, or a daily or weekly digest. Safe to run from cron or a timer every few minutes, "
            "and to stop at any point: each document is reported once per alert.")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="Run again every SECONDS until stopped (what `make run` does), instead of once.")

    def handle(self, *args, **options):
        every = options["every"]
        if every is not None and every < 1:
            raise CommandError("--every takes a number of seconds, 1 or more.")
        while True:
            self.run_once(options["verbosity"])
            if every is None:
                return
            close_old_connections()
            time.sleep(every)

    def run_once(self, verbosity):
        try:
            summary = send_alerts()
        except AnotherRunIsSending as busy:
            self.stdout.write(str(busy))
            return
        if summary.found or summary.mails or summary.failed or verbosity > 1:
            self.stdout.write(f"Alerts: {summary}.")
