"""Precision and recall of the personal-data screen over the corpus of cases in tests/query/personal_data.yaml.

A positive case counts as caught when an item of its kind is found and the found items cover every letter
and digit of its secret (so a redaction that leaves "Flat 12B" of an address behind is a miss). A negative
case counts as a false alarm when anything at all is found in it.

    PYTHONPATH=$PWD .venv/bin/python -m tests.query.personal_data_scores
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.query.privacy import find_personal_data

CORPUS = Path(__file__).parent / "personal_data.yaml"


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    secret: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text.encode('unicode_escape').decode()}"


def load_corpus(path: Path = CORPUS) -> tuple[list[Case], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Case(**case) for case in data["positives"]], list(data["negatives"])


def uncovered(case: Case) -> str:
    """The letters and digits of the case's secret that no found item covers ("" when all are)."""
    found = find_personal_data(case.text)
    start = case.text.index(case.secret)
    return "".join(ch for i, ch in enumerate(case.secret, start)
                   if unicodedata.category(ch)[0] in "LN" and not any(f.start <= i < f.end for f in found))


def caught(case: Case) -> bool:
    return case.kind in {f.kind for f in find_personal_data(case.text)} and not uncovered(case)


def scores(positives: list[Case], negatives: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per kind: (caught, missed, false alarms); a false alarm counts against the kind it was flagged as."""
    hits, misses, alarms = Counter(), Counter(), Counter()
    for case in positives:
        (hits if caught(case) else misses)[case.kind] += 1
    for text in negatives:
        for kind in {f.kind for f in find_personal_data(text)}:
            alarms[kind] += 1
    return {kind: (hits[kind], misses[kind], alarms[kind]) for kind in sorted({c.kind for c in positives})}


def table(results: dict[str, tuple[int, int, int]]) -> str:
    lines = [f"{'kind':<10}{'caught':>8}{'missed':>8}{'false':>8}{'precision':>11}{'recall':>8}"]
    totals = [sum(column) for column in zip(*results.values(), strict=True)]
    for kind, (tp, fn, fp) in [*results.items(), ("all", tuple(totals))]:
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        lines.append(f"{kind:<10}{tp:>8}{fn:>8}{fp:>8}{precision:>11.3f}{recall:>8.3f}")
    return "\n".join(lines)


def main() -> None:
    positives, negatives = load_corpus()
    print(f"{len(positives)} positive and {len(negatives)} negative cases from {CORPUS.name}")
    print(table(scores(positives, negatives)))


if __name__ == "__main__":
    main()
