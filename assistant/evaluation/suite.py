"""Golden-question suites: the case format, and loading it from YAML or JSON lines.

A case names the question, what should happen (``answer``, ``refuse``, or ``any`` when only forbidden
facts are graded), the passages that answer it (chunk ids or verbatim quotes, so a suite survives
re-chunking), and the facts the answer must or must not contain.

RAGAS-style records (``user_input``, ``reference``, ``reference_contexts``) load as cases too: the
reference contexts become the expected sources, and the outputs of an earlier run (``response``,
``retrieved_contexts``) are ignored. BEIR folders are read by :mod:`assistant.evaluation.beir`.

>>> case = Case(id="c1", question="How much?", expect="answer", sources=["$3 billion AI Subsidy"],
...             facts=Facts(all=["$3 billion"]))
>>> case.facts.check("It has $3 billion [1].").passed
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.types import Turn

REGEX_PREFIX = "re:"


class SuiteError(ValueError):
    """A suite file that cannot be read or has an invalid case; the message names file and case."""


def fact_matches(fact: str, text: str) -> bool:
    """Case-insensitive substring match, or a regular expression when the fact starts with ``re:``."""
    if fact.startswith(REGEX_PREFIX):
        return re.search(fact[len(REGEX_PREFIX):], text, re.IGNORECASE) is not None
    return fact.casefold() in text.casefold()


@dataclass(frozen=True)
class FactCheck:
    """Which expected facts an answer contains."""

    missing: list[str]
    forbidden_found: list[str]
    any_satisfied: bool

    @property
    def passed(self) -> bool:
        """Whether the answer has every ``all`` fact, one ``any`` fact (when listed) and no ``none`` fact."""
        return not self.missing and not self.forbidden_found and self.any_satisfied


class Facts(BaseModel):
    """Facts an answer must contain (``all``), at least one of (``any``), and must not contain (``none``)."""

    model_config = ConfigDict(extra="forbid")

    all: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)

    @property
    def required(self) -> bool:
        """Whether the case expects any fact to be present."""
        return bool(self.all or self.any)

    def check(self, answer: str) -> FactCheck:
        """Which facts ``answer`` states and which it lacks or should not state."""
        return FactCheck(
            missing=[f for f in self.all if not fact_matches(f, answer)],
            forbidden_found=[f for f in self.none if fact_matches(f, answer)],
            any_satisfied=not self.any or any(fact_matches(f, answer) for f in self.any))


class Case(BaseModel):
    """One golden question."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    expect: Literal["answer", "refuse", "any"] = "answer"
    sources: list[str] = Field(default_factory=list, description="Chunk ids or verbatim quotes.")
    facts: Facts = Field(default_factory=Facts)
    reference: str | None = None
    tags: list[str] = Field(default_factory=list)
    history: list[Turn] = Field(default_factory=list)
    suite: str = ""


#: Fields of a RAGAS sample that hold an earlier run's outputs, not expectations.
_RAGAS_OUTPUTS = ("response", "retrieved_contexts", "multi_responses", "rubrics")


def from_ragas(record: dict, number: int) -> dict:
    """A case record from a RAGAS-style sample; other records pass through unchanged.

    >>> from_ragas({"user_input": "Who?", "reference": "ITIB.", "reference_contexts": ["(ITIB)"]}, 3)["sources"]
    ['(ITIB)']
    """
    if not isinstance(record, dict) or "user_input" not in record:
        return record
    converted = {k: v for k, v in record.items()
                 if k not in ("user_input", "reference_contexts", *_RAGAS_OUTPUTS)}
    converted.setdefault("id", f"ragas-{number}")
    converted["question"] = record["user_input"]
    converted["sources"] = list(record.get("reference_contexts") or [])
    return converted


def _read_records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".jsonl", ".ndjson"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = yaml.safe_load(text)
    if isinstance(data, dict) and "cases" in data:
        data = data["cases"]
    if not isinstance(data, list):
        raise SuiteError(f"{path}: expected a list of cases")
    return data


def load_suite(path: Path) -> list[Case]:
    """Every case in one suite file; ids must be unique within it."""
    try:
        records = _read_records(path)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise SuiteError(f"{path}: cannot read: {exc}") from exc
    cases = []
    for number, record in enumerate(records, 1):
        record = from_ragas(record, number)
        try:
            cases.append(Case.model_validate({**record, "suite": path.stem}))
        except ValidationError as exc:
            name = record.get("id", f"case {number}") if isinstance(record, dict) else f"case {number}"
            raise SuiteError(f"{path}: {name}: {exc}") from exc
    duplicates = sorted({c.id for c in cases if sum(d.id == c.id for d in cases) > 1})
    if duplicates:
        raise SuiteError(f"{path}: duplicate case ids: {', '.join(duplicates)}")
    return cases
