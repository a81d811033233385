"""The benchmark behind `make bench`: build a synthetic archive, time every step, write the figures.

Each step runs as its own process against a dedicated data folder, so its peak memory is its own
(os.wait4) and the measured archive never touches the development one.
"""
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

from django.conf import settings

from .corpus import write_corpus
from .languages import write_language_corpora


# From this size on the import only fills the database and the rebuild indexes once: indexing as
# documents arrive as well would add hours to the run.
IMPORT_WITHOUT_INDEXING_FROM = 50_000


# From that size, stock Whoosh is timed on this many queries per type (seconds each at 100,000).
RAW_QUERIES_FROM_LARGE = 10
# Documents rebuilt with one text, then with a Chinese original beside each.
SECOND_LANGUAGE_DOCUMENTS = 1000


def import_kind(indexes):
    return "database + batched indexing" if indexes else "database only"


def run_step(arguments, env):
    """Run ``manage.py arguments``; return (seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "manage.py", *arguments], cwd=settings.BASE_DIR, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, output


def folder_size_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1024 / 1024


def machine_info():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(), "django": version("django"),
        "haystack": version("django-haystack"), "whoosh": version("whoosh"),
    }


def run_benchmark(size, queries, work_dir, stdout, seed=2026):
    """Build a benchmark archive of ``size`` documents, time it, and return (and keep) the figures."""
    work_dir = Path(work_dir)
    data_dir = work_dir / f"archive-{size}"
    corpus = work_dir / f"corpus-{size}-{seed}.jsonl"
    work_dir.mkdir(parents=True, exist_ok=True)
    if not corpus.exists():
        stdout.write(f"Generating {size} documents…")
        write_corpus(corpus, size, seed)
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    data_dir.mkdir(parents=True)
    env = archive_env(data_dir)

    stdout.write("Migrating…")
    run_step(["migrate", "--noinput", "-v0"], env)
    import_indexes = size < IMPORT_WITHOUT_INDEXING_FROM
    if import_indexes:  # a whole pass over no documents, as `make run` leaves the index: imports then write into it
        run_step(["rebuild_index", "--noinput"], env)
    stdout.write(f"Importing {size} documents ({import_kind(import_indexes)})…")
    import_seconds, import_rss, _ = run_step(
        ["import_documents", str(corpus), *([] if import_indexes else ["--no-index"])], env)
    stdout.write(f"  {size / import_seconds:.1f} docs/s")
    stdout.write("Rebuilding the index…")
    rebuild_seconds, rebuild_rss, _ = run_step(["rebuild_index", "--noinput"], env)
    stdout.write(f"  {size / rebuild_seconds:.1f} docs/s")
    stdout.write("Comparing every document's passages again…")
    passages_seconds, passages_rss, _ = run_step(["compare_passages", "--all"], env)
    stdout.write(f"  {size / passages_seconds:.1f} docs/s")
    second_language = measure_second_language(work_dir, corpus, min(size, SECOND_LANGUAGE_DOCUMENTS), stdout)
    figures = {
        "second_language": second_language,
        "size": size,
        "seed": seed,
        "corpus_mb": round(corpus.stat().st_size / 1024 / 1024, 1),
        "import_docs_per_s": size / import_seconds,
        "import_seconds": import_seconds,
        "import_indexes": import_indexes,
        "rebuild_docs_per_s": size / rebuild_seconds,
        "rebuild_seconds": rebuild_seconds,
        "index_mb": folder_size_mb(data_dir / "whoosh"),
        "database_mb": (data_dir / "archive.sqlite3").stat().st_size / 1024 / 1024,
        "passages_ms_per_document": passages_seconds / size * 1000,
        "peak_rss_mb": {"import": import_rss, "rebuild": rebuild_rss, "passages": passages_rss},
    }
    return time_queries(figures, queries, work_dir, stdout)


def measure_second_language(work_dir, corpus, size, stdout):
    """Rebuild the index of ``size`` documents with their one text, then with a Chinese original
    beside each; return both rebuilds' docs/s and index sizes."""
    one_text, two_texts = work_dir / f"one-text-{size}.jsonl", work_dir / f"two-texts-{size}.jsonl"
    write_language_corpora(corpus, one_text, two_texts, size)
    figures = {"documents": size}
    for name, texts in [("one_text", one_text), ("two_texts", two_texts)]:
        data_dir = work_dir / f"archive-{name}"
        subprocess.run(["rm", "-rf", str(data_dir)], check=True)
        data_dir.mkdir(parents=True)
        env = archive_env(data_dir)
        run_step(["migrate", "--noinput", "-v0"], env)
        run_step(["import_documents", str(texts), "--no-index"], env)
        stdout.write(f"Rebuilding {size} documents ({name.replace('_', ' ')})…")
        seconds, rss, _ = run_step(["rebuild_index", "--noinput"], env)
        figures[name] = {"docs_per_s": size / seconds, "index_mb": folder_size_mb(data_dir / "whoosh"), "peak_rss_mb": rss}
        stdout.write(f"  {size / seconds:.1f} docs/s")
    return figures


