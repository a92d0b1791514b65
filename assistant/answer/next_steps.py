"""Next steps for the citizen: where to go after an answer, from the bureaux' curated public contact data.

>>> steps = NextSteps.load(Path("corpus/bureaux.yaml"))                     # doctest: +SKIP
>>> [s.label for s in steps.for_answer(answer)]                             # doctest: +SKIP
['Innovation, Technology and Industry Bureau: website', ...]

An answer about a measure offers the contacts of the bureaux its citations name (in the order cited); a
refusal, and any answer no bureau's contact covers, also offers the government's enquiry line (1823, the
``_general`` entry of ``bureaux.yaml``). Nothing here is written by a model: every link is curated data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.types import Answer, NextStep

#: Bureaux whose contacts one answer offers at most (an answer citing many would otherwise list them all).
MAX_BUREAUX = 3
#: The entry of ``bureaux.yaml`` for anything else.
GENERAL = "_general"


def _steps(entry: dict) -> list[NextStep]:
    """The links one ``bureaux.yaml`` entry gives: website, phone, e-mail (those it has)."""
    name = str(entry["name"])
    steps = []
    if entry.get("website"):
        steps.append(NextStep(label=f"{name}: website", url=str(entry["website"])))
    if entry.get("phone"):
        steps.append(NextStep(label=f"{name}: call {entry['phone']}", url=f"tel:{entry['phone']}"))
    if entry.get("email"):
        steps.append(NextStep(label=f"{name}: e-mail {entry['email']}", url=f"mailto:{entry['email']}"))
    return steps


@dataclass(frozen=True)
class NextSteps:
    """Contacts by bureau tag, and the general enquiry line."""

    bureaux: dict[str, list[NextStep]]
    general: list[NextStep]

    @classmethod
    def load(cls, path: Path) -> NextSteps:
        """Read the contacts in ``bureaux.yaml``; a tag given only a name has none; no file, none at all."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        if not isinstance(data or {}, dict):
            raise ValueError(f"{path}: expected a mapping of tag to name or to {{name, website, ...}}")
        entries = {str(code): entry for code, entry in (data or {}).items() if isinstance(entry, dict)}
        for code, entry in entries.items():
            if not entry.get("name"):
                raise ValueError(f"{path}: entry {code!r} has no name")
        general = entries.pop(GENERAL, None)
        return cls({code: _steps(entry) for code, entry in entries.items()}, _steps(general) if general else [])

    def for_answer(self, answer: Answer) -> list[NextStep]:
        """The cited bureaux' contacts; the general line too for a refusal or when no bureau has contacts."""
        codes = list(dict.fromkeys(b.code for c in answer.citations for b in c.bureaux if b.code in self.bureaux))
        steps = [step for code in codes[:MAX_BUREAUX] for step in self.bureaux[code]]
        if answer.refused or not steps:
            steps += self.general
        return steps
