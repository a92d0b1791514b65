"""The steps of the answer flow, one module each, in the order the composition root runs them.

:class:`Screen` (clean the text, personal data), :class:`Cache` (a finished answer to the same question),
:class:`Read` (the question's :class:`~assistant.query.reading.Reading`), :class:`Condense` (a follow-up as
a standalone query), :class:`Translate` (a Chinese question's English query), :class:`Route` (a feature
that answers itself), :class:`Retrieve` (passages),
:class:`PlanStep` (the evidence, or a refusal), :class:`DraftStep` (the extractive draft and the numbered
sources), :class:`PremiseNote` (a figure the document never states), :class:`AsOf` (the newest document's
date, when it supersedes another), :class:`Write` (the writer's answer)
and :class:`Finish` (who wrote it, degraded or not, into the cache).
"""

from assistant.answer.steps.cache import Cache
from assistant.answer.steps.condense import Condense
from assistant.answer.steps.draft import DraftStep
from assistant.answer.steps.finish import Finish
from assistant.answer.steps.plan import PlanStep
from assistant.answer.steps.premise import PremiseNote
from assistant.answer.steps.read import Read
from assistant.answer.steps.recency import AsOf
from assistant.answer.steps.retrieve import Retrieve
from assistant.answer.steps.route import Route
from assistant.answer.steps.screen import Screen
from assistant.answer.steps.translate import Translate
from assistant.answer.steps.write import Write

__all__ = ["AsOf", "Cache", "Condense", "DraftStep", "Finish", "PlanStep", "PremiseNote", "Read", "Retrieve", "Route",
           "Screen", "Translate", "Write"]
