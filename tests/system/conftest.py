"""The system layer: browser pages, validators, load, concurrency, the API schema, fuzzing and the
benchmark's smoke run. Slow, so marked ``slow``: ``make test-fast`` (``-m "not slow"``) leaves them out."""
from pathlib import Path

import pytest

SYSTEM = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def search_index(search_index):
    """Every test here gets its own index, so no search sees another test's documents."""
    return search_index


# The longest files (a minute or more each), first of all: the two workers of pytest-xdist then end the
# run together on short tests, rather than one of them alone on a long one for minutes.
LONGEST = ["test_api_schema.py", "test_bench.py", "test_opensearch_cluster.py", "test_concurrency.py", "test_fuzz.py"]


def pytest_collection_modifyitems(items):
    for item in items:
        if SYSTEM in item.path.parents:
            item.add_marker(pytest.mark.slow)
    items.sort(key=run_order)  # stable: the rest keep their order


def run_order(item):
    if SYSTEM in item.path.parents and item.path.name in LONGEST:
        return LONGEST.index(item.path.name)
    return len(LONGEST)
