"""The geometry of a timeline's chart, drawn as SVG by its template: no script, no framework. One
query is drawn as bars; queries compared, as a line each on the same scale.

Horizontal positions are percentages of the chart's width and vertical ones pixels of its fixed
height, so the chart fills a phone or a laptop with its labels at their real size.
"""
import math
from dataclasses import dataclass
from itertools import pairwise

# Measure -> (what its axis says, how a value is written, the Period attribute it reads).
MEASURES = {
    "per_10k_words": ("Occurrences per 10,000 words", "{:,.1f}", "per_10k_words"),
    "share": ("Matching documents, % of the period's", "{:,.1f}%", "share"),
    "documents": ("Matching documents", "{:,.0f}", "documents"),
    "occurrences": ("Occurrences", "{:,.0f}", "occurrences"),
}
DEFAULT_MEASURE = "per_10k_words"
# Measures of whole things: the middle tick of their scale is a whole number, at its own height (half
# of 5 documents would read "2" at the height of 2.5).
WHOLE_MEASURES = {"documents", "occurrences"}
HEIGHT, TOP, BOTTOM = 240, 16, 24  # pixels: the whole chart, above the plot, below it for years
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
MOST_X_LABELS = 8
# Pixels between neighbouring compared lines: each is drawn a little aside within its periods' bands,
# so that queries with the same figure (0, often) do not hide each other's markers and lines.
DODGE = 4


@dataclass(frozen=True)
class Look:
    marker: str  # a shape the template defines (#marker-circle)
    dashes: str  # stroke-dasharray: "" draws a solid line
    words: str  # the look in words, beside the query in the key


# Each compared query's look, in the order given (its colour is its CSS class's, .chart__series--N).
# Lines differ in marker and dash pattern as well as colour, so that none is told apart by colour
# alone: in grey print, or by a reader who does not see the difference (WCAG 1.4.1).
LOOKS = [
    Look("circle", "", "solid line, circles"),
    Look("square", "8 4", "dashed line, squares"),
    Look("triangle", "2 3", "dotted line, triangles"),
    Look("diamond", "12 3 2 3", "dash-dot line, diamonds"),
    Look("cross", "4 6", "spaced dashes, crosses"),
]


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
class Point:
    index: int  # the period's place
    x: float  # percent
    y: float  # pixels
    title: str


@dataclass(frozen=True)
class Line:
    """A compared query's line: a marker at each period with documents, joined to the next one."""

    number: int  # 1 for the first query: its colour
    name: str
    look: Look
    points: list
    segments: list  # (point, next point) of neighbouring periods
    offset: float  # pixels aside (DODGE)


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
    lines: list = ()


def bar_chart(periods, measure=DEFAULT_MEASURE):
    label, written, attribute = MEASURES[measure]
    values = [getattr(period, attribute) for period in periods]
    top = nice_ceiling(max((value for value in values if value is not None), default=0))
    step = 100 / max(len(periods), 1)
    bars = [Bar(round(index * step + step * 0.1, 3), round(step * 0.8, 3), y_of(value, top),
                round(PLOT_HEIGHT * value / top, 1), f"{period.label}: {written.format(value)}")
            for index, (period, value) in enumerate(zip(periods, values)) if value is not None]  # None: no documents
    return Chart(measure, label, bars, y_ticks(top, measure), x_labels(periods, step))


def line_chart(series, measure=DEFAULT_MEASURE):
    """Return the chart of compared queries: ``series`` is [(query, its periods)], the same periods
    for each (``build_timelines``), drawn as a line each on one scale."""
    label, written, attribute = MEASURES[measure]
    values = [[getattr(period, attribute) for period in periods] for _, periods in series]
    top = nice_ceiling(max((value for each in values for value in each if value is not None), default=0))
    periods = series[0][1] if series else []
    step = 100 / max(len(periods), 1)
    lines = []
    for number, ((name, _), each) in enumerate(zip(series, values), start=1):
        points = [Point(index, round(index * step + step / 2, 3), y_of(value, top),
                        f"{name}, {period.label}: {written.format(value)}")
                  for index, (period, value) in enumerate(zip(periods, each)) if value is not None]
        segments = [(point, after) for point, after in pairwise(points) if after.index == point.index + 1]
        offset = (number - (len(series) + 1) / 2) * DODGE
        lines.append(Line(number, name, LOOKS[(number - 1) % len(LOOKS)], points, segments, offset))
    return Chart(measure, label, [], y_ticks(top, measure), x_labels(periods, step), lines=lines)


def y_of(value, top):
    return round(TOP + PLOT_HEIGHT * (1 - value / top), 1)


def y_ticks(top, measure):
    """Return the ticks of a scale from 0 to ``top``: 0, the middle and the top (each once)."""
    _, written, _ = MEASURES[measure]
    middle = math.floor(top / 2) if measure in WHOLE_MEASURES else top / 2
    return [Tick(y_of(value, top), written.format(value)) for value in dict.fromkeys((0, middle, top))]


def x_labels(periods, step):
    every = math.ceil(len(periods) / MOST_X_LABELS) or 1
    return [Tick(round(index * step + step / 2, 3), period.label)
            for index, period in enumerate(periods) if index % every == 0]


def nice_ceiling(value):
    """Return the smallest of 1, 2, 2.5 or 5 times a power of ten at least ``value`` (1 for 0)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(power * step for step in (1, 2, 2.5, 5, 10) if power * step >= value)
