"""Dates known to the day, the month or the year, written as what is known."""
import datetime

import pytest

from speeches.dates import PartialDate


@pytest.mark.parametrize("text, shown, parts, slashed, end", [
    ("2022-01-25", "25 January 2022", [2022, 1, 25], "2022/01/25", datetime.date(2022, 1, 25)),
    ("2024-02", "February 2024", [2024, 2], "2024/02", datetime.date(2024, 2, 29)),
    ("2025", "2025", [2025], "2025", datetime.date(2025, 12, 31)),
])
def test_a_partial_date_is_written_as_precisely_as_it_is_known(text, shown, parts, slashed, end):
    date = PartialDate.parse(text)
    assert (str(date), date.parts, date.iso, date.slashed, date.end) == (shown, parts, text, slashed, end)
    assert date.start == datetime.date(parts[0], 1 if len(parts) < 2 else parts[1], 1 if len(parts) < 3 else parts[2])


@pytest.mark.parametrize("text", ["2022-13", "2022-02-30", "22", "2022/01/25", "January 2022", ""])
def test_a_date_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@pytest.mark.parametrize("typed, iso", [
    ("2025", "2025"), ("2025-06", "2025-06"), ("2025-06-14", "2025-06-14"), ("June 2025", "2025-06"),
    ("jun 2025", "2025-06"), ("Sep. 2024", "2024-09"), ("14 June 2025", "2025-06-14"), ("June 14, 2025", "2025-06-14"),
    ("  June   2025 ", "2025-06"),
])
def test_an_editor_types_a_date_as_precisely_as_the_source_gives_it(typed, iso):
    assert PartialDate.parse_typed(typed).iso == iso


@pytest.mark.parametrize("typed", ["June 31, 2025", "Juno 2025", "2025-13", "14/06/2025", "June", ""])
def test_a_typed_date_that_is_not_one_is_refused(typed):
    with pytest.raises(ValueError):
        PartialDate.parse_typed(typed)


def test_a_stored_first_day_and_precision_become_what_is_known():
    assert PartialDate.from_date(datetime.date(2025, 1, 1), "year").iso == "2025"
    assert PartialDate.from_date(datetime.date(2025, 6, 1), "month").iso == "2025-06"
    assert PartialDate.from_date(None, "day") is None


@pytest.mark.parametrize("earlier, later, certainly", [
    ("2019-03-05", "2019-03-06", True),
    ("2018", "2019-01-01", True),
    ("2019-01", "2019-03-05", True),
    ("2019", "2019-03-05", False),  # it may be December
    ("2019-03-05", "2019", False),  # the year may mean January
    ("2019-03", "2019-03-31", False),
])
def test_a_date_is_certainly_before_another_only_if_its_whole_period_ends_first(earlier, later, certainly):
    assert PartialDate.parse(earlier).ends_before(PartialDate.parse(later).start) is certainly


@pytest.mark.parametrize("dates, first, latest", [
    (["2019", "2019-03-05"], "2019-03-05", "2019-03-05"),
    (["2019", "2019-12", "2019-12-31"], "2019-12-31", "2019-12-31"),
    (["2019-01", "2019-03-05", "2019"], "2019-01", "2019-03-05"),
    (["2018", "2019-06"], "2018", "2019-06"),
])
def test_a_date_known_less_precisely_never_wins_first_or_latest_over_one_it_may_follow(dates, first, latest):
    parsed = [PartialDate.parse(date) for date in dates]
    assert min(parsed, key=lambda date: date.first_order).iso == first
    assert max(parsed, key=lambda date: date.latest_order).iso == latest
