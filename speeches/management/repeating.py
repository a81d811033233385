"""A command run once, or again every SECONDS until stopped (``--every``), as `make run`'s background jobs are."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections


class RepeatingCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="Run again every SECONDS until stopped (what `make run` does), instead of once.")

    def handle(self, *args, **options):
        every = options["every"]
        if every is not None and every < 1:
            raise CommandError("--every takes a number of seconds, 1 or more.")
        first = True
        while True:
            self.run_once(options, first)
            if every is None:
                return
            first = False
            close_old_connections()  # a connection held through the sleep may have been closed by the server
            time.sleep(every)

    def run_once(self, options, first):
        """Do the command's work once; ``first`` on the first run of the command."""
        raise NotImplementedError
