"""Bar charts as PNG for the DOCX and PDF reports (matplotlib, Agg backend, no pyplot state).

DejaVu Sans ships inside matplotlib and has every Kazakh letter (ә, ғ, қ, ң, ө, ұ, ү, һ, і).
"""

from __future__ import annotations

import textwrap
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from halyq.reports.formatting import Lang, format_number
from halyq.reports.sections import Chart

BAR_COLOUR = "#2f6f8f"
WIDTH_INCHES = 6.3  # the text width of an A4 page with 2 cm margins
DPI = 150


def chart_png(chart: Chart, lang: Lang) -> bytes:
    """The chart as a horizontal bar chart, largest bar on top, each bar with its number."""
    pairs = sorted(zip(chart.labels, chart.values, strict=True), key=lambda pair: pair[1])
    labels = [textwrap.fill(label, 32) for label, _ in pairs]
    values = [value for _, value in pairs]
    figure = Figure(figsize=(WIDTH_INCHES, WIDTH_INCHES * chart_aspect(chart)), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.barh(labels, values, color=BAR_COLOUR, height=0.6)
    axes.bar_label(bars, labels=[format_number(v, lang) for v in values], padding=3, fontsize=9)
    axes.set_xlim(0, max(values) * 1.15 if values else 1)
    axes.tick_params(axis="y", labelsize=9, length=0)
    axes.tick_params(axis="x", labelsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(lambda value, _pos: format_number(value, lang))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def chart_aspect(chart: Chart) -> float:
    """Height over width of the chart's picture: a bar needs a fixed height, whatever the count."""
    return (0.8 + 0.42 * len(chart.values)) / WIDTH_INCHES
