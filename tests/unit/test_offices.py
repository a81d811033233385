"""Which office a person held on a document's date, each date known to the day, the month or the year."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from speeches.dates import PartialDate, Period
from speeches.models import Office
from speeches.models.catalogue import match_office


def office(title, start=None, end=None):
    """An office from ``start`` to ``end``, each written as precisely as known ("2013", "2013-03", "2013-03-14")."""
    row = Office(title=title)
    for name, text in (("start", start), ("end", end)):
        if text:
            partial = PartialDate.parse(text)
            setattr(row, name, partial.start)
            setattr(row, f"{name}_precision", partial.precision)
    return row


def held(offices, date, role=""):
    return match_office(offices, PartialDate.parse(date) if date else None, role)


@pytest.mark.parametrize("start, end, date, surely, maybe", [
    ("2013-03-14", None, "2013-03-14", True, True),  # its first day
    ("2013-03-14", None, "2013-03", False, True),  # March may be before the 14th
    ("2013-03", None, "2013-03-14", False, True),  # it may have begun on the 31st
    ("2013-03", None, "2013-04-02", True, True),
    ("2013", "2022", "2016", True, True),
    ("2013", "2022", "2013", False, True),  # 2013 may be before it began
    ("2013", "2022", "2022-06-01", False, True),  # it may have ended in January
    ("2013", "2022", "2023-01-01", False, False),
    (None, "2012", "2010", False, True),  # a beginning not known
])
def test_a_period_surely_holds_a_date_only_when_every_day_the_date_may_be_falls_within_it(
        start, end, date, surely, maybe):
    period = office("Minister", start, end).period
    assert period.surely_holds(PartialDate.parse(date)) == surely
    assert period.may_hold(PartialDate.parse(date)) == maybe


def test_periods_are_written_as_precisely_as_known():
    assert str(office("Minister", "2013-03", "2022").period) == "March 2013 – 2022"
    assert str(office("Minister", "2013-03-14").period) == "since 14 March 2013"
    assert str(Period(None, PartialDate(2012))) == "until 2012"


MINISTER = office("Minister of Foreign Affairs", "2013-03-16", "2022-12-30")
AMBASSADOR = office("Ambassador to Japan", "2004-09", "2013-03-16")
DIRECTOR = office("Director of the Office of the Central Foreign Affairs Commission", "2022")


def test_the_office_surely_held_on_the_date_is_taken():
    assert held([MINISTER, AMBASSADOR], "2016-05-04").office is MINISTER
    assert held([MINISTER, AMBASSADOR], "2010").office is AMBASSADOR
    assert held([MINISTER, AMBASSADOR], "2025").office is None
    assert held([MINISTER, AMBASSADOR], None).office is None  # an undated document


def test_two_offices_surely_held_at_once_are_left_to_the_editor_unless_the_role_names_one():
    handover = held([MINISTER, AMBASSADOR], "2013-03-16")  # the last day of one, the first of the other
    assert handover.office is None and handover.surely_held == [MINISTER, AMBASSADOR]
    assert handover.ambiguity.startswith("Held at once on that date: Minister of Foreign Affairs (16 March 2013 – ")
    assert held([MINISTER, AMBASSADOR], "2013-03-16", role="minister of foreign affairs").office is MINISTER


def test_an_office_surely_held_is_taken_though_another_may_also_have_been():
    # 2022's Director may have begun after 1 December 2022, but the Minister surely held office then.
    assert held([MINISTER, DIRECTOR], "2022-12-01").office is MINISTER


def test_dates_that_may_fall_in_two_offices_or_in_none_take_none():
    overlapping = held([MINISTER, AMBASSADOR], "2013-03")  # before or after the 16th
    assert overlapping.office is None and overlapping.candidates == [MINISTER, AMBASSADOR]
    assert overlapping.ambiguity.startswith("The date may fall within")
    # Only one office may have been held, but the date is not surely within it: no guess.
    first_year = held([office("President", "2013-03-14")], "2013")
    assert first_year.office is None and first_year.ambiguity


def test_a_role_typed_as_the_title_names_the_office_whatever_its_punctuation():
    president = office("President of the People's Republic of China", "2013-03-14")
    secretary = office("General Secretary of the Communist Party of China", "2012-11")
    assert held([president, secretary], "2022-01-25").office is None
    chosen = held([president, secretary], "2022-01-25", role="President of the People’s Republic of China")
    assert chosen.office is president and not chosen.ambiguity


def test_an_office_ending_before_it_begins_is_refused():
    backwards = office("Minister", "2013", "2012-06")
    with pytest.raises(ValidationError, match="ends before it begins"):
        backwards.clean()
    office("Minister", "2013-06", "2013").clean()  # June 2013 to some day in 2013: possible
    assert backwards.start == datetime.date(2013, 1, 1)
