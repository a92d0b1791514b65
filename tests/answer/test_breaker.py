"""The circuit breaker, alone and around the openai backend."""

from assistant.answer.breaker import CircuitBreaker
from tests.fake_openai import Reply


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_opens_after_the_threshold_and_half_opens_after_the_wait():
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=3, reset_after=10, clock=clock)
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert not breaker.allow() and breaker.retry_in() == 10
    clock.now = 10.5
    assert breaker.allow()          # one trial call
    assert not breaker.allow()      # and only one
    breaker.record_failure()
    assert not breaker.allow()
    clock.now = 21
    assert breaker.allow()
    breaker.record_success()
    assert breaker.allow() and not breaker.is_open


def test_a_released_trial_lets_another_trial_run():
    clock = FakeClock()
    breaker = CircuitBreaker(threshold=1, reset_after=10, clock=clock)
    breaker.record_failure()
    clock.now = 11
    assert breaker.allow() and not breaker.allow()
    breaker.release()  # the trial was busy or cancelled: it showed nothing, so another may try
    assert breaker.allow() and breaker.is_open


def test_a_failing_backend_is_skipped_once_the_circuit_opens(openai_assistant, fake_openai):
    settings = openai_assistant.settings.model_copy(update={"breaker_failures": 2, "openai_max_retries": 0})
    from assistant.service import Assistant

    assistant = Assistant(settings, openai_assistant.index, openai_assistant.embedder)
    fake_openai.script = [Reply("status", status=500)] * 10
    for _ in range(2):
        assert assistant.ask("When does the CorpID Platform launch?").degraded
    calls = len(fake_openai.requests)
    answer = assistant.ask("When does the CorpID Platform launch?")
    assert answer.degraded and "failed repeatedly" in answer.reason and "end-2026" in answer.answer
    assert len(fake_openai.requests) == calls  # not called at all
