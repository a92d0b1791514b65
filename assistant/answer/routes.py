"""How a feature answers a question itself instead of the document passages: a route.

The route step (:class:`assistant.answer.steps.route.Route`) asks each route, in order, whether it claims
the question (from its :class:`~assistant.query.reading.Reading`: a support-seeking question for the
scheme finder); the first that does writes the answer, cited as any answer is. The composition root
(:mod:`assistant.service`) plugs the routes in, so the answer flow never imports a feature.

>>> class Greeting:
...     name = "greeting"
...     def claims(self, reading): return reading.text.lower().startswith("hello")
...     def answer(self, query, reading): return Answer(answer="Hello! Ask me about the policy.")
>>> isinstance(Greeting(), AnswerRoute)
True
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from assistant.query.reading import Reading
from assistant.types import Answer


@runtime_checkable
class AnswerRoute(Protocol):
    """A feature that answers some questions itself."""

    #: Names the route in logs and tests.
    name: str

    def claims(self, reading: Reading) -> bool:
        """Whether this route answers the question read as ``reading``."""
        ...

    def answer(self, query: str, reading: Reading) -> Answer:
        """The answer, its citations numbered from 1; ``query`` is the standalone query."""
        ...
