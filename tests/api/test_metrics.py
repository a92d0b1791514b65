"""``GET /metrics``: Prometheus counters for requests and answers, with no question text in any label."""


def value(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_requests_and_answers_are_counted(client):
    before = client.get("/metrics").text
    client.post("/api/ask", json={"question": "When will the CorpID Platform launch?"})
    client.post("/api/ask", json={"question": "Who won the World Cup in 1966?"})
    client.get("/api/search", params={"q": "my secret question about hydrogen"})
    client.post("/api/ask", json={})
    after = client.get("/metrics")
    assert after.status_code == 200 and after.headers["content-type"].startswith("text/plain")
    text = after.text
    assert value(text, 'assistant_answers_total{backend="extractive",outcome="answered"}') >= \
        value(before, 'assistant_answers_total{backend="extractive",outcome="answered"}') + 1
    assert value(text, 'assistant_answers_total{backend="extractive",outcome="refused"}') >= 1
    assert 'route="/api/search",status="200"' in text and 'route="/api/ask",status="422"' in text
    assert "assistant_request_seconds_bucket" in text
    assert "secret" not in text and "World Cup" not in text
