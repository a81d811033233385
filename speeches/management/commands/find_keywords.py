"""Find the words and phrases each speaker uses more than the rest of the archive (docs/research.md)."""
from speeches.management.repeating import RepeatingCommand
from speeches.research.keywords import find_keywords


class Command(RepeatingCommand):
    help = ("Count again the speakers whose published documents changed since they were last counted (and "
            "everyone once the archive's size changed by 1%), and store the words and phrases each uses "
            "more than the rest of the archive. Safe to run at any time, and to stop: a speaker's figures "
            "are replaced at once.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--all", action="store_true", help="Count every speaker again (on the first run).")

    def run_once(self, options, first):
        found = find_keywords(everyone=options["all"] and first)
        if found.speakers or found.removed or options["verbosity"] > 1:
            self.stdout.write(f"Keywords: {found}.")
