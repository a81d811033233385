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


def test_a_stored_first_day_and_precision_become_what_is_known():
    assert PartialDate.from_date(datetime.date(2025, 1, 1), "year").iso == "2025"
    assert PartialDate.from_date(datetime.date(2025, 6, 1), "month").iso == "2025-06"
    assert PartialDate.from_date(None, "day") is None
