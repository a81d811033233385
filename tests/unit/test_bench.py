"""The benchmark behind `make bench`: its corpus and its report."""
import json

import pytest

from speeches.bench import corpus
from speeches.bench.corpus import QUOTES, generate_records, write_corpus
from speeches.bench.run import write_report


def test_the_corpus_is_the_same_every_time_and_shaped_like_the_archive():
    records = list(generate_records(20))
    assert records == list(generate_records(20))
    assert len({record["external_id"] for record in records}) == 20
    for record in records:
        words = len(record["body"].split())
        assert 800 <= words <= 4000 + 20 * len(QUOTES)
        assert record["status"] == "published" and record["speakers"] and record["regions"]


def test_a_corpus_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / "corpus.jsonl"
    write_corpus(path, 3)
    assert [json.loads(line)["title"] for line in path.read_text().splitlines()] == \
        [record["title"] for record in generate_records(3, 2026)]

    def stopped(size, seed):
        yield next(generate_records(size, seed))
        raise KeyboardInterrupt  # a run stopped while writing
    monkeypatch.setattr(corpus, "generate_records", stopped)
    with pytest.raises(KeyboardInterrupt):
        write_corpus(tmp_path / "stopped.jsonl", 3)
    assert not (tmp_path / "stopped.jsonl").exists()  # the next run generates it again


def test_each_quote_is_planted_verbatim_in_several_known_documents():
    bodies = [record["body"] for record in generate_records(40)]
    for number, quote in enumerate(QUOTES):
        assert sum(quote in body for body in bodies) == 3 + number


def figures_for(size, single_word_p95, engines=("whoosh", "opensearch")):
    timing = {"p50": 1.0, "p95": single_word_p95, "runs": 40}
    hits = {"min": 3, "median": 40, "max": 900}
    timed = {engine: {
        "queries": [{"query": "single frequent word", "queries": 40, "hits": hits, "page": timing, "search": timing,
                     "raw": timing if engine == "whoosh" else None}],
        "research": [{"view": "timeline page, single frequent word", "queries": [], "runs": timing, "hits": hits}],
        "load": [{"clients": 4, "seconds": 30.0, "searches_per_s": 50.0, "latency": timing, "failures": 0}],
        "save_to_searchable_s": 0.1, "queries_peak_rss_mb": 1} for engine in engines}
    return {
        "size": size, "date": "2026-11-23", "corpus_mb": 1.0, "engines": list(engines),
        "machine": {"cpu": "Test CPU", "cores": 2, "memory_gb": 1.0, "python": "3.11", "django": "5.2",
                    "haystack": "3.4.0", "whoosh": "2.7.4"},
        "import_docs_per_s": 10.0, "import_seconds": 1.0,
        "rebuild": {engine: {"docs_per_s": 20.0, "seconds": 1.0, "peak_rss_mb": 1} for engine in engines},
        "index_mb": 1.0, "database_mb": 1.0, "peak_rss_mb": {"import": 1, "passages": 1}, "timed": timed,
    }


def test_the_report_replaces_only_its_own_run_and_keeps_the_introduction(tmp_path):
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\nIntro.\n\n## What keeps it fast\n\nReasons.\n")
    write_report(figures_for(10_000, 50.0), report)
    write_report(figures_for(1_000, 20.0), report)
    write_report(figures_for(10_000, 70.0), report)
    text = report.read_text()
    assert text.startswith("# Benchmarks\n\nIntro.\n\n## What keeps it fast\n\nReasons.\n")
    assert text.index("## 1,000 documents") < text.index("## 10,000 documents")
    assert text.count("## 10,000 documents") == 1
    assert "1.0 / 70.0" in text and "1.0 / 50.0" not in text
    assert "| Import (database + batched indexing + passages compared) |" in text

    write_report({**figures_for(100_000, 90.0), "import_indexes": False}, report)
    assert "| Import (database only) |" in report.read_text().split("## 100,000 documents")[1]
    # A run on one engine has a section of its own beside the run on both.
    write_report(figures_for(100_000, 120.0, engines=("opensearch",)), report)
    text = report.read_text()
    assert text.count("## 100,000 documents (measured") == 1
    assert text.count("## 100,000 documents, OpenSearch only (measured") == 1
    assert "Full index rebuild, OpenSearch | 20.0 docs/s" in text.split("OpenSearch only")[1]


