"""Find the words and phrases each speaker uses more than the rest of the archive (docs/research.md)."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from speeches.research.keywords import find_keywords


class Command(BaseCommand):
    help = ("Count again the speakers whose published documents changed since they were last counted (and "
            "everyone once the archive's size changed by 1%), and store the words and phrases each uses "
            "more than the rest of the archive. Safe to run at any time, and to stop: a speaker's figures "
            "are replaced at once.")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Count every speaker again.")
        parser.add_argument("--every", type=int, metavar="SECONDS",
                            help="Look again every SECONDS until stopped (what `make run` does), instead of once.")

    def handle(self, *args, **options):
        every = options["every"]
        if every is not None and every < 1:
            raise CommandError("--every takes a number of seconds, 1 or more.")
        everyone = options["all"]
        while True:
            found = find_keywords(everyone=everyone)
            if found.speakers or found.removed or options["verbosity"] > 1:
                self.stdout.write(f"Keywords: {found}.")
            if every is None:
                return
            everyone = False
            close_old_connections()
            time.sleep(every)
