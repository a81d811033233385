"""Twenty editors saving at once, each in its own process, against one SQLite file and one Whoosh index."""
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).resolve().parent / "concurrency_worker.py"
WORKERS = 20
ROUNDS = 3  # one round of each kind: kept, unpublished, deleted (each worker's saves all race the others')


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_editors_lose_nothing(tmp_path):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("SEARCH_URL", None)
    assert manage(env, "migrate", "--noinput").returncode == 0
    assert manage(env, "prepare_index").returncode == 0  # as at every start: saves reach a complete index only

    started = time.monotonic()
    workers = [
        subprocess.Popen([sys.executable, str(WORKER), str(n), str(ROUNDS)], cwd=REPO, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(WORKERS)
    ]
    failures = []
    for worker in workers:
        _, stderr = worker.communicate(timeout=300)
        if worker.returncode != 0 or "Error" in stderr:
            failures.append(stderr[-2000:])
    elapsed = time.monotonic() - started
    assert not failures, failures[0]

    check = manage(env, "check_index")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "The search index matches the database." in check.stdout

    counts = manage(env, "shell", "-c", (
        "from speeches.models import Document; from haystack.query import SearchQuerySet; "
        "print(Document.objects.published().count(), Document.objects.count(), SearchQuerySet().count())"))
    published, stored, indexed = map(int, counts.stdout.split()[-3:])
    expected_published = WORKERS * len([r for r in range(ROUNDS) if r % 3 == 0])
    assert (published, indexed) == (expected_published, expected_published)
    assert stored == WORKERS * len([r for r in range(ROUNDS) if r % 3 != 2])
    saves = WORKERS * sum(3 if r % 3 else 2 for r in range(ROUNDS))
    print(f"\n{WORKERS} processes, {saves} saves and deletes in {elapsed:.1f}s; "
          f"{indexed} indexed = {published} published")


def test_pages_keep_reading_while_an_import_writes(tmp_path):
    """With write-ahead logging a reader never waits for a writer, however much it has written."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    env.pop("DATABASE_URL", None)
    assert manage(env, "migrate", "--noinput").returncode == 0
    assert manage(env, "prepare_index").returncode == 0  # as at every start: saves reach a complete index only
    database = tmp_path / "archive.sqlite3"
    writer = sqlite3.connect(database, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    writer.execute("PRAGMA cache_size=10")  # a small cache spills to disk, as a long import does
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany("INSERT INTO speeches_country (name, sort_name, slug, wikidata, alpha_2, alpha_3) "
                       "VALUES (?, ?, ?, '', '', '')",
                       ((f"Country {n}", f"country {n}", f"country-{n}") for n in range(50_000)))
    reader = sqlite3.connect(database, timeout=1)
    assert reader.execute("SELECT count(*) FROM speeches_country").fetchone() == (0,)
    writer.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM speeches_country").fetchone() == (50_000,)
