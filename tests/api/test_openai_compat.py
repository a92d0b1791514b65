"""The OpenAI-compatible endpoint, driven by the official ``openai`` client against a live server."""

import openai
import pytest


@pytest.fixture
def client(live_server):
    return openai.OpenAI(base_url=f"{live_server.url}/v1", api_key="unused", max_retries=0)


def test_models_lists_the_assistant_and_each_backend(client):
    ids = {model.id for model in client.models.list()}
    assert {"policy-assistant", "policy-assistant/extractive", "policy-assistant/local"} <= ids


def test_completion_with_footnotes_and_citations(client):
    completion = client.chat.completions.create(
        model="policy-assistant", messages=[{"role": "user", "content": "How much is the AI Subsidy Scheme?"}])
    content = completion.choices[0].message.content
    assert "$3 billion" in content and "[^1]" in content
    assert "\n[^1]: " in content and "AI Subsidy Scheme" in content.split("[^1]: ")[1]
    citations = completion.model_extra["citations"]
    assert citations[0]["n"] == 1 and citations[0]["bureaux"][0]["code"] == "ITIB"


def test_streaming_completion(client):
    stream = client.chat.completions.create(
        model="policy-assistant/extractive", stream=True,
        messages=[{"role": "user", "content": "How much is the AI Subsidy Scheme?"},
                  {"role": "assistant", "content": "It has $3 billion [1]."},
                  {"role": "user", "content": "Which bureau runs it?"}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "Innovation, Technology and Industry Bureau" in text and "[^1]:" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citations"]


def test_refusal_streams_its_text(client):
    stream = client.chat.completions.create(
        model="policy-assistant", stream=True, messages=[{"role": "user", "content": "Who won the World Cup?"}])
    text = "".join(c.choices[0].delta.content or "" for c in stream)
    assert "does not answer" in text


def test_unknown_model_and_bad_messages(client):
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(model="policy-assistant", messages=[{"role": "assistant", "content": "hi"}])
