"""Charts for the ``/admin`` dashboard, drawn on the server as SVG (no script, nothing from a CDN).

Each chart is an ``<svg role="img">`` with a title naming what it shows; the dashboard puts a table of the
same numbers beside it, which is what a screen reader reads.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, BAR, GAP, LABEL = 640, 18, 6, 220
COLOURS = {"answered": "#1d6f42", "refused": "#b3261e", "degraded": "#8a5a00", "error": "#4a4a4a"}
SERIES_COLOURS = ("#1d4f91", "#b3261e", "#8a5a00", "#1d6f42", "#6b3fa0")


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, float]], unit: str = "") -> Markup:
    """Horizontal bars, one per ``(label, value)``."""
    height = max(1, len(rows)) * (BAR + GAP) + GAP
    top = max((value for _, value in rows), default=0) or 1
    parts = [f'<svg id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-title" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{escape(chart_id)}-title">{escape(title)}</title>']
    for n, (label, value) in enumerate(rows):
        y = GAP + n * (BAR + GAP)
        width = (WIDTH - LABEL - 60) * value / top
        shown = f"{value:g}{unit}"
        parts.append(f'<text x="0" y="{y + BAR - 4}" font-size="12">{escape(label[:34])}</text>'
                     f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" '
                     f'fill="{COLOURS.get(label, SERIES_COLOURS[0])}"><title>{escape(label)}: {shown}</title></rect>'
                     f'<text x="{LABEL + width + 4:.1f}" y="{y + BAR - 4}" font-size="12">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(chart_id: str, title: str, labels: list[str], series: dict[str, list[float | None]]) -> Markup:
    """Lines over ``labels`` (days), one per series of shares between 0 and 1; a missing value breaks none."""
    height, left, bottom = 220, 40, 30
    plot_w, plot_h = WIDTH - left - 10, height - bottom - 10
    step = plot_w / max(1, len(labels) - 1)
    parts = [f'<svg id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-title" '
             f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
             f'<line x1="{left}" y1="{10 + plot_h}" x2="{WIDTH - 10}" y2="{10 + plot_h}" stroke="#666"/>']
    for tick in (0, 0.5, 1):
        y = 10 + plot_h * (1 - tick)
        parts.append(f'<text x="0" y="{y + 4:.1f}" font-size="11">{tick:g}</text>')
    for n, label in enumerate(labels):
        if len(labels) <= 10 or n % max(1, len(labels) // 7) == 0:
            parts.append(f'<text x="{left + n * step:.1f}" y="{height - 8}" font-size="11">{escape(label[5:])}</text>')
    for colour, (name, values) in zip(SERIES_COLOURS, series.items(), strict=False):
        points = [f"{left + n * step:.1f},{10 + plot_h * (1 - v):.1f}" for n, v in enumerate(values) if v is not None]
        if points:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}">'
                         f"<title>{escape(name)}</title></polyline>")
    parts.append("</svg>")
    return Markup("".join(parts))