def retime_queries(size, queries, work_dir, stdout):
    """Time the queries again on the archive the last full run at ``size`` left; keep its other figures."""
    figures_json = Path(work_dir) / f"figures-{size}.json"
    if not figures_json.exists():
        raise FileNotFoundError(f"No benchmark archive of {size} documents in {work_dir}: run the full benchmark")
    return time_queries(json.loads(figures_json.read_text()), queries, work_dir, stdout)


def time_queries(figures, queries, work_dir, stdout):
    """Add the query timings (and the machine they ran on) to ``figures``; keep them for a later re-run."""
    work_dir = Path(work_dir)
    size = figures["size"]
    stdout.write(f"Timing queries ({queries} distinct queries per type)…")
    queries_json = work_dir / f"queries-{size}.json"
    raw_queries = ["--raw-queries", str(RAW_QUERIES_FROM_LARGE)] if size >= IMPORT_WITHOUT_INDEXING_FROM else []
    _, query_rss, _ = run_step(["benchmark_queries", "--queries", str(queries), "--output", str(queries_json),
                                *raw_queries], archive_env(work_dir / f"archive-{size}"))
    figures = {**figures, **json.loads(queries_json.read_text()),
               "date": datetime.date.today().isoformat(), "machine": machine_info()}
    figures["peak_rss_mb"] = {**figures["peak_rss_mb"], "queries": query_rss}
    (work_dir / f"figures-{size}.json").write_text(json.dumps(figures, indent=1))
    return figures


