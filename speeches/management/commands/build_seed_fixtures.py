import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from speeches.importers.seeds import SeedError, build_seed_fixture


class Command(BaseCommand):
    help = "Regenerate fixtures/seed_documents.json from the seed texts and fixtures/seeds.yaml."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seeds", default=str(settings.BASE_DIR.parent / "shared" / "seeds"),
            help="Folder of the seed .txt files (default: ../shared/seeds).",
        )
        parser.add_argument(
            "--metadata", default=str(settings.BASE_DIR / "fixtures" / "seeds.yaml"),
            help="Curated metadata (default: fixtures/seeds.yaml).",
        )
        parser.add_argument(
            "-o", "--output", default=str(settings.BASE_DIR / "fixtures" / "seed_documents.json"),
            help="Fixture file to write (default: fixtures/seed_documents.json).",
        )

    def handle(self, *args, seeds, metadata, output, **options):
        if not Path(seeds).is_dir():
            raise CommandError(f"No seed folder at {seeds}; pass --seeds.")
        try:
            rows = build_seed_fixture(metadata, seeds)
        except (SeedError, FileNotFoundError) as error:
            raise CommandError(str(error)) from error
        Path(output).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        documents = sum(1 for row in rows if row["model"] == "speeches.document")
        self.stdout.write(f"Wrote {documents} documents ({len(rows)} rows) to {output}.")
