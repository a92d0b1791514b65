"""The terminal view of a report: metrics per suite, a breakdown by tag, gates and the baseline comparison.

Plain fixed-width text, so it reads the same in a terminal and in a CI log. A dash is a metric that was
not measured on any case of the group (never a zero).

>>> print(format_row("hit@1", [0.5, None], width=8))
hit@1                      0.500       -
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evaluation.report import HEADLINE, SHORT_NAMES

_LABEL_WIDTH = 24


def _cell(value: float | None, width: int) -> str:
    return f"{'-' if value is None else format(value, '.3f'):>{width}}"


def format_row(label: str, values: Sequence[float | int | None], width: int = 10) -> str:
    """One line: a label, then each value right-aligned (counts as integers, means to 3 places)."""
    cells = ["-" if v is None else f"{v:.0f}" if isinstance(v, int) else f"{v:.3f}" for v in values]
    return f"{label:<{_LABEL_WIDTH}}" + "".join(f"{c:>{width}}" for c in cells)


def _metric_names(summary: dict) -> list[str]:
    return [name for name in summary if name != "cases" and not name.endswith(".n")]


def suites_table(report: dict) -> list[str]:
    """Every metric, overall (with how many cases it was measured on) and per suite."""
    summary, suites = report["summary"], report["by_suite"]
    lines = [f"{'metric':<{_LABEL_WIDTH}}{'all':>10}{'n':>6}" + "".join(f"{s[:11]:>12}" for s in suites)]
    for name in _metric_names(summary):
        count = summary.get(f"{name}.n")
        lines.append(format_row(name, [summary[name]]) + f"{'' if count is None else count:>6}"
                     + "".join(_cell(s.get(name), 12) for s in suites.values()))
    return lines


def tags_table(report: dict) -> list[str]:
    """The headline metrics for each tag."""
    k = report["settings"].get("k", 5)
    names = [n.format(k=k) for n in HEADLINE if n.format(k=k) in report["summary"]]
    lines = [f"{'tag':<{_LABEL_WIDTH}}{'cases':>7}" + "".join(f"{SHORT_NAMES.get(n, n):>10}" for n in names)]
    for tag, summary in report["by_tag"].items():
        lines.append(f"{tag[:_LABEL_WIDTH - 1]:<{_LABEL_WIDTH}}{summary['cases']:>7}"
                     + "".join(_cell(summary.get(n), 10) for n in names))
    return lines


def gates_lines(report: dict) -> list[str]:
    """A count of gates by outcome, and every failed one."""
    gates = report["gates"]
    if not gates:
        return []
    counts = {status: sum(g["status"] == status for g in gates) for status in ("pass", "fail", "skip")}
    lines = [f"gates: {counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped"]
    lines += [f"  FAIL {g['name']}  ({g['message']})" for g in gates if g["status"] == "fail"]
    return lines


def comparison_lines(report: dict, most_cases: int = 20) -> list[str]:
    """Each metric against the baseline, and the cases behind every regression."""
    comparison = report["comparison"]
    if not comparison:
        return []
    lines = [f"against the baseline: {comparison['shared_cases']} shared cases, one-sided sign test, "
             f"alpha {comparison['alpha']}",
             f"{'metric':<{_LABEL_WIDTH}}{'baseline':>10}{'current':>10}{'worse':>7}{'better':>7}{'p':>9}"]
    for m in comparison["metrics"]:
        flag = "  REGRESSED" if m["regressed"] else ""
        lines.append(f"{m['metric']:<{_LABEL_WIDTH}}{m['baseline']:>10.3f}{m['current']:>10.3f}"
                     f"{len(m['worse']):>7}{len(m['better']):>7}{m['p_value']:>9.4f}{flag}")
    for m in comparison["metrics"]:
        if m["regressed"]:
            shown = ", ".join(m["worse"][:most_cases]) + (" ..." if len(m["worse"]) > most_cases else "")
            lines.append(f"regressed {m['metric']} in {len(m['worse'])} cases: {shown}")
    return lines


def unmeasured_lines(report: dict, most: int = 10) -> list[str]:
    """Cases with metrics that could not be measured, and why."""
    noted = [c for c in report["cases"] if c["notes"]]
    if not noted:
        return []
    lines = [f"{len(noted)} cases with unmeasured metrics (left out of the means):"]
    lines += [f"  {c['key']}: {'; '.join(c['notes'])}" for c in noted[:most]]
    return lines + ([f"  ... and {len(noted) - most} more (see the JSON report)"] if len(noted) > most else [])


def format_report(report: dict) -> str:
    """The whole terminal view."""
    settings = report["settings"]
    suites = ", ".join(f"{name} {s['cases']}" for name, s in report["by_suite"].items())
    header = (f"evaluated {report['summary']['cases']} cases ({suites}); backend {settings.get('backend')}, "
              f"k={settings.get('k')}, retrieval {settings.get('mode')}"
              + (", retrieval only" if settings.get("retrieval_only") else ""))
    sections = [[header], suites_table(report), tags_table(report), unmeasured_lines(report), gates_lines(report),
                comparison_lines(report)]
    return "\n\n".join("\n".join(section) for section in sections if section)
