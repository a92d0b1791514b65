"""Jinja2 templates from ``prompts/``: every text the assistant writes that is not a quote.

:class:`PromptLibrary` renders any template; :class:`PromptBuilder` knows which template makes which text
for one document (the prompts a backend is sent, refusals, error notes, the premise note, the responsible
bureaux), so tests and benchmarks build exactly the requests the service sends.

Templates use ``StrictUndefined``, so a template that names a variable the code does not pass fails at
once instead of rendering an empty string. Editing a template changes behaviour with no code change.

>>> PromptLibrary(Path("prompts")).render("refusal.j2", title="T", reason="not_in_document", detail="", topics=[])
'The document "T" does not answer this question.'
>>> builder = PromptBuilder(PromptLibrary(Path("prompts")), "T")
>>> builder.answer_request("Who?", [], "Draft [1].").messages[0].role
'system'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from assistant.answer.backend import CancelToken, ChatMessage, GenerationRequest
from assistant.types import Citation, Turn

#: Tokens a condensed follow-up may take: one question.
CONDENSE_TOKENS = 80


class PromptLibrary:
    """Renders the templates in one folder."""

    def __init__(self, folder: Path) -> None:
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined,
            autoescape=False, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)

    def render(self, name: str, **variables: object) -> str:
        """Render template ``name`` with ``variables``; surrounding whitespace is trimmed."""
        return self._env.get_template(name).render(**variables).strip()


class PromptBuilder:
    """The texts and backend requests of the answer flow, for the document titled ``title``."""

    def __init__(self, library: PromptLibrary, title: str, max_tokens: int = 300, temperature: float = 0.0) -> None:
        self.library = library
        self.title = title
        self.max_tokens = max_tokens
        self.temperature = temperature

    def system(self) -> str:
        """The rules every generative backend is given (``system.j2``)."""
        return self.library.render("system.j2", title=self.title)

    def answer_request(self, query: str, sources: Sequence[Citation], draft: str,
                       cancel: CancelToken | None = None) -> GenerationRequest:
        """The request a backend writes an answer from: the rules, the numbered sources and the question."""
        listed = [{"n": c.n, "section": c.section, "bureaux": [b.name for b in c.bureaux], "text": c.text}
                  for c in sources]
        messages = [ChatMessage(role="system", content=self.system()),
                    ChatMessage(role="user", content=self.library.render("sources.j2", sources=listed,
                                                                         question=query))]
        return GenerationRequest(messages=messages, draft=draft, max_tokens=self.max_tokens,
                                 temperature=self.temperature, cancel=cancel or CancelToken())

    def condense_request(self, question: str, history: Sequence[Turn],
                         cancel: CancelToken | None = None) -> GenerationRequest:
        """The request that rewrites a follow-up as a standalone question (``condense.j2``)."""
        prompt = self.library.render("condense.j2", history=[t.model_dump() for t in history], question=question)
        return GenerationRequest(messages=[ChatMessage(role="user", content=prompt)], max_tokens=CONDENSE_TOKENS,
                                 cancel=cancel or CancelToken())

    def refusal(self, reason: str, topics: Sequence[str] = (), detail: str = "") -> str:
        """Why the document does not answer, and the nearest topics it covers (``refusal.j2``)."""
        return self.library.render("refusal.j2", title=self.title, reason=reason, detail=detail, topics=list(topics))

    def error(self, kind: str, backend: str, reason: str | None = None) -> str:
        """What went wrong with a backend (``errors.j2``): ``degraded`` or ``unsupported``."""
        return self.library.render("errors.j2", kind=kind, backend=backend, reason=reason or "")

    def premise_note(self, kinds: Sequence[str]) -> str:
        """The note that the question gives figures of these kinds the document never states (``premise.j2``)."""
        return self.library.render("premise.j2", kinds=list(kinds)) if kinds else ""

    def responsible(self, citations: Sequence[Citation]) -> str:
        """One line naming the bureaux behind the cited passages, each with its markers (``responsible.j2``)."""
        named: dict[tuple[str, str], list[int]] = {}
        for citation in citations:
            for bureau in citation.bureaux:
                named.setdefault((bureau.name, bureau.code), []).append(citation.n)
        if not named:
            return ""
        bureaux = [{"name": name, "code": code, "markers": "".join(f"[{n}]" for n in numbers)}
                   for (name, code), numbers in named.items()]
        return self.library.render("responsible.j2", bureaux=bureaux)
