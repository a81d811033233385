"""The benchmark behind `make bench`: build a synthetic archive, time every step, write the figures.

Each step runs as its own process against a dedicated data folder, so its peak memory is its own
(os.wait4) and the measured archive never touches the development one.
"""
import datetime
import json
import os
import platform
import re
import socket
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
# Concurrent clients of the served archive, and how long each run lasts (seconds).
LOAD_CLIENTS = (4, 16)
LOAD_SECONDS = 30


def import_kind(indexes, compared=True):
    if not indexes:
        return "database only"
    return "database + batched indexing" + (" + passages compared" if compared else "")


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


def run_benchmark(size, queries, work_dir, stdout, seed=2026, engines=("whoosh",), cluster=None,
                  load_seconds=LOAD_SECONDS, passages=True):
    """Build a benchmark archive of ``size`` documents, time it on each of ``engines`` ("whoosh", and
    "opensearch" on the cluster whose hosts ``cluster`` names), and return (and keep) the figures.
    Without ``passages``, recurring passages are never compared (the engines' figures only)."""
    work_dir = Path(work_dir)
    data_dir = work_dir / f"archive-{size}"
    import_indexes = size < IMPORT_WITHOUT_INDEXING_FROM
    corpus, import_seconds, import_rss = build_database(size, work_dir, stdout, seed, import_indexes, passages)
    env = archive_env(data_dir)
    engine_envs = {engine: engine_env(engine, data_dir, size, cluster) for engine in engines}
    rebuilds = {}
    for engine, engine_environment in engine_envs.items():
        stdout.write(f"Rebuilding the index ({engine})…")
        seconds, rss, _ = run_step(["rebuild_index", "--noinput"], engine_environment)
        rebuilds[engine] = {"docs_per_s": size / seconds, "seconds": seconds, "peak_rss_mb": rss}
        stdout.write(f"  {size / seconds:.1f} docs/s")
    figures = {
        "engines": list(engines),
        "rebuild": rebuilds,
        "size": size,
        "seed": seed,
        "corpus_mb": round(corpus.stat().st_size / 1024 / 1024, 1),
        "import_docs_per_s": size / import_seconds,
        "import_seconds": import_seconds,
        "import_indexes": import_indexes,
        "import_compared": import_indexes and passages,
        "index_mb": folder_size_mb(data_dir / "whoosh"),
        "database_mb": (data_dir / "archive.sqlite3").stat().st_size / 1024 / 1024,
        "peak_rss_mb": {"import": import_rss},
    }
    if passages:
        stdout.write("Comparing every document's passages…")
        passages_seconds, figures["peak_rss_mb"]["passages"], _ = run_step(["compare_passages", "--all"], env)
        figures["passages_ms_per_document"] = passages_seconds / size * 1000
        stdout.write(f"  {size / passages_seconds:.1f} docs/s")
    stdout.write("Finding every speaker's keywords…")
    figures.update(measure_keywords(env))
    stdout.write(f"  {figures['keywords']['speakers']} speakers in {figures['keywords']['seconds']:.0f} s")
    if "whoosh" in engines:
        figures["second_language"] = measure_second_language(
            work_dir, corpus, min(size, SECOND_LANGUAGE_DOCUMENTS), stdout)
    (work_dir / f"figures-{size}.json").write_text(json.dumps(figures, indent=1))
    return time_queries(figures, queries, work_dir, stdout, cluster, load_seconds)


def measure_keywords(env):
    """Find every speaker's keywords (``find_keywords --all``), as speaker pages read them; return its figures."""
    seconds, rss, output = run_step(["find_keywords", "--all"], env)
    counted = re.search(r"(\d+) speaker\(s\) counted", output)
    return {"keywords": {"seconds": seconds, "peak_rss_mb": rss, "speakers": int(counted.group(1)) if counted else 0}}