def test_the_engines_stand_side_by_side_and_stock_whoosh_says_when_timed_on_fewer_queries(tmp_path):
    figures = figures_for(100_000, 90.0)
    figures["timed"]["whoosh"]["queries"][0]["raw"] = {"p50": 900.0, "p95": 2000.0, "runs": 10}
    report = tmp_path / "benchmarks.md"
    write_report(figures, report)
    text = report.read_text()
    assert ("| Query type | Queries | Hits (min / median / max) | Page, Whoosh | Page, OpenSearch | search(), Whoosh | "
            "search(), OpenSearch | Stock Whoosh |") in text
    assert ("| single frequent word | 40 | 3 / 40 / 900 | 1.0 / 90.0 | 1.0 / 90.0 | 1.0 / 90.0 | 1.0 / 90.0 | "
            "900.0 / 2000.0 (10 queries) |") in text
    assert "| timeline page, single frequent word | 40 | 3 / 40 / 900 | 1.0 / 90.0 | 1.0 / 90.0 |" in text
    assert "| OpenSearch | 4 | 50.0 | 1.0 / 90.0 | 0 |" in text


def test_hits_that_differ_between_engines_are_shown_both(tmp_path):
    figures = figures_for(10_000, 50.0)
    figures["timed"]["opensearch"]["queries"][0]["hits"] = {"min": 3, "median": 41, "max": 900}
    report = tmp_path / "benchmarks.md"
    write_report(figures, report)
    assert "| 3 / 40 / 900 vs 3 / 41 / 900 |" in report.read_text()


def test_a_run_that_never_compared_passages_says_nothing_of_them(tmp_path):
    figures = {**figures_for(100_000, 90.0, engines=("opensearch",)), "import_indexes": False}
    figures["peak_rss_mb"] = {"import": 1}
    figures["timed"]["opensearch"]["research"].append({"view": "document page with recurring passages", "runs": {}})
    report = tmp_path / "benchmarks.md"
    write_report(figures, report)
    text = report.read_text()
    assert "Recurring passages compared" not in text
    assert "| document page with recurring passages | 0 |  | – |" in text

    figures["passages_ms_per_document"], figures["peak_rss_mb"]["passages"] = 30.0, 140
    write_report(figures, report)
    assert "| Recurring passages compared (every document) | 30.0 ms per document, peak RSS 140 MB |" in report.read_text()


def dump_figures_for(documents, total_s):
    from speeches.bench.dumps import dump_figures

    manifest = {"documents": documents, "version": "2026-12-06.2", "previous_version": "2026-12-06.1",
                "files": [{"name": "documents.jsonl.gz", "bytes": 3 * 1024 * 1024},
                          {"name": "documents.vrt.gz", "bytes": 2048}]}
    return dump_figures(manifest, total_s, {"documents.jsonl.gz": 30.0, "documents.vrt.gz": 40.0}, 10.0, 250.0, 6)


def test_the_dumps_section_replaces_its_own_size_where_it_stands_and_leaves_the_sizes_last(tmp_path):
    from speeches.bench import dumps

    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\nIntro.\n\n## What keeps it fast\n\nReasons.\n")
    write_report(figures_for(10_000, 50.0), report)
    dumps.write_report(dump_figures_for(100_000, 600.0), report)
    dumps.write_report(dump_figures_for(2_000, 9.0), report)
    dumps.write_report(dump_figures_for(100_000, 420.0), report)
    write_report(figures_for(10_000, 70.0), report)  # `make bench` keeps the dumps sections
    text = report.read_text()
    assert text.startswith("# Benchmarks\n\nIntro.\n\n## What keeps it fast\n\nReasons.\n")
    assert text.count("## Open-data dumps, 100,000 documents (measured") == 1
    assert text.index("## Open-data dumps, 100,000") < text.index("## Open-data dumps, 2,000") \
        < text.index("## 10,000 documents")
    section = text.split("## Open-data dumps, 100,000")[1].split("\n## ")[0]
    assert "| Whole dump, 100,000 documents (changes against the previous dump, 2026-12-06.1) | 420 s (7.0 min)" in section
    assert "| `documents.jsonl.gz` | 30 s; 3.0 MB (3,145,728 bytes) |" in section
    assert "| The rest: checksums, changes, manifest | 340 s |" in section
    assert "| Peak RSS of the process | 250 MB |" in section
