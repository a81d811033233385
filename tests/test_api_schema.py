"""The API as an API client meets it: Schemathesis, run against the live server with all its checks.

It generates requests from the published OpenAPI schema (valid ones and invalid ones) and checks
every answer against it: status codes, content types, headers and bodies as documented, invalid
parameters refused with a 400, valid ones accepted, no server error. The seed and the number of
examples are fixed so a run is repeatable and bounded.
"""
import subprocess
import sys
from pathlib import Path

SCHEMATHESIS = Path(sys.executable).parent / "st"
EXAMPLES_PER_OPERATION = 25


def test_schemathesis_finds_the_api_as_documented(seeded_site, tmp_path):
    completed = subprocess.run([
        str(SCHEMATHESIS), "run", seeded_site + "/api/schema/", "--checks", "all", "--seed", "1",
        "--max-examples", str(EXAMPLES_PER_OPERATION), "--workers", "1", "--generation-database", "none",
        "--no-color", "--report", "junit", "--report-junit-path", str(tmp_path / "schemathesis.xml"),
    ], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)  # its cache stays out of the tree
    assert completed.returncode == 0, completed.stdout[-6000:]
    assert "passed" in completed.stdout and "failure" not in completed.stdout.split("SUMMARY")[-1].lower()