def build_database(size, work_dir, stdout, seed=2026, indexes=False, compare=True):
    """Build the benchmark archive's database of ``size`` documents afresh in ``work_dir/archive-SIZE``
    (indexing as documents arrive only with ``indexes``, and comparing their passages too unless not
    ``compare``); return the corpus's path, the import's seconds and its peak RSS in MB."""
    work_dir = Path(work_dir)
    data_dir = work_dir / f"archive-{size}"
    corpus = work_dir / f"corpus-{size}-{seed}.jsonl"
    work_dir.mkdir(parents=True, exist_ok=True)
    if not corpus.exists():
        stdout.write(f"Generating {size} documents…")
        write_corpus(corpus, size, seed)
    subprocess.run(["rm", "-rf", str(data_dir)], check=True)
    (work_dir / f"figures-{size}.json").unlink(missing_ok=True)  # they described the archive just removed
    data_dir.mkdir(parents=True)
    env = archive_env(data_dir)

    stdout.write("Migrating…")
    run_step(["migrate", "--noinput", "-v0"], env)
    if indexes:  # a whole pass over no documents, as `make run` leaves the index: imports then write into it
        run_step(["rebuild_index", "--noinput"], env)
    stdout.write(f"Importing {size} documents ({import_kind(indexes, compare)})…")
    skipped = [] if indexes else ["--no-index"]
    if not (indexes and compare):
        skipped.append("--no-compare")
    import_seconds, import_rss, _ = run_step(["import_documents", str(corpus), *skipped], env)
    stdout.write(f"  {size / import_seconds:.1f} docs/s")
    return corpus, import_seconds, import_rss


def engine_env(engine, data_dir, size, cluster):
    """Return the environment of a step on the benchmark archive searched by ``engine``."""
    env = archive_env(data_dir)
    if engine == "opensearch":
        if not cluster:
            raise ValueError("Benchmarking OpenSearch needs the cluster's hosts (--cluster)")
        env["SEARCH_URL"] = f"opensearch://{cluster}/bench-{size}"
    return env


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


def retime_queries(size, queries, work_dir, stdout, cluster=None, load_seconds=LOAD_SECONDS, engines=None):
    """Time the queries again on the archive the last full run at ``size`` left, on ``engines`` (default:
    every engine it was built for); keep its other figures."""
    figures_json = Path(work_dir) / f"figures-{size}.json"
    if not figures_json.exists():
        raise FileNotFoundError(f"No benchmark archive of {size} documents in {work_dir}: run the full benchmark")
    figures = json.loads(figures_json.read_text())
    unbuilt = set(engines or ()) - set(figures["engines"])
    if unbuilt:
        raise FileNotFoundError(f"The benchmark archive of {size} documents was not indexed on {', '.join(sorted(unbuilt))}")
    return time_queries(figures, queries, work_dir, stdout, cluster, load_seconds, engines)


def time_queries(figures, queries, work_dir, stdout, cluster, load_seconds, engines=None):
    """Add the query, research and load timings of each of ``engines`` (default: every engine of
    ``figures``) and the machine they ran on to ``figures``; keep them for a later re-run. Each load
    run lasts ``load_seconds``."""
    work_dir = Path(work_dir)
    size = figures["size"]
    data_dir = work_dir / f"archive-{size}"
    timed = dict(figures.get("timed", {}))
    for engine in engines or figures["engines"]:
        env = engine_env(engine, data_dir, size, cluster)
        stdout.write(f"Timing queries on {engine} ({queries} distinct queries per type)…")
        queries_json = work_dir / f"queries-{size}-{engine}.json"
        raw = ["--raw-queries", str(stock_whoosh_queries(engine, size, queries))]
        _, rss, _ = run_step(["benchmark_queries", "--queries", str(queries), "--output", str(queries_json), *raw], env)
        stdout.write(f"Timing {engine} under load ({', '.join(map(str, LOAD_CLIENTS))} clients)…")
        timed[engine] = {**json.loads(queries_json.read_text()), **measure_served(env, work_dir, size, engine, load_seconds),
                         "queries_peak_rss_mb": rss}
    figures = {**figures, "timed": timed, "date": datetime.date.today().isoformat(), "machine": machine_info()}
    (work_dir / f"figures-{size}.json").write_text(json.dumps(figures, indent=1))
    return figures


