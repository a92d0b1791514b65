"""Step ``premise_note``: a figure the document never states gets a note, streamed first; others get none."""

from assistant.answer.events import DeltaEvent
from assistant.answer.steps import PremiseNote


def test_an_unstated_amount_gets_a_note_without_the_figure(assistant, context):
    run = context("How do I apply for the $30 billion AI Subsidy Scheme?")
    events = list(PremiseNote(lambda: assistant.stated_figures, assistant.prompts).run(run))
    assert events == [DeltaEvent(f"{run.note} ")] and "amount" in run.note and "30" not in run.note


def test_stated_figures_get_no_note(assistant, context):
    run = context("How do I apply for the $3 billion AI Subsidy Scheme?")
    assert list(PremiseNote(lambda: assistant.stated_figures, assistant.prompts).run(run)) == [] and run.note == ""
