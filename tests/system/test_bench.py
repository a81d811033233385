"""The benchmark behind `make bench`: its corpus, its report, and one small run end to end."""
import io

from speeches.bench.drawn import QUERY_TYPES
from speeches.bench.run import retime_queries, run_benchmark


def test_a_small_benchmark_runs_end_to_end_with_distinct_queries_that_all_have_hits(tmp_path):
    figures = run_benchmark(size=15, queries=4, work_dir=tmp_path, stdout=io.StringIO())
    rows = {row["query"]: row for row in figures["queries"]}
    assert list(rows) == QUERY_TYPES
    for row in rows.values():
        assert row["queries"] == 4 and row["hits"]["min"] >= 1, row
        assert len({str(example) for example in row["examples"]}) == len(row["examples"])
        assert row["page"]["runs"] == row["search"]["runs"] == row["raw"]["runs"] == 4
    assert rows["phrase + region + date range"]["examples"][0].keys() == {"q", "region", "date_from", "date_to"}
    assert figures["rebuild_docs_per_s"] > 0 and figures["index_mb"] > 0
    # Found, not a figure: the probe gives up after 10 s; how fast is `make bench`'s to report, not a test's.
    assert 0 < figures["save_to_searchable_s"] < 10
    assert figures["passages_ms_per_document"] > 0
    second_language = figures["second_language"]
    assert second_language["documents"] == 15
    assert second_language["two_texts"]["index_mb"] > second_language["one_text"]["index_mb"] > 0
    research = {row["view"]: row["runs"]["runs"] for row in figures["research"]}
    assert research["timeline page, 10-word quote"] == research["concordance page, single frequent word"] == 4
    # Each research view is timed on frequent words (and quotes) of its own, each with hits.
    timed = [str(query) for row in figures["research"][:5] for query in row["queries"]]
    assert len(timed) == len(set(timed)) == 5 * 4
    assert all(row["hits"]["min"] >= 1 for row in figures["research"][:5])
    assert research["document page with recurring passages"] >= 1  # the planted quotes recur

    again = retime_queries(size=15, queries=4, work_dir=tmp_path, stdout=io.StringIO())
    assert again["rebuild_seconds"] == figures["rebuild_seconds"]
    assert [row["examples"] for row in again["queries"]] == [row["examples"] for row in figures["queries"]]

