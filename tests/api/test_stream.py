"""``/api/ask/stream`` over a real server: server-sent events in the documented order."""

import json

import httpx


def read_events(response: httpx.Response) -> list[tuple[str, dict]]:
    events, name = [], None
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[len("data: "):])))
    return events


def test_stream_sends_citations_deltas_and_done(live_server):
    body = {"question": "When will the CorpID Platform launch?"}
    with httpx.stream("POST", f"{live_server.url}/api/ask/stream", json=body, timeout=30) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = read_events(response)
    names = [name for name, _ in events]
    assert names[0] == "citations" and names[-1] == "done" and set(names[1:-1]) == {"delta"}
    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta").strip() == done["answer"]
    assert events[0][1]["citations"][0]["id"] == done["citations"][0]["id"]
    plain = httpx.post(f"{live_server.url}/api/ask", json=body, timeout=30).json()
    assert plain["answer"] == done["answer"]


def test_stream_of_a_refusal_is_a_single_done_event(live_server):
    with httpx.stream("POST", f"{live_server.url}/api/ask/stream", json={"question": "Best pizza in Naples?"},
                      timeout=30) as response:
        events = read_events(response)
    assert [name for name, _ in events] == ["done"] and events[0][1]["refused"] is True


def test_stream_validates_like_ask(client):
    response = client.post("/api/ask/stream", json={"question": ""})
    assert response.status_code == 422 and "question" in response.json()["error"]["message"]
    response = client.post("/api/ask/stream", json={"question": "hi", "backend": "nope"})
    assert response.status_code == 422 and "unknown backend 'nope'" in response.json()["error"]["message"]


def test_follow_up_over_http(client):
    history = [{"role": "user", "content": "How much is the AI Subsidy Scheme?"},
               {"role": "assistant", "content": "It has $3 billion [1]."}]
    body = client.post("/api/ask", json={"question": "Which bureau runs it?", "history": history}).json()
    assert "ITIB" in body["answer"] and "AI Subsidy Scheme" in body["citations"][0]["text"]
    bad = client.post("/api/ask", json={"question": "x", "history": [{"role": "wizard", "content": "hi"}]})
    assert bad.status_code == 422 and "history.0.role" in bad.json()["error"]["message"]
