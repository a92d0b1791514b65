"""The HTTP API through a real uvicorn server on loopback, with the real model and index."""

import pytest


def test_ask_returns_a_cited_answer(client):
    response = client.post("/api/ask", json={"question": "Which bureau looks after the CorpID Platform?"})
    assert response.status_code == 200
    body = response.json()
    assert {"answer", "citations", "refused", "timings"} <= set(body)
    assert body["refused"] is False
    citation = body["citations"][0]
    assert set(citation) >= {"n", "id", "text", "section", "bureaux", "score"}
    assert citation["bureaux"][0] == {"code": "ITIB", "name": "Innovation, Technology and Industry Bureau"}


def test_ask_refuses_off_topic(client):
    body = client.post("/api/ask", json={"question": "Who won the football world cup?"}).json()
    assert body["refused"] is True and body["citations"] == []


def test_search_returns_passages(client):
    body = client.get("/api/search", params={"q": "clinical trials", "k": 3}).json()
    assert len(body["results"]) == 3
    assert set(body["results"][0]) == {"id", "text", "section", "bureaux", "score", "document", "document_title",
                                       "document_date", "url", "paragraph"}
    assert body["results"][0]["document_title"] == "Industry Development and Reform"
    filtered = client.get("/api/search", params={"q": "AI", "k": 5, "bureau": "SB"}).json()
    assert all(r["bureaux"][0]["code"] == "SB" for r in filtered["results"])
    none = client.get("/api/search", params={"q": "AI", "document": "budget-speech"}).json()
    assert none["results"] == []


def test_ask_takes_a_document_filter_and_citations_name_their_document(client):
    body = client.post("/api/ask", json={"question": "Which bureau looks after the CorpID Platform?",
                                         "document": "industry-development"}).json()
    assert body["refused"] is False
    assert body["citations"][0]["document_title"] == "Industry Development and Reform"
    other = client.post("/api/ask", json={"question": "Which bureau looks after the CorpID Platform?",
                                          "document": "no-such-document"}).json()
    assert other["refused"] is True and other["citations"] == []


@pytest.mark.parametrize(("payload", "status", "fragment"), [
    ({"question": ""}, 422, "question: must not be empty"),
    ({"question": "   "}, 422, "question: must not be empty"),
    ({"question": "x" * 1001}, 422, "at most 1000 characters"),
    ({"question": 42}, 422, "question: Input should be a valid string"),
    ({}, 422, "question: Field required"),
    ({"question": "ok", "extra": 1}, 422, "extra: Extra inputs are not permitted"),
    (["question"], 422, "valid dictionary"),
])
def test_bad_ask_bodies_get_a_clear_json_error(client, payload, status, fragment):
    response = client.post("/api/ask", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and fragment in error["message"]


def test_malformed_json_is_a_400(client):
    response = client.post("/api/ask", content=b'{"question": "unterminated',
                           headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "ok", "k": 0}, {"q": "ok", "k": "many"}, {"k": 3},
                                    {"q": "ok", "k": 51}])
def test_bad_search_parameters_get_a_clear_json_error(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["message"]


def test_health_readiness_and_docs(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    assert client.get("/docs").status_code == 200
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_every_route_that_can_stream_documents_server_sent_events(client):
    """A client generated from the schema must expect the event stream a streaming request gets."""
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/ask/stream", "/v1/chat/completions"):
        assert "text/event-stream" in paths[path]["post"]["responses"]["200"]["content"], path


def test_unknown_path_is_a_json_404(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_not_ready_until_warm(assistant):
    """Before warm-up finishes, /readyz and the API answer 503 with Retry-After."""
    from fastapi.testclient import TestClient

    from assistant.api import create_app

    app = create_app(assistant)
    with TestClient(app) as http:  # lifespan starts the warm-up thread
        # Wait for it to finish first: cleared while it still runs, it would set the flag again.
        assert app.state.service.ready.wait(60)
        app.state.service.ready.clear()
        assert http.get("/readyz").status_code == 503
        response = http.post("/api/ask", json={"question": "hello"})
        assert response.status_code == 503 and response.headers["retry-after"]
