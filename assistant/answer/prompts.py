"""Jinja2 templates from ``prompts/``: every text the assistant writes that is not a quote.

Templates use ``StrictUndefined``, so a template that names a variable the code does not pass fails at
once instead of rendering an empty string. Editing a template changes behaviour with no code change.

>>> PromptLibrary(Path("prompts")).render("refusal.j2", title="T", reason="not_in_document", detail="", topics=[])
'The document "T" does not answer this question.'
"""

from __future__ import annotations

from pathlib import Path

import jinja2


class PromptLibrary:
    """Renders the templates in one folder."""

    def __init__(self, folder: Path) -> None:
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined,
            autoescape=False, keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)

    def render(self, name: str, **variables: object) -> str:
        """Render template ``name`` with ``variables``; surrounding whitespace is trimmed."""
        return self._env.get_template(name).render(**variables).strip()
