"""The scheme finder over HTTP, through the real uvicorn server, and its check when the service starts."""

import pytest
import yaml
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.schemes.curated import CURATED_FILE, CatalogueError
from assistant.service import Assistant


def test_the_catalogue_lists_every_measure_with_its_source(client):
    body = client.get("/api/schemes").json()
    assert body["count"] == len(body["measures"]) >= 30
    subsidy = next(m for m in body["measures"] if m["id"] == "ai-subsidy-scheme")
    assert subsidy["amount_hkd"] == 3e9 and subsidy["kinds"] == ["subsidy", "computing power"]
    assert subsidy["bureaux"] == [{"code": "ITIB", "name": "Innovation, Technology and Industry Bureau"}]
    assert subsidy["source"]["text"].startswith("Continue to implement the $3 billion AI Subsidy Scheme")
    assert {"audience", "sectors", "timeline", "summary", "origin"} <= set(subsidy)


@pytest.mark.parametrize(("params", "check"), [
    ({"kind": "Sandbox"}, lambda m: "sandbox" in m["kinds"]),
    ({"bureau": "DEVB"}, lambda m: "DEVB" in [b["code"] for b in m["bureaux"]]),
    ({"bureau": "health"}, lambda m: "HHB" in [b["code"] for b in m["bureaux"]]),
    ({"sector": "fintech"}, lambda m: {"financial services", "any"} & set(m["sectors"])),
    ({"kind": "fund", "sector": "construction"}, lambda m: m["id"] == "construction-innovation-and-technology-fund"),
])
def test_the_catalogue_filters(client, params, check):
    body = client.get("/api/schemes", params=params).json()
    assert body["count"] >= 1 and all(check(m) for m in body["measures"])
    assert body["count"] < client.get("/api/schemes").json()["count"]


@pytest.mark.parametrize(("params", "fragment"), [
    ({"kind": "free money"}, "kind: unknown kind 'free money'; valid kinds: fund, subsidy"),
    ({"bureau": "Ministry of Magic"}, "bureau: no measure is run by 'Ministry of Magic'; bureaux with measures:"),
    ({"sector": "x" * 101}, "sector: String should have at most 100 characters"),
])
def test_bad_filters_get_a_clear_json_error(client, params, fragment):
    response = client.get("/api/schemes", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request" and fragment in response.json()["error"]["message"]


def test_options_give_a_form_its_vocabularies(client):
    body = client.get("/api/schemes/options").json()
    assert "testing in a sandbox" in [n["name"] for n in body["needs"]]
    assert body["sizes"] == ["start-up", "small", "medium", "large"]
    assert "computing power" in body["kinds"] and "construction" in body["sectors"]
    assert {"code": "HHB", "name": "Health Bureau"} in body["bureaux"]


def test_one_measure_by_id_or_a_404(client):
    assert client.get("/api/schemes/ai-sandbox").json()["name"] == "AI Sandbox"
    response = client.get("/api/schemes/no-such-scheme")
    assert response.status_code == 404 and "no measure with id 'no-such-scheme'" in response.json()["error"]["message"]


def test_a_profile_gets_ranked_measures_with_reasons_and_citations(client):
    response = client.post("/api/schemes/match", json={
        "sector": "fintech", "size": "start-up", "needs": ["Testing in a sandbox"],
        "description": "Our models flag card fraud; we need to prove them with banks under supervision."})
    assert response.status_code == 200
    body = response.json()
    assert body["fits"] and body["sectors"] == ["financial services"]
    assert body["profile"]["needs"] == ["testing in a sandbox"]
    top = body["matches"][0]
    assert top["rank"] == 1 and top["measure"]["id"] == "ai-sandbox"
    assert top["reason"].startswith("It meets your need for testing in a sandbox") and top["reason"].endswith(".")
    assert "it is meant for financial services" in top["reasons"]
    citation = top["citation"]
    assert citation["n"] == 1 and citation["id"] == top["measure"]["source"]["id"]
    assert citation["text"] == top["measure"]["source"]["text"] and citation["section"]
    assert citation["bureaux"] == [{"code": "FSTB", "name": "Financial Services and the Treasury Bureau"}]
    assert [m["rank"] for m in body["matches"]] == list(range(1, len(body["matches"]) + 1))


def test_a_profile_nothing_fits_is_told_so(client):
    body = client.post("/api/schemes/match", json={"sector": "bakery", "needs": ["funding"],
                                                   "description": "Our oven broke and we need a loan."}).json()
    assert body["fits"] is False and body["matches"] == []
    assert body["sector_known"] is False and "Nothing in the document is aimed at" in body["message"]
    assert len(body["nearest"]) == 3 and all(m["citation"]["text"] and m["reason"] for m in body["nearest"])


@pytest.mark.parametrize(("payload", "fragment"), [
    ({}, "give at least one of sector, size, needs or description"),
    ({"needs": ["free lunch"]}, "needs: unknown need 'free lunch'; valid needs: funding, investment, computing power"),
    ({"needs": "funding"}, "needs: Input should be a valid list"),
    ({"size": "huge"}, "size: unknown size 'huge'; valid sizes: start-up, small, medium, large"),
    ({"sector": "construction", "budget": 5}, "budget: Extra inputs are not permitted"),
    ({"sector": "construction", "k": 0}, "k: Input should be greater than or equal to 1"),
    ({"description": "x" * 2001}, "description: String should have at most 2000 characters"),
    (["construction"], "valid dictionary"),
])
def test_invalid_profiles_get_a_422_that_says_what_is_wrong(client, payload, fragment):
    response = client.post("/api/schemes/match", json=payload)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and fragment in error["message"], error["message"]


def test_malformed_json_is_a_400(client):
    response = client.post("/api/schemes/match", content=b'{"sector": ', headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed_json"


def test_the_openapi_schema_publishes_the_finder(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/schemes", "/api/schemes/options", "/api/schemes/match", "/api/schemes/{measure_id}"} <= set(paths)


def test_the_service_does_not_start_with_a_quote_the_document_lacks(settings, index, embedder, corpus_copy):
    path = corpus_copy / CURATED_FILE
    data = yaml.safe_load(path.read_text())
    next(e for e in data["measures"] if e["name"] == "CorpID Platform")["quote"] = "Launch the CorpID Platform in 2030"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    app = create_app(Assistant(settings.model_copy(update={"corpus_dir": corpus_copy}), index, embedder))
    message = "entry 'CorpID Platform': quote \"Launch the CorpID Platform in 2030\" is not in the document"
    with pytest.raises(CatalogueError, match=message), TestClient(app):
        pass
