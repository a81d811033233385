"""One editor in the concurrency test: creates, corrects, unpublishes and deletes documents.

Run as a separate process: python tests/system/concurrency_worker.py WORKER ROUNDS
"""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from speeches.models import Document  # noqa: E402


def edit(worker, rounds):
    """Round r: create and correct a document; unpublish it when r % 3 == 1, delete it when r % 3 == 2."""
    for round_number in range(rounds):
        document = Document.objects.create(
            title=f"Worker {worker} round {round_number}", status=Document.Status.PUBLISHED,
            body=f"Saved by worker{worker} in round{round_number}.",
        )
        document.body += f"\n\nCorrected by worker{worker}."
        document.save()
        if round_number % 3 == 1:
            document.status = Document.Status.DRAFT
            document.save()
        elif round_number % 3 == 2:
            document.delete()


if __name__ == "__main__":
    edit(int(sys.argv[1]), int(sys.argv[2]))
