"""The integration layer: each test has a database (when it asks) and a new, empty search index."""
import pytest


@pytest.fixture(autouse=True)
def search_index(search_index):
    """Every test here gets its own index, so no search sees another test's documents."""
    return search_index
