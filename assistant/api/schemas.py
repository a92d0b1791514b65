"""Request and response bodies of the HTTP API; the OpenAPI schema is generated from these."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.text.sanitize import clean_text
from assistant.types import Bureau, Turn

#: Longest question accepted, in characters.
QUESTION_MAX_CHARS = 1000
#: Most earlier turns a request may carry; the oldest matter least for a follow-up.
HISTORY_MAX_TURNS = 20


def _not_blank(value: str) -> str:
    """Control and invisible characters removed; what is left must not be empty."""
    value = clean_text(value)
    if not value:
        raise ValueError("must not be empty")
    return value


class AskRequest(BaseModel):
    """A question about the policy document."""

    model_config = ConfigDict(extra="forbid")

    # minLength and pattern are published in the schema only: the validator below enforces them with
    # a message a person understands ("must not be empty", not "should match pattern").
    question: str = Field(max_length=QUESTION_MAX_CHARS, json_schema_extra={"minLength": 1, "pattern": r"\S"},
                          description="The question, in plain language; control and invisible characters are "
                          "removed first, and what is left must not be empty.",
                          examples=["How much is the AI Subsidy Scheme?"])
    history: list[Turn] = Field(default_factory=list, max_length=HISTORY_MAX_TURNS,
                                description="Earlier turns of the conversation, oldest first.")
    # Which names are valid depends on the server's configuration, so the route checks it (a 422 naming them).
    backend: str | None = Field(None, max_length=64, examples=["extractive"],
                                description="Backend that writes the answer, one of those this server configures "
                                "(GET /v1/models lists them as policy-assistant/<backend>); default: the server's.")
    document: str | None = Field(None, max_length=200, description="Answer only from documents whose id (path in "
                                 "the corpus) or title contains this text.")

    _strip = field_validator("question")(_not_blank)


class SearchResult(BaseModel):
    """One retrieved passage."""

    id: str
    text: str
    section: str
    bureaux: list[Bureau]
    score: float
    document: str | None = Field(None, description="The document's id (its path in the corpus).")
    document_title: str | None = None
    document_date: str | None = None
    url: str | None = None
    paragraph: str | None = None


class SearchResponse(BaseModel):
    """Passages for a query, best first."""

    results: list[SearchResult]


class ErrorDetail(BaseModel):
    """What went wrong: a code a program can test, and a message a person can read."""
    code: str = Field(description="Machine-readable error code, e.g. invalid_request.")
    message: str = Field(description="What was wrong, in words.")


class ErrorResponse(BaseModel):
    """Every error the API returns has this shape."""

    error: ErrorDetail


class Health(BaseModel):
    """The answer of the health probes."""
    status: str
