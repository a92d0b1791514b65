"""The runner: steps in order, each timed under its name; a step that ends the run skips the rest but not finish."""

from assistant.answer.context import AnswerContext
from assistant.answer.events import DeltaEvent, DoneEvent, SourcesEvent
from assistant.answer.pipeline import Pipeline
from assistant.answer.writers import DraftWriter
from assistant.backends.testing import ScriptedBackend
from assistant.types import Answer, Citation

SOURCE = Citation(n=1, id="c1", text="The passage.", section="S", score=0.5)


class Recorder:
    def __init__(self, name, log, events=(), ends=False):
        self.name, self.log, self.events, self.ends = name, log, list(events), ends

    def run(self, context):
        self.log.append(self.name)
        yield from self.events
        if self.ends:
            context.end(Answer(answer=f"ended by {self.name}"))


def test_steps_run_in_order_and_the_answer_comes_last_with_every_timing():
    log: list[str] = []
    steps = [Recorder("a", log, [SourcesEvent([SOURCE])]), Recorder("b", log, [DeltaEvent("text")], ends=True),
             Recorder("c", log)]
    context = AnswerContext("q", [], DraftWriter(ScriptedBackend(generative=False)))
    events = list(Pipeline(steps, Recorder("finish", log)).run(context))
    assert log == ["a", "b", "finish"]  # c is skipped, finish always runs
    assert events[:2] == [SourcesEvent([SOURCE]), DeltaEvent("text")] and isinstance(events[-1], DoneEvent)
    answer = events[-1].answer
    assert answer.answer == "ended by b" and set(answer.timings) == {"a", "b", "finish", "total"}
    assert context.sources == [SOURCE]  # what the cache would replay
    assert answer.timings["total"] == round(sum(v for k, v in answer.timings.items() if k != "total"), 3)


def test_the_service_runs_the_named_steps(assistant):
    names = [step.name for step in assistant.pipeline.steps]
    assert names == ["screen", "cache", "read", "condense", "translate", "route", "retrieve", "plan", "draft",
                     "premise_note", "as_of", "write"]
    assert assistant.pipeline.finish.name == "finish"
