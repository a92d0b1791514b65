"""Jinja2 templates from ``prompts/``: every text the assistant writes that is not a quote.

:class:`PromptLibrary` renders any template; :class:`PromptBuilder` knows which template makes which text
for one document (the prompts a backend is sent, refusals, error notes, the premise note, the responsible
bureaux), so tests and benchmarks build exactly the requests the service sends.

Templates use ``StrictUndefined``, so a template that names a variable the code does not pass fails at
once instead of rendering an empty string. Editing a template changes behaviour with no code change.

A text has a template per language: ``refusal.zh.j2`` beside ``refusal.j2`` is the refusal for a question
asked in Chinese; a language without its own template gets the English one. The frame of a Chinese answer
(its lead, the names and amounts in both languages, the responsible bureaux by their Chinese names) comes
from the glossary (:mod:`assistant.query.bilingual`).

>>> PromptLibrary(Path("prompts")).render("refusal.j2", title="T", documents=1, reason="not_in_document", detail="",
...                                       topics=["Hydrogen"])
'The document "T" does not answer this question. Closest topics it does cover: Hydrogen.'
>>> builder = PromptBuilder(PromptLibrary(Path("prompts")), "T")
>>> builder.answer_request("Who?", [], "Draft [1].").messages[0].role
'system'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import jinja2

from assistant.answer.backend import CancelToken, ChatMessage, GenerationRequest
from assistant.query.bilingual import BilingualGlossary
from assistant.text.chinese import chinese_amount_text
from assistant.text.facts import money_amounts
from assistant.text.patterns import MONEY
from assistant.types import Citation, Turn

#: Tokens a condensed follow-up may take: one question.
CONDENSE_TOKENS = 80
_MONEY = re.compile(MONEY, re.IGNORECASE)


class PromptLibrary:
    """Renders the templates in one folder."""

    def __init__(self, folder: Path) -> None:
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined,
            autoescape=False, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)

    def render(self, name: str, **variables: object) -> str:
        """Render template ``name`` with ``variables``; surrounding whitespace is trimmed."""
        return self._env.get_template(name).render(**variables).strip()

    def localised(self, name: str, language: str) -> str:
        """The name of ``name``'s template for ``language`` ("refusal.zh.j2"), or ``name`` when it has none."""
        if language == "en":
            return name
        stem, _, extension = name.rpartition(".")
        candidate = f"{stem}.{language}.{extension}"
        try:
            self._env.get_template(candidate)
        except jinja2.TemplateNotFound:
            return name
        return candidate


class PromptBuilder:
    """The texts and backend requests of the answer flow, for the document titled ``title``.

    ``documents`` is how many documents the corpus holds: past two, refusals speak of them all, not of one.
    """

    def __init__(self, library: PromptLibrary, title: str, max_tokens: int = 300, temperature: float = 0.0,
                 glossary: BilingualGlossary | None = None, documents: int = 1) -> None:
        self.library = library
        self.title = title
        self.documents = documents
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.glossary = glossary or BilingualGlossary((), {})

    def _render(self, name: str, language: str, **variables: object) -> str:
        return self.library.render(self.library.localised(name, language), **variables)

    def system(self, language: str = "en") -> str:
        """The rules every generative backend is given (``system.j2``), in the question's language's version."""
        return self._render("system.j2", language, title=self.title)

    def answer_request(self, query: str, sources: Sequence[Citation], draft: str,
                       cancel: CancelToken | None = None, language: str = "en") -> GenerationRequest:
        """The request a backend writes an answer from: the rules, the numbered sources and the question.

        For a question in another language than English, ``query`` is the question as the user wrote it and
        the rules tell the backend to answer in that language.
        """
        listed = [{"n": c.n, "section": c.section, "bureaux": [b.name for b in c.bureaux], "text": c.text}
                  for c in sources]
        messages = [ChatMessage(role="system", content=self.system(language)),
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

    def refusal(self, reason: str, topics: Sequence[str] = (), detail: str = "", language: str = "en") -> str:
        """Why the document does not answer, and the nearest topics it covers (``refusal.j2``)."""
        return self._render("refusal.j2", language, title=self.title, documents=self.documents, reason=reason,
                            detail=detail, topics=list(topics))

    def error(self, kind: str, backend: str, reason: str | None = None, language: str = "en") -> str:
        """What went wrong with a backend (``errors.j2``): ``degraded`` or ``unsupported``."""
        return self._render("errors.j2", language, kind=kind, backend=backend, reason=reason or "")

    def premise_note(self, kinds: Sequence[str], language: str = "en") -> str:
        """The note that the question gives figures of these kinds the document never states (``premise.j2``)."""
        return self._render("premise.j2", language, kinds=list(kinds)) if kinds else ""

    def lead(self, language: str = "en") -> str:
        """The line an answer in ``language`` opens with (``lead.<language>.j2``); none in English."""
        name = self.library.localised("lead.j2", language)
        return self.library.render(name, title=self.title, documents=self.documents) if name != "lead.j2" else ""

    def names_note(self, sentences: Sequence[str], language: str = "en") -> str:
        """For an answer in another language: the names and amounts the quoted ``sentences`` give, in both.

        The names come from the glossary (its first Chinese name, as the document names it in English);
        amounts in both forms: "30億元 ($3 billion)". Empty in English, or when the sentences give neither.
        """
        name = self.library.localised("names.j2", language)
        if name == "names.j2":
            return ""
        text = " ".join(sentences)
        names = [{"chinese": n.chinese, "english": n.english} for n in self.glossary.named_in(text)
                 if n.kind != "bureau"]
        written = dict.fromkeys(m.group(0).strip() for m in _MONEY.finditer(text))
        amounts = [{"chinese": chinese_amount_text(money_amounts(w)[0]), "english": w} for w in written]
        return self.library.render(name, names=names, amounts=amounts) if names or amounts else ""

    def responsible(self, citations: Sequence[Citation], language: str = "en") -> str:
        """One line naming the bureaux behind the cited passages, each with its markers (``responsible.j2``).

        In another language than English a bureau goes by its glossary name, where the glossary has one.
        """
        named: dict[tuple[str, str], list[int]] = {}
        for citation in citations:
            for bureau in citation.bureaux:
                named.setdefault((self._bureau_name(bureau.name, bureau.code, language), bureau.code),
                                 []).append(citation.n)
        if not named:
            return ""
        bureaux = [{"name": name, "code": code, "markers": "".join(f"[{n}]" for n in numbers)}
                   for (name, code), numbers in named.items()]
        return self._render("responsible.j2", language, bureaux=bureaux)

    def _bureau_name(self, name: str, code: str, language: str) -> str:
        if language == "en":
            return name
        return next((n.chinese for n in self.glossary.names if n.code == code), name)
