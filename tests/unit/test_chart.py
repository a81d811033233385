"""A chart's scale: each tick is written at the height of the value it says."""
import pytest

from speeches.research.chart import PLOT_HEIGHT, TOP, y_ticks


def value_at(position, top):
    """The value a tick at ``position`` (pixels from the chart's top) stands for on a scale to ``top``."""
    return top * (1 - (position - TOP) / PLOT_HEIGHT)


@pytest.mark.parametrize(("top", "measure", "written"), [
    (5, "documents", ["0", "2", "5"]),  # not "2" at the height of 2.5
    (25, "occurrences", ["0", "12", "25"]),
    (1, "documents", ["0", "1"]),  # no second "0" half-way up
    (5, "per_10k_words", ["0.0", "2.5", "5.0"]),
    (50, "share", ["0.0%", "25.0%", "50.0%"]),
])
def test_each_tick_says_the_value_at_its_height(top, measure, written):
    ticks = y_ticks(top, measure)
    assert [tick.text for tick in ticks] == written
    for tick in ticks:
        assert value_at(tick.position, top) == pytest.approx(float(tick.text.rstrip("%")), abs=0.01)