def archive_env(data_dir):
    """Return the environment of a step run on the benchmark archive in ``data_dir`` (never the real one)."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    for name in ("DATABASE_URL", "SEARCH_URL"):
        env.pop(name, None)
    return env


def markdown_section(figures):
    """Return the docs/benchmarks.md section for one run."""
    machine = figures["machine"]
    rss = figures["peak_rss_mb"]
    lines = [
        f"## {figures['size']:,} documents (measured {figures['date']})",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python "
        f"{machine['python']}, Django {machine['django']}, django-haystack {machine['haystack']}, "
        f"Whoosh {machine['whoosh']}. Corpus: {figures['corpus_mb']} MB of JSONL.",
        "",
        "| Step | Figure |",
        "| --- | --- |",
        f"| Import ({import_kind(figures.get('import_indexes', True))}) | {figures['import_docs_per_s']:.1f} docs/s ({figures['import_seconds']:.0f} s) |",
        f"| Full index rebuild | {figures['rebuild_docs_per_s']:.1f} docs/s ({figures['rebuild_seconds']:.0f} s) |",
        f"| Index size / database size | {figures['index_mb']:.0f} MB / {figures['database_mb']:.0f} MB |",
        f"| Peak RSS: import / rebuild / queries | {rss['import']:.0f} / {rss['rebuild']:.0f} / {rss['queries']:.0f} MB |",
        f"| One saved document searchable after | {figures['save_to_searchable_s'] * 1000:.0f} ms |",
        *passages_lines(figures),
        *second_language_lines(figures),
        "",
        "Times in ms, p50 / p95 over distinct queries drawn from the archive's documents (each with hits, "
        "none timed twice; `speeches/bench/drawn.py`). *Page*: the whole search page through Django's "
        "test client (query, facets, snippets, template). *search()*: the search package's one exit, with "
        "facets. *Stock Whoosh*: the same compiled query answered by Whoosh's own filters, facet counts "
        "and sort on one reused searcher (`speeches/search/engines/whoosh/stock.py`).",
        "",
        "| Query type | Queries | Hits (min / median / max) | Page | search() | Stock Whoosh |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in figures["queries"]:
        hits = row["hits"]
        raw = f"{row['raw']['p50']:.1f} / {row['raw']['p95']:.1f}"
        if row["raw"]["runs"] < row["queries"]:
            raw += f" ({row['raw']['runs']} queries)"
        lines.append(
            f"| {row['query']} | {row['queries']} | {hits['min']} / {round(hits['median'])} / {hits['max']} | "
            f"{row['page']['p50']:.1f} / {row['page']['p95']:.1f} | "
            f"{row['search']['p50']:.1f} / {row['search']['p95']:.1f} | {raw} |")
    lines += research_lines(figures)
    return "\n".join(lines).rstrip("\n") + "\n"


def passages_lines(figures):
    if "passages_ms_per_document" not in figures:  # measured before recurring passages existed
        return []
    return [f"| Recurring passages compared (every document again; part of import too) | "
            f"{figures['passages_ms_per_document']:.1f} ms per document, peak RSS "
            f"{figures['peak_rss_mb']['passages']:.0f} MB |"]


def second_language_lines(figures):
    if "second_language" not in figures:  # measured before documents had other texts
        return []
    measured = figures["second_language"]
    one, two = measured["one_text"], measured["two_texts"]
    return [f"| A second language: the first {measured['documents']:,} documents rebuilt with their English text, then "
            f"with a Chinese original beside each (`speeches/bench/languages.py`) | {one['docs_per_s']:.1f} → "
            f"{two['docs_per_s']:.1f} docs/s; index {one['index_mb']:.0f} → {two['index_mb']:.0f} MB; "
            f"peak RSS {one['peak_rss_mb']:.0f} → {two['peak_rss_mb']:.0f} MB |"]


def research_lines(figures):
    if "research" not in figures:
        return []
    lines = ["", ("Research views, ms p50 / p95 over distinct drawn queries, none given to two views "
                  "(`speeches/bench/research.py`):"), "",
             "| View | Runs | Matching documents (min / median / max) | p50 / p95 |", "| --- | ---: | ---: | ---: |"]
    for row in figures["research"]:
        runs, hits = row["runs"], row.get("hits")
        matching = f"{hits['min']} / {round(hits['median'])} / {hits['max']}" if hits else ""
        lines.append(f"| {row['view']} | {runs['runs']} | {matching} | {runs['p50']:.1f} / {runs['p95']:.1f} |")
    return lines


def write_report(figures, path):
    """Replace (or add) this size's section in docs/benchmarks.md, keeping everything before the sizes."""
    path = Path(path)
    text = path.read_text() if path.exists() else BENCHMARKS_INTRO
    intro, *size_sections = SIZE_HEADING.split(text)
    sections = [section for section in size_sections if size_of(section) != figures["size"]]
    sections.append(markdown_section(figures))
    sections.sort(key=size_of)
    path.write_text("\n".join(part.rstrip("\n") + "\n" for part in [intro, *sections]))


# The start of one size's section, e.g. "## 10,000 documents (measured ...)".
SIZE_HEADING = re.compile(r"^(?=## [\d,]+ documents)", re.MULTILINE)


def size_of(section):
    return int(section.split()[1].replace(",", ""))


BENCHMARKS_INTRO = """# Benchmarks

`make bench` (10,000 documents) and `make bench SIZE=100000` build a synthetic archive from a
deterministic corpus (`speeches/bench/corpus.py`: 800–4000-word bodies, Zipf-distributed vocabulary of
real diplomatic words with a long tail of invented names, 300 speakers, 150 venues, 12 regions, and
verbatim quotes planted in known documents), import it, rebuild the index and time 40 distinct queries
per query type drawn from the archive's documents (`--seed` gives a corpus the code never saw). Each run
replaces its section below. Targets: at 10,000 documents, search page p95 ≤ 100 ms for every query type,
rebuild ≥ 50 docs/s, peak RSS ≤ 1 GB, a saved document searchable within 1 s; at 100,000, page p95
≤ 250 ms and a saved document searchable within 1 s.
"""