def stock_whoosh_queries(engine, size, queries):
    """Return how many queries per type stock Whoosh answers beside the engine (none beside OpenSearch)."""
    if engine != "whoosh":
        return 0
    return RAW_QUERIES_FROM_LARGE if size >= IMPORT_WITHOUT_INDEXING_FROM else queries


def measure_served(env, work_dir, size, engine, seconds):
    """Serve the benchmark archive with gunicorn (one worker per core, limits raised as for a test
    client) and return the figures of ``benchmark_load`` against it."""
    port = free_port()
    served_env = {**env, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "benchmark-" + "x" * 50,
                  "DJANGO_SECURE_SSL_REDIRECT": "0", "SEARCH_RATE_LIMIT": "1000000/m",
                  "SEARCH_ADDRESS_RATE_LIMIT": "1000000/m"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "archive.wsgi", "-w", str(os.cpu_count()),
                               "-b", f"127.0.0.1:{port}", "--timeout", "120"], cwd=settings.BASE_DIR,
                              env=served_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(port)
        load_json = work_dir / f"load-{size}-{engine}.json"
        run_step(["benchmark_load", "--url", f"http://127.0.0.1:{port}", "--clients", *map(str, LOAD_CLIENTS),
                  "--seconds", str(seconds), "--output", str(load_json)], served_env)
        return json.loads(load_json.read_text())
    finally:
        server.terminate()
        server.wait()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not serve on port {port} within {timeout} s")


def archive_env(data_dir):
    """Return the environment of a step run on the benchmark archive in ``data_dir`` (never the real one)."""
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "archive.settings"}
    for name in ("DATABASE_URL", "SEARCH_URL"):
        env.pop(name, None)
    return env


ENGINE_NAMES = {"whoosh": "Whoosh", "opensearch": "OpenSearch"}


