"""The geometry of a timeline's bar chart, drawn as SVG by its template: no script, no framework."""
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
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 28
MOST_X_LABELS = 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str  # what a pointer over the bar shows


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Chart:
    measure: str
    label: str
    bars: list
    y_ticks: list
    x_labels: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT


def bar_chart(periods, measure=DEFAULT_MEASURE):
    label, written, attribute = MEASURES[measure]
    values = [getattr(period, attribute) for period in periods]
    top = nice_ceiling(max(values, default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(periods), 1)
    bars = []
    for index, (period, value) in enumerate(zip(periods, values)):
        height = plot_height * value / top
        bars.append(Bar(LEFT + index * step + step * 0.1, TOP + plot_height - height, step * 0.8, height,
                        f"{period.label}: {written.format(value)}"))
    every = math.ceil(len(periods) / MOST_X_LABELS) or 1
    x_labels = [Tick(LEFT + index * step + step / 2, period.label)
                for index, period in enumerate(periods) if index % every == 0]
    y_ticks = [Tick(TOP + plot_height * (1 - fraction), written.format(top * fraction)) for fraction in (0, 0.5, 1)]
    return Chart(measure, label, bars, y_ticks, x_labels)


def nice_ceiling(value):
    """Return the smallest of 1, 2, 2.5 or 5 times a power of ten at least ``value`` (1 for 0)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(power * step for step in (1, 2, 2.5, 5, 10) if power * step >= value)
