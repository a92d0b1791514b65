"""The openai backend against a real chat-completions server on loopback: success and every fault."""

import time

import pytest

from assistant.backends import BackendError, ChatMessage, GenerationRequest, create_backend
from assistant.backends.openai import retry_after_seconds
from tests.fake_openai import Reply

REQUEST = GenerationRequest(messages=[ChatMessage(role="user", content="Sources:\n[1] The fund opens. (ITIB) "
                                                                     "(Section: Funds)\nQuestion: When?\nAnswer:")])


def backend_for(assistant, **changes):
    return create_backend("openai", assistant.settings.model_copy(update=changes))


@pytest.mark.parametrize("stream", [True, False])
def test_answers_streaming_and_not(openai_assistant, fake_openai, stream):
    backend = backend_for(openai_assistant, openai_stream=stream)
    pieces = list(backend.generate(REQUEST))
    assert "".join(pieces) == "The fund opens [1]."
    assert (len(pieces) > 1) is stream
    sent = fake_openai.requests[-1]
    assert sent["model"] == "fake-model" and sent["stream"] is stream
    assert sent["messages"][0]["content"].startswith("Sources:")


def test_429_is_retried_after_the_servers_retry_after(openai_assistant, fake_openai):
    fake_openai.script = [Reply("status", status=429, headers={"Retry-After": "0.4"})]
    started = time.monotonic()
    text = backend_for(openai_assistant).complete(REQUEST)
    assert text == "The fund opens [1]."
    assert time.monotonic() - started >= 0.4
    assert len(fake_openai.requests) == 2


def test_500_is_retried_with_back_off_then_gives_up(openai_assistant, fake_openai):
    fake_openai.script = [Reply("status", status=500), Reply("status", status=502)]
    assert backend_for(openai_assistant).complete(REQUEST) == "The fund opens [1]."
    fake_openai.script = [Reply("status", status=503)] * 3
    with pytest.raises(BackendError, match=r"HTTP 503 .* after 3 attempts"):
        backend_for(openai_assistant).complete(REQUEST)


def test_a_retry_after_longer_than_we_wait_fails_at_once(openai_assistant, fake_openai):
    fake_openai.script = [Reply("status", status=429, headers={"Retry-After": "120"})]
    with pytest.raises(BackendError, match="asks to wait 120 s"):
        backend_for(openai_assistant).complete(REQUEST)
    assert len(fake_openai.requests) == 1


def test_a_stall_past_the_read_timeout_fails(openai_assistant, fake_openai):
    fake_openai.script = [Reply("stall", seconds=2.5)]
    started = time.monotonic()
    with pytest.raises(BackendError, match="timed out"):
        backend_for(openai_assistant, openai_read_timeout=0.5).complete(REQUEST)
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize(("reply", "stream", "message"), [
    (Reply("malformed"), True, "malformed event"),
    (Reply("garbage-json"), False, "not JSON"),
    (Reply("drop"), True, "connection"),
    (Reply("status", status=401), True, "HTTP 401"),
])
def test_broken_replies_raise_backend_errors(openai_assistant, fake_openai, reply, stream, message):
    fake_openai.script = [reply]
    with pytest.raises(BackendError, match=message):
        backend_for(openai_assistant, openai_stream=stream, openai_max_retries=0).complete(REQUEST)


def test_nothing_listening_is_a_backend_error(openai_assistant):
    backend = backend_for(openai_assistant, openai_base_url="http://127.0.0.1:9/v1", openai_max_retries=0)
    with pytest.raises(BackendError, match="connection"):
        backend.complete(REQUEST)


def test_api_key_is_sent_as_a_bearer_token(openai_assistant, fake_openai):
    backend = backend_for(openai_assistant)
    assert backend._client.headers["authorization"] == "Bearer test-key"


def test_retry_after_parses_seconds_and_dates():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None
    assert 0 <= retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") <= 0.0
