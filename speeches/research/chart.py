"""The geometry of a timeline's bar chart, drawn as SVG by its template: no script, no framework.

Horizontal positions are percentages of the chart's width and vertical ones pixels of its fixed
height, so the chart fills a phone or a laptop with its labels at their real size.
"""
import math
from dataclasses import dataclass

# Measure -> (what its axis says, how a value is written, the Period attribute it reads).
MEASURES = {
    "per_10k_words": ("Occurrences per 10,000 words", "{:,.1f}", "per_10k_words"),
    "share": ("Matching documents, % of the period's", "{:,.1f}%", "share"),
    "documents": ("Matching documents", "{:,.0f}", "documents"),
    "occurrences": ("Occurrences", "{:,.0f}", "occurrences"),
}
DEFAULT_MEASURE = "per_10k_words"
HEIGHT, TOP, BOTTOM = 240, 16, 24  # pixels: the whole chart, above the plot, below it for years
MOST_X_LABELS = 8


@dataclass(frozen=True)
class Bar:
    x: float  # percent
    width: float  # percent
    y: float  # pixels
    height: float
    title: str  # what a pointer over the bar shows


@dataclass(frozen=True)
class Tick:
    position: float  # percent across for a period, pixels down for a value
    text: str


@dataclass(frozen=True)
class Chart:
    measure: str
    label: str
    bars: list
    y_ticks: list
    x_labels: list
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    label_line: int = HEIGHT - 6


def bar_chart(periods, measure=DEFAULT_MEASURE):
    label, written, attribute = MEASURES[measure]
    values = [getattr(period, attribute) for period in periods]
    top = nice_ceiling(max((value for value in values if value is not None), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    step = 100 / max(len(periods), 1)
    bars = [Bar(round(index * step + step * 0.1, 3), round(step * 0.8, 3),
                round(TOP + plot_height * (1 - value / top), 1), round(plot_height * value / top, 1),
                f"{period.label}: {written.format(value)}")
            for index, (period, value) in enumerate(zip(periods, values)) if value is not None]  # None: no documents
    every = math.ceil(len(periods) / MOST_X_LABELS) or 1
    x_labels = [Tick(round(index * step + step / 2, 3), period.label)
                for index, period in enumerate(periods) if index % every == 0]
    y_ticks = [Tick(round(TOP + plot_height * (1 - fraction), 1), written.format(top * fraction))
               for fraction in (0, 0.5, 1)]
    return Chart(measure, label, bars, y_ticks, x_labels)


def nice_ceiling(value):
    """Return the smallest of 1, 2, 2.5 or 5 times a power of ten at least ``value`` (1 for 0)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(power * step for step in (1, 2, 2.5, 5, 10) if power * step >= value)
