"""The system layer: browser pages, validators, load, concurrency, the API schema, fuzzing and the
benchmark's smoke run. Slow, so marked ``slow``: ``make test-fast`` (``-m "not slow"``) leaves them out."""
from pathlib import Path

import pytest

SYSTEM = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def search_index(search_index):
    """Every test here gets its own index, so no search sees another test's documents."""
    return search_index


def pytest_collection_modifyitems(items):
    for item in items:
        if SYSTEM in item.path.parents:
            item.add_marker(pytest.mark.slow)
