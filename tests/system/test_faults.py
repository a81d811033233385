"""Faults: the server killed mid-import."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def wait_until_some_are_committed(database, process, timeout=300):
    """Return once the import has committed a document (killed then, it is mid-way however fast the
    machine), failing if it ends or the timeout passes first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import ended before it could be killed"
        with sqlite3.connect(database, timeout=30) as connection:
            if connection.execute("SELECT COUNT(*) FROM speeches_document").fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError(f"no document committed in {timeout} s")


@pytest.mark.django_db(transaction=True)
def test_killing_an_import_leaves_no_half_written_document_and_the_next_one_catches_up(tmp_path):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("SEARCH_URL", None)
    (tmp_path / "data").mkdir()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run([*manage, "prepare_index"], cwd=REPO, env=env, check=True, capture_output=True)  # as at start
    records = tmp_path / "many.jsonl"
    records.write_text("".join(json.dumps({
        "title": f"Document {n}", "external_id": f"kill-{n}", "status": "published",
        "speakers": [{"name": f"Speaker {n}", "role": "Envoy"}, f"Second {n}"], "regions": [f"Region {n % 7}"],
        "body": "\n\n".join(f"Paragraph {p} of document {n}." for p in range(40)),
    }) + "\n" for n in range(3000)))
    process = subprocess.Popen([*manage, "import_documents", str(records)], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until_some_are_committed(tmp_path / "data" / "archive.sqlite3", process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    shell = subprocess.run([*manage, "shell", "-c", (
        "from speeches.models import Document;"
        "docs = list(Document.objects.prefetch_related('speakers', 'regions'));"
        "print(len(docs), sum(1 for d in docs if d.speakers.count() == 2 and d.regions.count() == 1 "
        "and len(d.paragraphs) == 40))")], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    stored, complete = map(int, shell.stdout.split()[-2:])
    assert 0 < stored < 3000 and complete == stored
    # The next import, of anything, first indexes what the killed one committed.
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"title": "Another", "body": "Another text.", "status": "published"}) + "\n")
    subprocess.run([*manage, "import_documents", str(other)], cwd=REPO, env=env, check=True, capture_output=True)
    check = subprocess.run([*manage, "check_index"], cwd=REPO, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-2000:]
