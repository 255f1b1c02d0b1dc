"""Charts drawn on the server as SVG: horizontal bars, so that Chinese labels read in full.

The geometry is computed here and drawn by the ``chart`` macro (templates/charts.html) with
SVG attributes only (no inline styles, which the pages' Content-Security-Policy forbids).
Every chart is shown with the table of its numbers, and its data is offered as CSV.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Optional

# Colour-blind-safe series colours (Okabe–Ito), dark enough against white for bar fills.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LABEL_WIDTH = 230   # px for category labels (about 15 CJK characters at 14 px)
BAR_AREA = 420
BAR_HEIGHT = 16
GAP = 10
MAX_LABEL_CHARS = 16


@dataclass
class Bar:
    series: int
    y: float
    width: float
    value: Decimal
    text: str


@dataclass
class Row:
    label: str
    short: str
    y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    unit: str
    series: list[str]
    rows: list[Row]
    width: int = LABEL_WIDTH + BAR_AREA + 90
    height: int = 0
    legend_y: float = 0
    label_width: int = LABEL_WIDTH
    colours: tuple[str, ...] = PALETTE

    @property
    def empty(self) -> bool:
        return not self.rows


def _format(value: Decimal) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def grouped_bars(points: Iterable[tuple[str, str, Optional[Decimal]]], title: str, unit: str) -> Chart:
    """(category, series, value) points → one row per category, one bar per series in it."""
    categories: dict[str, dict[str, Decimal]] = {}
    series: list[str] = []
    for category, name, value in points:
        if value is None:
            continue
        if name not in series:
            series.append(name)
        categories.setdefault(category, {})[name] = value
    top = max((v for c in categories.values() for v in c.values()), default=Decimal(0))
    scale = BAR_AREA / float(top) if top > 0 else 0.0
    rows: list[Row] = []
    y = 30.0
    for category, values in categories.items():
        short = category if len(category) <= MAX_LABEL_CHARS else category[:MAX_LABEL_CHARS - 1] + "…"
        row = Row(category, short, y)
        for i, name in enumerate(series):
            if name in values:
                v = values[name]
                row.bars.append(Bar(i, y, max(float(v) * scale, 1.0) if v > 0 else 0.0, v, _format(v)))
                y += BAR_HEIGHT + 2
        rows.append(row)
        y += GAP
    chart = Chart(title, unit, series, rows)
    chart.legend_y = y + 10
    chart.height = int(chart.legend_y + 20 * ((len(series) + 2) // 3))
    return chart
