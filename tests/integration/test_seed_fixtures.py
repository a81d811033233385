"""Loading the seed fixture into a new archive."""
import io
import shutil

import pytest


@pytest.mark.parametrize("index_was_whole", [True, False])
def test_loading_the_seeds_alone_indexes_every_seed(db, django_capture_on_commit_callbacks, search_index,
                                                     index_was_whole):
    """On an index of a running archive, or on a new archive's index that no rebuild has made whole."""
    from django.core.management import call_command

    from speeches.search import SearchCriteria, index_count_matches, search

    if not index_was_whole:
        shutil.rmtree(search_index)
    with django_capture_on_commit_callbacks(execute=True):  # as the command commits, outside a test
        call_command("load_seed_documents", stdout=io.StringIO())
    assert index_count_matches()
    assert search(SearchCriteria(q='"He Yin"')).total == 1  # the seed with no region
