"""The report as one self-contained HTML file: summary, SVG charts, gates, comparison, and every case to open.

Nothing is fetched when the file is opened (inline CSS, JS and SVG), so it can be attached to a CI run or
mailed. Questions, answers and passages come from suites and models, so the template is rendered with
autoescaping on: a question containing ``<script>`` shows as text.

>>> bars = metric_bars({"golden": {"hit@1": 0.5}}, ["hit@1"])
>>> [(b["label"], b["width"]) for b in bars["bars"]]
[('golden', 150.0)]
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from assistant.evaluation.report import HEADLINE, SHORT_NAMES

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: One colour per suite, cycled.
PALETTE = ("#2563eb", "#d97706", "#059669", "#7c3aed", "#dc2626", "#0891b2")
#: Metrics whose value below 1 marks a case worth a look.
_OUTCOMES = ("hit@1", "facts", "no_forbidden_facts", "answered_when_expected", "refused_when_expected",
             "citation_precision", "citation_recall")
_BAR_SPAN = 300.0
_ROW = 16


def metric_bars(groups: dict[str, dict], metrics: list[str]) -> dict:
    """A grouped horizontal bar chart: for each metric, one bar per group (suite)."""
    bars, labels, y = [], [], 0
    for metric in metrics:
        labels.append({"text": metric, "y": y + _ROW * len(groups) / 2})
        for index, (group, summary) in enumerate(groups.items()):
            value = summary.get(metric)
            if value is not None:
                bars.append({"label": group, "metric": metric, "value": value, "y": y + index * _ROW,
                             "width": round(_BAR_SPAN * value, 1), "colour": PALETTE[index % len(PALETTE)]})
        y += _ROW * len(groups) + 10
    legend = [{"label": g, "colour": PALETTE[i % len(PALETTE)]} for i, g in enumerate(groups)]
    return {"bars": bars, "labels": labels, "height": y + 10, "span": _BAR_SPAN, "legend": legend}


def latency_histogram(latencies: list[float], bins: int = 20) -> dict:
    """Bars of a latency histogram (milliseconds), heights scaled to 100."""
    if not latencies:
        return {"bars": [], "low": 0, "high": 0}
    low, high = min(latencies), max(latencies)
    step = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in latencies:
        counts[min(int((value - low) / step), bins - 1)] += 1
    tallest = max(counts)
    return {"low": low, "high": high, "bars": [
        {"x": i * 15, "height": round(100 * c / tallest, 1), "count": c,
         "range": f"{low + i * step:.1f}-{low + (i + 1) * step:.1f} ms"} for i, c in enumerate(counts)]}


def needs_a_look(case: dict) -> bool:
    """A case with a missed outcome or an unmeasured metric."""
    values = [case["metrics"].get(m) for m in _OUTCOMES]
    return bool(case["notes"]) or any(v is not None and v < 1.0 for v in values)


def render_html(report: dict) -> str:
    """The report as one HTML page."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    k = report["settings"].get("k", 5)
    headline = [m.format(k=k) for m in HEADLINE if m.format(k=k) in report["summary"]]
    groups = report["by_suite"] if len(report["by_suite"]) > 1 else {"all": report["summary"]}
    return environment.get_template("report.html.j2").render(
        report=report, headline=headline, short=SHORT_NAMES, chart=metric_bars(groups, headline),
        latency=latency_histogram([c["latency_ms"] for c in report["cases"]]),
        flagged={c["key"] for c in report["cases"] if needs_a_look(c)})


def write_html(report: dict, path: Path) -> None:
    """Write the HTML report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
