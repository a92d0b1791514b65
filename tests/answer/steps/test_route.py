"""Step ``route``: the first route that claims the question answers it, and the run ends."""

from assistant.answer.events import DeltaEvent, LongWork, SourcesEvent
from assistant.answer.steps import Route
from assistant.types import Answer


class Greeting:
    name = "greeting"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def claims(self, reading):
        return reading.text.startswith("Hello")

    def answer(self, query, reading):
        self.asked.append(query)
        return Answer(answer="Hello! Ask me about the policy.")


def test_a_claiming_route_answers_and_ends_the_run(context):
    greeting = Greeting()
    run = context("Hello there")
    events = list(Route([greeting]).run(run))
    # LongWork first: a caller on an event loop answers the rest in a thread (a route may load or embed).
    assert events == [LongWork(), SourcesEvent([]), DeltaEvent("Hello! Ask me about the policy.")]
    assert run.ended and run.routed and greeting.asked == ["Hello there"]


def test_no_claim_leaves_the_question_to_the_passages(context):
    run = context("What is CorpID?")
    assert list(Route([Greeting()]).run(run)) == [] and not run.ended


def test_the_scheme_route_claims_support_questions(assistant, context):
    route = assistant.pipeline.step("route").routes[0]
    assert route.claims(context("What funding could my logistics start-up get?").reading)
    assert not route.claims(context("How much is the AI Subsidy Scheme?").reading)
