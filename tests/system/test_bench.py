"""The benchmark behind `make bench`: one small run end to end, on Whoosh and the suite's cluster."""
import io
from urllib.parse import urlsplit

from speeches.bench.drawn import QUERY_TYPES
from speeches.bench.run import retime_queries, run_benchmark


def test_a_small_benchmark_runs_end_to_end_on_both_engines_with_distinct_queries_that_all_have_hits(
        tmp_path, opensearch_cluster):
    cluster = urlsplit(opensearch_cluster).netloc
    figures = run_benchmark(size=15, queries=4, work_dir=tmp_path, stdout=io.StringIO(),
                            engines=("whoosh", "opensearch"), cluster=cluster, load_seconds=1)
    by_engine = {engine: {row["query"]: row for row in timed["queries"]} for engine, timed in figures["timed"].items()}
    for engine, rows in by_engine.items():
        assert list(rows) == QUERY_TYPES
        for row in rows.values():
            assert row["queries"] == 4 and row["hits"]["min"] >= 1, (engine, row)
            assert len({str(example) for example in row["examples"]}) == len(row["examples"])
            assert row["page"]["runs"] == row["search"]["runs"] == 4
        assert rows["phrase + region + date range"]["examples"][0].keys() == {"q", "region", "date_from", "date_to"}
    # The same queries on both engines, with the same hits; stock Whoosh only beside Whoosh.
    assert [row["examples"] for row in by_engine["whoosh"].values()] == \
        [row["examples"] for row in by_engine["opensearch"].values()]
    assert [row["hits"] for row in by_engine["whoosh"].values()] == \
        [row["hits"] for row in by_engine["opensearch"].values()]
    assert all(row["raw"]["runs"] == 4 for row in by_engine["whoosh"].values())
    assert all(row["raw"] is None for row in by_engine["opensearch"].values())
    assert figures["rebuild"]["whoosh"]["docs_per_s"] > 0 and figures["rebuild"]["opensearch"]["docs_per_s"] > 0
    assert figures["index_mb"] > 0 and figures["passages_ms_per_document"] > 0
    assert figures["keywords"]["speakers"] >= 4 and figures["keywords"]["seconds"] > 0
    for engine, timed in figures["timed"].items():
        # Found, not a figure: the probe gives up after 10 s; how fast is `make bench`'s to report, not a test's.
        assert 0 < timed["save_to_searchable_s"] < 10, engine
        # Served by gunicorn: every load run answered, and every answer was a 200.
        assert [run["clients"] for run in timed["load"]] == [4, 16]
        assert all(run["searches"] > 0 and run["failures"] == 0 for run in timed["load"]), timed["load"]
        research = {row["view"]: row["runs"]["runs"] for row in timed["research"]}
        assert research["timeline page, 10-word quote"] == research["concordance page, single frequent word"] == 4
        # Each research view is timed on frequent words (and quotes) of its own, each with hits.
        queries = [str(query) for row in timed["research"][:5] for query in row["queries"]]
        assert len(queries) == len(set(queries)) == 5 * 4
        assert all(row["hits"]["min"] >= 1 for row in timed["research"][:5])
        assert research["document page with recurring passages"] >= 1  # the planted quotes recur
        # Timelines comparing five phrases each, none timed twice, each phrase with hits.
        comparisons = timed["research"][-1]
        assert research["timeline page, 5 3-word phrases compared"] == 4 and comparisons["hits"]["min"] >= 1
        phrases = [phrase for params in comparisons["queries"] for phrase in params["q"]]
        assert len(phrases) == len(set(phrases)) == 5 * 4
        # The pages of the speakers with the most documents, each asked once (the corpus has 15 documents).
        speaker_pages = next(row for row in timed["research"] if row["view"].startswith("speaker page, the "))
        assert speaker_pages["runs"]["runs"] >= 4
    second_language = figures["second_language"]
    assert second_language["documents"] == 15
    assert second_language["two_texts"]["index_mb"] > second_language["one_text"]["index_mb"] > 0

    again = retime_queries(size=15, queries=4, work_dir=tmp_path, stdout=io.StringIO(), cluster=cluster,
                           load_seconds=1, engines=["opensearch"])
    assert again["rebuild"] == figures["rebuild"] and again["timed"]["whoosh"] == figures["timed"]["whoosh"]
    assert again["timed"]["opensearch"]["load"] != figures["timed"]["opensearch"]["load"]  # timed again
    assert [row["examples"] for row in again["timed"]["opensearch"]["queries"]] == \
        [row["examples"] for row in figures["timed"]["opensearch"]["queries"]]


def test_the_dumps_benchmark_times_write_dumps_on_a_database_only_archive(tmp_path):
    """`benchmark --database-only` then `make bench-dumps`, at 15 documents: no index, no cluster."""
    from speeches.bench.run import archive_env, build_database, run_step

    build_database(15, tmp_path, io.StringIO())
    assert not (tmp_path / "archive-15" / "whoosh").exists()
    report = tmp_path / "benchmarks.md"
    report.write_text("# Benchmarks\n\n## 10,000 documents (measured 2026-12-01)\n\nFigures.\n")
    env = archive_env(tmp_path / "archive-15")
    for _ in range(2):  # the second compares with the first, then removes it (--keep 1)
        _, peak_rss_mb, output = run_step(["benchmark_dumps", "--report", str(report)], env)
    assert output.startswith("15 documents dumped in") and peak_rss_mb > 0
    assert len(list((tmp_path / "archive-15" / "dumps").iterdir())) == 1
    text = report.read_text()
    assert text.index("## Open-data dumps, 15 documents (measured") < text.index("## 10,000 documents")
    assert "changes against the previous dump" in text
    for name in ("documents.jsonl.gz", "documents.csv.gz", "documents.tei.xml.gz", "documents.vrt.gz"):
        assert f"| `{name}` |" in text
