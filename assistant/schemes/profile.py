"""An enterprise's profile, as the finder's form and ``POST /api/schemes/match`` take it.

Every field is optional but at least one must be given. Needs and size come from fixed vocabularies
(:mod:`assistant.schemes.vocabulary`); a word outside them is rejected with the list of valid words, so a
typo never silently matches nothing.

>>> Profile(needs=["Computing_Power", "money"]).needs
['computing power', 'funding']
>>> Profile(sector="  ").model_dump()
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Profile
...
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.schemes.vocabulary import parse_need, parse_size

#: Longest description accepted, in characters.
DESCRIPTION_MAX_CHARS = 2000
#: Most needs one profile may name.
NEEDS_MAX = 10


class Profile(BaseModel):
    """Who the enterprise is and what it needs."""

    model_config = ConfigDict(extra="forbid")

    sector: str | None = Field(None, max_length=100, description="Its sector, in its own words.",
                               examples=["construction"])
    size: str | None = Field(None, max_length=40, description="start-up, small, medium or large.",
                             examples=["medium"])
    needs: list[str] = Field(default_factory=list, max_length=NEEDS_MAX,
                             description="What it needs, from GET /api/schemes/options (needs).",
                             examples=[["funding"]])
    description: str | None = Field(None, max_length=DESCRIPTION_MAX_CHARS,
                                    description="What it does and wants, in its own words.",
                                    examples=["We want software that checks our contracts and payment claims."])

    @field_validator("sector", "size", "description")
    @classmethod
    def _blank_is_absent(cls, value: str | None) -> str | None:
        return (value or "").strip() or None

    @field_validator("size")
    @classmethod
    def _known_size(cls, value: str | None) -> str | None:
        return parse_size(value) if value else None

    @field_validator("needs")
    @classmethod
    def _known_needs(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(parse_need(word).name for word in value if word.strip()))

    @model_validator(mode="after")
    def _something_given(self) -> Profile:
        if not (self.sector or self.size or self.needs or self.description):
            raise ValueError("give at least one of sector, size, needs or description")
        return self
