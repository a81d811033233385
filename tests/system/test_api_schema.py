"""The API as an API client meets it: Schemathesis, run against the live server with all its checks.

It generates requests from the published OpenAPI schema (valid ones and invalid ones) and checks
every answer against it: status codes, content types, headers and bodies as documented, invalid
parameters refused with a 400, valid ones accepted, no server error. The seed and the number of
examples are fixed so a run is repeatable and bounded.

Rate limits stay on, raised as docs/deployment.md says for a test client (the settings a server
reads from its environment), so every search operation is exercised rather than answered 429.
"""
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from speeches import limits

SCHEMATHESIS = Path(sys.executable).parent / "st"
EXAMPLES_PER_OPERATION = 10  # every operation and check still runs; 25 took two and a half minutes


# What a test client's server is started with: SEARCH_RATE_LIMIT=100000/m and so on.
RAISED_LIMITS = {"SEARCH_RATE_LIMIT": "100000/m", "SEARCH_ADDRESS_RATE_LIMIT": "100000/m",
                 "EXPORT_RATE_LIMIT": "100000/h", "EXPORT_ADDRESS_RATE_LIMIT": "100000/h"}
SEARCH_OPERATIONS = ["/api/search/", "/api/search/timeline/", "/api/search/concordance/", "/api/search/export/"]


def test_schemathesis_finds_the_api_as_documented(seeded_site, tmp_path, settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    for name, rate in RAISED_LIMITS.items():
        setattr(settings, name, rate)
    counted, refused = [], []
    count_use = limits.budget_wait

    def count_and_note_refusals(request, group, budgets):
        wait = count_use(request, group, budgets)
        (refused if wait is not None else counted).append((group, request.path))
        return wait

    monkeypatch.setattr(limits, "budget_wait", count_and_note_refusals)
    completed = subprocess.run([
        str(SCHEMATHESIS), "run", seeded_site + "/api/schema/", "--checks", "all", "--seed", "1",
        "--max-examples", str(EXAMPLES_PER_OPERATION), "--workers", "1", "--generation-database", "none",
        "--no-color", "--report", "junit", "--report-junit-path", str(tmp_path / "schemathesis.xml"),
    ], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)  # its cache stays out of the tree
    assert completed.returncode == 0, completed.stdout[-6000:]
    assert "passed" in completed.stdout and "failure" not in completed.stdout.split("SUMMARY")[-1].lower()
    tested = {case.get("name", "") for case in ElementTree.parse(tmp_path / "schemathesis.xml").iter("testcase")}
    for operation in SEARCH_OPERATIONS:
        assert any(operation in name for name in tested), (operation, sorted(tested))
        assert any(path == operation for _, path in counted), operation  # searched, under the budget
    assert not refused, refused[:10]