def markdown_section(figures):
    """Return the docs/benchmarks.md section for one run, its engines side by side."""
    machine, rss, engines = figures["machine"], figures["peak_rss_mb"], figures["engines"]
    timed = figures["timed"]
    lines = [
        f"## {section_title(figures)} (measured {figures['date']})",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GB; Python "
        f"{machine['python']}, Django {machine['django']}, django-haystack {machine['haystack']}, "
        f"Whoosh {machine['whoosh']}. Corpus: {figures['corpus_mb']} MB of JSONL."
        + (f" OpenSearch: {CLUSTER_SHAPE}." if "opensearch" in engines else ""),
        "",
        "| Step | Figure |",
        "| --- | --- |",
        f"| Import ({import_kind(figures.get('import_indexes', True), figures.get('import_compared', True))}) | {figures['import_docs_per_s']:.1f} docs/s ({figures['import_seconds']:.0f} s), peak RSS {rss['import']:.0f} MB |",
        *(f"| Full index rebuild, {ENGINE_NAMES[engine]} | {rebuild['docs_per_s']:.1f} docs/s ({rebuild['seconds']:.0f} s), "
          f"peak RSS {rebuild['peak_rss_mb']:.0f} MB |" for engine, rebuild in figures["rebuild"].items()),
        (f"| Whoosh index size / database size | {figures['index_mb']:.0f} MB / {figures['database_mb']:.0f} MB |"
         if "whoosh" in engines else f"| Database size | {figures['database_mb']:.0f} MB |"),
        *(f"| {ENGINE_NAMES[engine]}: one saved document searchable after / peak RSS timing queries | "
          f"{timed[engine]['save_to_searchable_s'] * 1000:.0f} ms / {timed[engine]['queries_peak_rss_mb']:.0f} MB |"
          for engine in engines),
        *passages_lines(figures),
        *keywords_lines(figures),
        *second_language_lines(figures),
        "",
        "Times in ms, p50 / p95 over distinct queries drawn from the archive's documents (each with hits, "
        "none timed twice; `speeches/bench/drawn.py`), the same queries on each engine. *Page*: the whole "
        "search page through Django's test client (query, facets, snippets, template). *search()*: the "
        "search package's one exit, with facets. *Stock Whoosh*: the same compiled query answered by "
        "Whoosh's own filters, facet counts and sort on one reused searcher "
        "(`speeches/search/engines/whoosh/stock.py`).",
        "",
        *query_table(figures),
        *country_facet_lines(figures),
        *research_lines(figures),
        *load_lines(figures),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


CLUSTER_SHAPE = "3 nodes on this machine (512 MB heap each), 1 shard with 1 replica (`make opensearch`)"


def section_title(figures):
    title = f"{figures['size']:,} documents"
    if figures["engines"] != ["whoosh", "opensearch"]:
        title += ", " + " and ".join(ENGINE_NAMES[engine] for engine in figures["engines"]) + " only"
    return title


def query_table(figures):
    engines, timed = figures["engines"], figures["timed"]
    names = [ENGINE_NAMES[engine] for engine in engines]
    header = ["Query type", "Queries", "Hits (min / median / max)", *(f"Page, {name}" for name in names),
              *(f"search(), {name}" for name in names), *(["Stock Whoosh"] if "whoosh" in engines else [])]
    lines = ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    rows_by_engine = [timed[engine]["queries"] for engine in engines]
    for rows in zip(*rows_by_engine):
        first = rows[0]
        cells = [first["query"], str(first["queries"]), hits_cell(rows),
                 *(p50_p95(row["page"]) for row in rows), *(p50_p95(row["search"]) for row in rows)]
        if "whoosh" in engines:
            raw = rows[engines.index("whoosh")]["raw"]
            cells.append(p50_p95(raw) + (f" ({raw['runs']} queries)" if raw["runs"] < first["queries"] else ""))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def hits_cell(rows):
    """The first engine's hits; another engine's too where they differ (they should not)."""
    cells = [f"{row['hits']['min']} / {round(row['hits']['median'])} / {row['hits']['max']}" for row in rows]
    return cells[0] if len(set(cells)) == 1 else " vs ".join(cells)


def p50_p95(runs):
    return f"{runs['p50']:.1f} / {runs['p95']:.1f}" if runs else "–"


def load_lines(figures):
    lines = ["", ("Under load: search pages of distinct drawn queries asked by concurrent clients (threads on "
                  f"the same two cores) of the archive served by gunicorn with one worker per core, each run "
                  f"{figures['timed'][figures['engines'][0]]['load'][0]['seconds']:.0f} s (`speeches/bench/load.py`):"), "",
             "| Engine | Clients | Searches/s | p50 / p95 ms | Not answered 200 |", "| --- | ---: | ---: | ---: | ---: |"]
    for engine in figures["engines"]:
        for run in figures["timed"][engine]["load"]:
            lines.append(f"| {ENGINE_NAMES[engine]} | {run['clients']} | {run['searches_per_s']:.1f} | "
                         f"{p50_p95(run['latency'])} | {run['failures']} |")
    return lines


def passages_lines(figures):
    if "passages_ms_per_document" not in figures:  # not compared (--no-passages), or before they existed
        return []
    compared = "every document again; part of import too" if figures.get("import_indexes", True) else "every document"
    return [f"| Recurring passages compared ({compared}) | "
            f"{figures['passages_ms_per_document']:.1f} ms per document, peak RSS "
            f"{figures['peak_rss_mb']['passages']:.0f} MB |"]


def keywords_lines(figures):
    if "keywords" not in figures:  # measured before speakers had keywords
        return []
    keywords = figures["keywords"]
    return [f"| Keywords of every speaker found (`find_keywords --all`: {keywords['speakers']:,} speakers, two passes "
            f"over the published texts) | {keywords['seconds']:.0f} s, peak RSS {keywords['peak_rss_mb']:.0f} MB |"]


def second_language_lines(figures):
    if "second_language" not in figures:  # measured before documents had other texts
        return []
    measured = figures["second_language"]
    one, two = measured["one_text"], measured["two_texts"]
    return [f"| A second language: the first {measured['documents']:,} documents rebuilt with their English text, then "
            f"with a Chinese original beside each (`speeches/bench/languages.py`) | {one['docs_per_s']:.1f} → "
            f"{two['docs_per_s']:.1f} docs/s; index {one['index_mb']:.0f} → {two['index_mb']:.0f} MB; "
            f"peak RSS {one['peak_rss_mb']:.0f} → {two['peak_rss_mb']:.0f} MB |"]


def country_facet_lines(figures):
    """The country facet's cost: search() with every facet and without it (a run from before it has none)."""
    timed = {engine: figures["timed"][engine]["country_facet"] for engine in figures["engines"]
             if "country_facet" in figures["timed"][engine]}
    if not timed:
        return []
    return ["", "The “Mentions” (country) facet, search() with every facet against every facet but it, ms p50 / p95 "
            "(single frequent word; budget: 20 ms added at 10,000 documents):", "",
            *(f"- {ENGINE_NAMES[engine]}: {p50_p95(facet['with'])} with it, {p50_p95(facet['without'])} without"
              for engine, facet in timed.items())]


def research_lines(figures):
    engines, timed = figures["engines"], figures["timed"]
    names = [ENGINE_NAMES[engine] for engine in engines]
    lines = ["", ("Research views, ms p50 / p95 over distinct drawn queries, none given to two views "
                  "(`speeches/bench/research.py`):"), "",
             "| View | Runs | Matching documents (min / median / max) | " + " | ".join(names) + " |",
             "| --- | ---: | ---: |" + " ---: |" * len(names)]
    for rows in zip(*(timed[engine]["research"] for engine in engines)):
        first = rows[0]
        matching = hits_cell(rows) if first.get("hits") else ""
        lines.append(f"| {first['view']} | {first['runs'].get('runs', 0)} | {matching} | "
                     + " | ".join(p50_p95(row["runs"]) for row in rows) + " |")
    return lines


def write_report(figures, path):
    """Replace (or add) this run's section (its size and engines) in docs/benchmarks.md, keeping everything before the sizes."""
    path = Path(path)
    text = path.read_text() if path.exists() else BENCHMARKS_INTRO
    intro, *size_sections = SIZE_HEADING.split(text)
    section = markdown_section(figures)
    sections = [kept for kept in size_sections if title_of(kept) != title_of(section)]
    sections.append(section)
    sections.sort(key=lambda kept: (size_of(kept), title_of(kept)))
    path.write_text("\n".join(part.rstrip("\n") + "\n" for part in [intro, *sections]))


# The start of one size's section, e.g. "## 10,000 documents (measured ...)".
SIZE_HEADING = re.compile(r"^(?=## [\d,]+ documents)", re.MULTILINE)


def size_of(section):
    return int(section.split()[1].replace(",", ""))


def title_of(section):
    """The heading without its date: "## 10,000 documents" or "## 100,000 documents, OpenSearch only"."""
    return section.split("\n", 1)[0].split(" (measured")[0]


BENCHMARKS_INTRO = """# Benchmarks

`make bench` (10,000 documents) and `make bench SIZE=100000` build a synthetic archive from a
deterministic corpus (`speeches/bench/corpus.py`: 800–4000-word bodies, Zipf-distributed vocabulary of
real diplomatic words with a long tail of invented names, 300 speakers, 150 venues, 12 regions, and
verbatim quotes planted in known documents), import it, rebuild the index and time 40 distinct queries
per query type drawn from the archive's documents (`--seed` gives a corpus the code never saw). Each run
replaces its section below. Targets: at 10,000 documents, search page p95 ≤ 100 ms for every query type,
the page of a speaker with the most documents p95 ≤ 150 ms, rebuild ≥ 50 docs/s, peak RSS ≤ 1 GB, a
saved document searchable within 1 s; at 100,000, page p95 ≤ 250 ms and a saved document searchable
within 1 s.
"""
