"""The answer object every backend produces and every interface (HTTP, CLI, eval) returns.

Pydantic models, so the HTTP API publishes them in its OpenAPI schema and validates what it sends.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Turn(BaseModel):
    """One earlier message of a conversation, oldest first in a history."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=8000)


class Bureau(BaseModel):
    """A bureau or office responsible for a measure."""

    code: str = Field(description="Tag as the document writes it, e.g. ITIB.")
    name: str = Field(description="Full name, e.g. Innovation, Technology and Industry Bureau.")


class DocumentVersion(BaseModel):
    """The cited document in another language: the same text, published as its own document."""

    language: str = Field(description="BCP 47 tag, e.g. zh-Hant-HK.")
    title: str
    url: str | None = None


class Citation(BaseModel):
    """A passage the answer cites as ``[n]``."""

    n: int = Field(description="The marker number used in the answer text.")
    id: str = Field(description="Chunk id (a content hash, stable across rebuilds).")
    text: str = Field(description="The passage, verbatim.")
    section: str = Field(description="Heading path, Chapter > Section > Subsection.")
    bureaux: list[Bureau] = Field(default_factory=list)
    score: float = Field(description="Retrieval score (dense and BM25 scores fused, assistant.retrieval.fuse).")
    document_title: str | None = Field(None, description="Title of the document the passage comes from.")
    document_date: str | None = Field(None, description="The document's publication date (ISO), where known.")
    url: str | None = Field(None, description="Link to the document, with the section's anchor where it has one.")
    paragraph: str | None = Field(None, description="The paragraph's number in the document (\"77\", \"(B)\").")
    versions: list[DocumentVersion] = Field(default_factory=list,
                                            description="The document in its other languages, where linked.")

    def support_text(self) -> str:
        """What a sentence citing this passage may rely on: the text, its headings, document and bureaux' names."""
        return " ".join([self.text, self.section, self.document_title or "", *(b.name for b in self.bureaux)])


class NextStep(BaseModel):
    """Where a citizen can go next: a bureau's website, an enquiry line (``tel:``) or address (``mailto:``)."""

    label: str = Field(description="What the link is, e.g. Innovation, Technology and Industry Bureau: website.")
    url: str = Field(description="https:, tel: or mailto: link.")


class Answer(BaseModel):
    """A cited answer, or a refusal that says why and what the document covers instead."""

    answer: str = Field(description="Plain-language answer with [n] citation markers, or the refusal text.")
    citations: list[Citation] = Field(default_factory=list)
    refused: bool = False
    reason: str | None = Field(None, description="Why the answer was refused, when it was.")
    topics: list[str] = Field(default_factory=list, description="Nearest topics the document covers.")
    backend: str = "extractive"
    degraded: bool = Field(False, description="The chosen backend failed and the extractive answer stands in.")
    grounded: float = Field(1.0, description="Share of answer sentences supported by their cited passage.")
    query: str = Field("", description="The standalone query that retrieval used.")
    timings: dict[str, float] = Field(default_factory=dict, description="Milliseconds per step.")
    next_steps: list[NextStep] = Field(default_factory=list, description="Where to go next: the responsible "
                                       "bureaux' websites and enquiry channels, else the 1823 enquiry line.")
