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


#: How each kind of link is labelled, per answer language ("en", or "zh" for Traditional Chinese).
LABELS = {"en": {"website": "{name}: website", "phone": "{name}: call {value}", "email": "{name}: e-mail {value}"},
          "zh": {"website": "{name}：網站", "phone": "{name}：致電 {value}", "email": "{name}：電郵 {value}"}}
_SCHEMES = {"website": "", "phone": "tel:", "email": "mailto:"}


def _steps(entry: dict, language: str) -> list[NextStep]:
    """The links one ``bureaux.yaml`` entry gives (website, phone, e-mail: those it has), labelled in ``language``."""
    name = str(entry.get("name_zh") or entry["name"]) if language == "zh" else str(entry["name"])
    return [NextStep(label=LABELS[language][kind].format(name=name, value=entry[kind]),
                     url=f"{_SCHEMES[kind]}{entry[kind]}") for kind in _SCHEMES if entry.get(kind)]


@dataclass(frozen=True)
class NextSteps:
    """Contacts by bureau tag, and the general enquiry line."""

    bureaux: dict[str, dict[str, list[NextStep]]]
    general: dict[str, list[NextStep]]

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
        return cls({code: {lang: _steps(entry, lang) for lang in LABELS} for code, entry in entries.items()},
                   {lang: _steps(general, lang) if general else [] for lang in LABELS})

    def for_answer(self, answer: Answer, language: str = "en") -> list[NextStep]:
        """The cited bureaux' contacts; the general line too for a refusal or when no bureau has contacts.

        Labelled in ``language`` ("zh": Traditional Chinese; any other: English).
        """
        language = language if language in LABELS else "en"
        codes = list(dict.fromkeys(b.code for c in answer.citations for b in c.bureaux if b.code in self.bureaux))
        steps = [step for code in codes[:MAX_BUREAUX] for step in self.bureaux[code][language]]
        if answer.refused or not steps:
            steps += self.general[language]
        return steps
