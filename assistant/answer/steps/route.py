"""Step ``route``: a feature that claims the question answers it (:mod:`assistant.answer.routes`).

The user's own words decide (the reading of the question); the answer is written from the standalone
query, which carries what earlier turns said. A routed answer is sent as sources and one piece of text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.answer.context import AnswerContext
from assistant.answer.events import AnswerEvent, DeltaEvent, LongWork, SourcesEvent
from assistant.answer.routes import AnswerRoute


class Route:
    """Offers the question to each route in order; the first that claims it ends the run with its answer."""

    name = "route"

    def __init__(self, routes: Sequence[AnswerRoute]) -> None:
        self.routes = list(routes)

    def run(self, context: AnswerContext) -> Iterator[AnswerEvent]:
        """Yield the claiming route's sources and text, and end the run; nothing when no route claims it."""
        route = next((r for r in self.routes if r.claims(context.reading)), None)
        if route is None:
            return
        yield LongWork()  # a route may load its feature or embed on its own
        answer = route.answer(context.query, context.reading)
        yield SourcesEvent(answer.citations)
        yield DeltaEvent(answer.answer)
        context.end(answer, routed=True)
