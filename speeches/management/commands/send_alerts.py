"""Send the alerts that are due: each new document once per alert (``speeches.alerts.sending``)."""
from speeches.alerts.sending import AnotherRunIsSending, send_alerts
from speeches.management.repeating import RepeatingCommand


class Command(RepeatingCommand):
    help = ("Find the documents published since each active alert was last checked and send what is due: "
            "at once, or a daily or weekly digest. Safe to run from cron or a timer every few minutes, "
            "and to stop at any point: each document is reported once per alert.")

    def run_once(self, options, first):
        try:
            summary = send_alerts()
        except AnotherRunIsSending as busy:
            self.stdout.write(str(busy))
            return
        if summary.found or summary.mails or summary.failed or options["verbosity"] > 1:
            self.stdout.write(f"Alerts: {summary}.")
