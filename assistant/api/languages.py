"""The languages the chat page and widget speak, the message table they share, and choosing one per request.

The table is ``static/messages.json`` (one entry per language, every key in each): the page's template reads
it here, and the widget fetches it from ``/widget-messages.json``. A request chooses its language with
``?lang=`` or, without it, with its ``Accept-Language`` header; every Chinese tag reads as Traditional
Chinese for Hong Kong, the one Chinese the tables hold.

>>> choose_language("zh-hant", None), choose_language(None, "fr;q=0.9, zh-TW;q=0.8, en;q=0.5")
('zh-HK', 'zh-HK')
>>> choose_language(None, "en-GB,en;q=0.9"), choose_language("klingon", None)
('en', 'en')
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

MESSAGES_FILE = Path(__file__).resolve().parent / "static" / "messages.json"
#: The languages served, by their tag; the first is the default.
LANGUAGES = ("en", "zh-HK")


@cache
def messages() -> dict[str, dict]:
    """Every language's messages, by language tag."""
    table = json.loads(MESSAGES_FILE.read_text(encoding="utf-8"))
    return {tag: table[tag] for tag in LANGUAGES}


def supported(tag: str) -> str | None:
    """The served language a language tag asks for ("zh-TW" -> "zh-HK", "en-GB" -> "en"), or ``None``."""
    primary = tag.strip().lower().split("-")[0]
    return {"en": "en", "zh": "zh-HK", "yue": "zh-HK"}.get(primary)


def choose_language(query: str | None, accept_language: str | None) -> str:
    """``?lang=`` when it names a served language, else the best of ``Accept-Language``, else English."""
    if query and (chosen := supported(query)):
        return chosen
    ranked = []
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag.strip() and quality > 0:
            ranked.append((-quality, order, tag))
    for _, _, tag in sorted(ranked):
        if chosen := supported(tag):
            return chosen
    return LANGUAGES[0]
