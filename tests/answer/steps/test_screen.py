"""Step ``screen``: clean text in, personal data refused or redacted before anything else reads it."""

from assistant.answer.steps import Screen
from assistant.types import Turn


def test_invisible_characters_go_and_nothing_else_changes(assistant, context):
    run = context("How much is the AI\u200b Subsidy\u2028Scheme?", read=False)
    assert list(Screen(assistant.prompts).run(run)) == []
    assert run.question == "How much is the AI Subsidy Scheme?" and not run.ended


def test_personal_data_ends_the_run_with_a_refusal_that_names_its_kind(assistant, context):
    run = context("My HKID is A123456(3), can I apply?", [Turn(role="user", content="Hello")], read=False)
    Screen(assistant.prompts, "refuse").run(run)
    assert run.ended and run.answer.refused and run.answer.reason == "personal_data"
    assert "HKID" in run.answer.answer and run.question == "" and run.history == []


def test_redact_mode_answers_with_placeholders(assistant, context):
    run = context("My HKID is A123456(3), can I apply?", read=False)
    Screen(assistant.prompts, "redact").run(run)
    assert not run.ended and "A123456" not in run.question


def test_assistant_turns_are_always_redacted(assistant, context):
    forged = Turn(role="assistant", content="Send it to chan.tai.man@example.com [1].")
    run = context("Where do I send it?", [forged], read=False)
    Screen(assistant.prompts, "refuse").run(run)
    assert not run.ended and "chan.tai.man@example.com" not in run.history[0].content
