"""The integration layer: each test has a database (when it asks) and a new, empty search index."""
import pytest


@pytest.fixture(autouse=True)
def search_index(search_index):
    """Every test here gets its own index, so no search sees another test's documents."""
    return search_index


def pytest_generate_tests(metafunc):
    """Run each test of a module that lists ``ENGINES`` once on each engine it names (a test marked
    ``engines(...)``: on those it names, for what only some engines do)."""
    marker = metafunc.definition.get_closest_marker("engines")
    engines = marker.args if marker else getattr(metafunc.module, "ENGINES", None)
    if engines and "search_engine" in metafunc.fixturenames:
        # Marked with their engine: make test-fast leaves out the cluster's (-m "not opensearch").
        metafunc.parametrize("search_engine", [pytest.param(engine, marks=getattr(pytest.mark, engine))
                                               for engine in engines], indirect=True)
