"""How questions are worded, one table per language: what the reader reads a question with.

The reader is :mod:`assistant.query.reading`.

A table (:class:`QuestionForms`) says how a language asks for a detail ("how much", "when"), for an opinion,
for support for the asker's business, and how a follow-up points back ("it", "and the deadline?"). English
(:mod:`.en`) reads every question, since English names and words turn up in questions of any language;
another language's table reads the questions written in its script as well (:data:`SCRIPTS`). Adding a
language is a module with its table and one entry in :data:`TABLES` and :data:`SCRIPTS`.

>>> [forms.language for forms in forms_for("你覺得 AI Subsidy Scheme 值唔值得?")]
['en', 'zh']
>>> language_of("How much is the AI Subsidy Scheme?"), language_of("人工智能資助計劃有幾多錢?")
('en', 'zh')
"""

from __future__ import annotations

import regex

from assistant.query.forms import en, zh
from assistant.query.forms.table import QuestionForms

#: Every language's table, by language code.
TABLES: dict[str, QuestionForms] = {"en": en.FORMS, "zh": zh.FORMS}
#: Languages other than English, and the script their questions are written in.
SCRIPTS: dict[str, regex.Pattern] = {"zh": regex.compile(r"\p{Han}")}


def language_of(question: str) -> str:
    """The language a question is written in: the first of :data:`SCRIPTS` whose script it uses, else English."""
    return next((language for language, script in SCRIPTS.items() if script.search(question)), "en")


def forms_for(question: str) -> list[QuestionForms]:
    """The tables that read ``question``: English, and every language whose script the question uses."""
    return [TABLES["en"], *(TABLES[language] for language, script in SCRIPTS.items() if script.search(question))]
