"""The first and the latest use of a timeline, chosen among matches read in the order of their stored dates."""
from speeches.dates import PartialDate
from speeches.research.timeline import best_dated


def dated(*entries):
    return [(PartialDate(*date), pk) for date, pk in entries]


def test_the_first_use_is_the_one_that_ends_first_and_reading_stops_once_none_later_can():
    # In stored-date order: two known only to 2019 (stored as 1 January), then 5 March, May, 2020.
    matches = dated(((2019,), 1), ((2019,), 2), ((2019, 3, 5), 3), ((2019, 5), 4), ((2020, 1, 2), 5))
    assert best_dated(matches, "oldest") == (3, True)  # May starts after 5 March ends: settled there
    assert best_dated(matches[:3], "oldest") == (3, False)  # May 2019 might still end sooner: read on
    assert best_dated(dated(((2019,), 2), ((2019,), 1)), "oldest") == (1, False)  # a tie: by id


def test_the_latest_use_is_the_one_that_starts_last_the_more_precise_on_a_tie():
    # In reverse stored-date order: 10 June 2021, June 2021 and 1 June 2021 (both start 1 June), 2021.
    assert best_dated(dated(((2021, 6, 10), 7), ((2021,), 8)), "newest") == (7, True)
    assert best_dated(dated(((2021, 6), 9), ((2021, 6, 1), 10), ((2021,), 11)), "newest") == (10, True)


def test_no_dated_match_has_no_use():
    assert best_dated([], "oldest") == (None, False)
