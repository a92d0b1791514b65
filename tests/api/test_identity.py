"""Who a request counts as, on real servers on loopback: stated ids count for nothing, signed tokens and
trusted proxies do, and every address meets its own limits (requests, answers in flight, feedback, admin
tokens) whatever ids it sends.

A second client address is a second loopback address (127.0.0.2): the server sees a different peer.
"""

from __future__ import annotations

import time
from contextlib import ExitStack

import httpx
from pydantic import SecretStr

from tests.fake_openai import Reply

OTHER = "127.0.0.2"
SECRET = "a-test-secret-of-enough-length"
QUESTION = {"question": "When does the CorpID Platform launch?"}


def connect(server, address: str = "127.0.0.1", **options) -> httpx.Client:
    """A client whose connections come from ``address``."""
    return httpx.Client(base_url=server.url, transport=httpx.HTTPTransport(local_address=address),
                        timeout=options.pop("timeout", 10), **options)


def search(http: httpx.Client, headers: dict | None = None) -> int:
    return http.get("/api/search", params={"q": "hydrogen"}, headers=headers or {}).status_code


def token(http: httpx.Client) -> str:
    response = http.post("/api/identity")
    assert response.status_code == 200, response.text
    return response.json()["token"]


def feedback(n: int) -> dict:
    return {"answer_id": f"a{n}", "rating": "up", "question": "Q?", "answer": "A [1]."}


def test_invented_end_user_ids_from_one_address_meet_a_429(server_with):
    # Slow refills (one request per 30 s) so that a loaded machine's slower 40 requests earn none back.
    server = server_with(rate_limit_per_minute=2, rate_limit_burst=5, address_rate_limit_per_minute=2,
                         address_rate_limit_burst=10)
    with connect(server) as http:
        codes = [search(http, {"X-End-User-Id": f"citizen-{n}"}) for n in range(40)]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}


def test_a_chosen_user_cannot_be_locked_out(server_with):
    server = server_with(rate_limit_per_minute=6, rate_limit_burst=3)
    with connect(server) as attacker, connect(server, OTHER) as victim:
        assert [search(attacker, {"X-End-User-Id": "victim-7"}) for _ in range(5)][-1] == 429
        assert search(victim, {"X-End-User-Id": "victim-7"}) == 200
        mine = {"X-End-User-Token": token(victim)}
        real = mine["X-End-User-Token"]
        forged = {"X-End-User-Token": real[:-1] + ("B" if real.endswith("A") else "A")}  # never the real one
        assert [search(attacker, forged) for _ in range(3)] == [429] * 3  # counted by the attacker's address
        assert [search(victim, mine) for _ in range(3)] == [200] * 3


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(server_with):
    server = server_with(rate_limit_per_minute=6, rate_limit_burst=2, address_rate_limit_burst=2)
    with connect(server) as http:
        codes = [search(http, {"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(6)]
    assert codes == [200, 200, 429, 429, 429, 429]


def test_a_trusted_proxy_names_the_end_user_and_the_address(server_with):
    server = server_with(trusted_proxies=[OTHER], rate_limit_per_minute=6, rate_limit_burst=2,
                         address_rate_limit_per_minute=6, address_rate_limit_burst=3)
    with connect(server, OTHER) as proxy, connect(server) as direct:
        alice = {"X-End-User-Id": "alice", "X-Forwarded-For": "198.51.100.1"}
        assert [search(proxy, alice) for _ in range(3)] == [200, 200, 429]  # alice's own bucket
        assert search(proxy, {**alice, "X-End-User-Id": "bob"}) == 200  # bob, same address: its third request
        assert search(proxy, {**alice, "X-End-User-Id": "carol"}) == 429  # the address bound
        assert search(proxy, {"X-End-User-Id": "carol", "X-Forwarded-For": "198.51.100.2"}) == 200
        # Not from the proxy: the header is ignored and the request counts by its own address.
        assert [search(direct, {"X-End-User-Id": f"u{n}"}) for n in range(3)] == [200, 200, 429]


def test_a_signed_token_has_a_bucket_of_its_own(server_with):
    server = server_with(rate_limit_per_minute=6, rate_limit_burst=3)
    with connect(server) as http:
        first, second = ({"X-End-User-Token": token(http)} for _ in range(2))  # two of the address's three
        assert [search(http, first) for _ in range(4)] == [200, 200, 200, 429]
        assert search(http, second) == 200
        assert [search(http) for _ in range(2)] == [200, 429]


def test_many_tokens_from_one_address_meet_the_address_bound(server_with):
    server = server_with(rate_limit_per_minute=600, rate_limit_burst=100, address_rate_limit_per_minute=6,
                         address_rate_limit_burst=10, identity_tokens_per_minute=600)
    with connect(server) as http:
        codes = []
        for _ in range(10):
            minted = http.post("/api/identity")
            codes.append(minted.status_code)
            if minted.status_code != 200:
                break
            codes.append(search(http, {"X-End-User-Token": minted.json()["token"]}))
    assert codes.count(200) == 10 and codes[-1] == 429


def test_tokens_that_are_forged_tampered_or_expired_count_by_address(server_with):
    from assistant.api.identity import TokenSigner

    server = server_with(identity_secret=SecretStr(SECRET), rate_limit_per_minute=6, rate_limit_burst=3)
    expired, _ = TokenSigner(SECRET.encode(), lifetime=60).mint(now=time.time() - 3600)
    other_key, _ = TokenSigner(b"another-secret-altogether", lifetime=600).mint()
    with connect(server) as http:
        valid = token(http)  # the first of the address's three
        assert [search(http) for _ in range(3)] == [200, 200, 429]
        for bad in (expired, other_key, valid[:-2] + "xx", "made-up-user.99999999999.x", "x" * 5000):
            assert search(http, {"X-End-User-Token": bad}) == 429, bad[:40]
        assert search(http, {"X-End-User-Token": valid}) == 200


def test_tokens_are_signed_with_the_configured_secret(server_with):
    from assistant.api.identity import TokenSigner

    server = server_with(identity_secret=SecretStr(SECRET), rate_limit_per_minute=6, rate_limit_burst=1)
    made_here, _ = TokenSigner(SECRET.encode(), lifetime=600).mint()
    with connect(server) as http:
        assert [search(http) for _ in range(2)] == [200, 429]
        assert search(http, {"X-End-User-Token": made_here}) == 200  # e.g. by another replica with the key


def test_minting_tokens_is_limited_per_address(server_with):
    server = server_with(identity_tokens_per_minute=3)
    with connect(server) as http, connect(server, OTHER) as other:
        responses = [http.post("/api/identity") for _ in range(5)]
        assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
        assert int(responses[-1].headers["retry-after"]) >= 1
        assert other.post("/api/identity").status_code == 200
    body = responses[0].json()
    assert body["expires_in"] > 0 and body["expires_at"] > time.time()


def test_one_address_cannot_take_every_answer_slot(server_with, openai_assistant, fake_openai):
    fake_openai.script = [Reply("stall", seconds=3)] * 4
    server = server_with(openai_assistant, max_concurrent_requests=4, concurrency_share=0.5,
                         openai_read_timeout=5.0)
    with connect(server, timeout=15) as flooder, connect(server, OTHER, timeout=15) as victim, ExitStack() as streams:
        statuses = []
        for _ in range(4):
            response = streams.enter_context(flooder.stream("POST", "/api/ask/stream", json=QUESTION))
            statuses.append(response.status_code)
        assert statuses == [200, 200, 429, 429]
        assert victim.get("/api/search", params={"q": "CorpID"}).status_code == 200


def test_feedback_writes_are_limited_per_client_and_per_address(server_with, tmp_path):
    server = server_with(feedback_per_minute=4, feedback_per_address_per_minute=10, admin_token=SecretStr(SECRET),
                         feedback_db=tmp_path / "feedback.sqlite3")
    with connect(server) as http, connect(server, OTHER) as other:
        responses = [http.post("/api/feedback", json=feedback(n)) for n in range(3)]  # a burst of 2
        assert [r.status_code for r in responses] == [201, 201, 429]
        assert int(responses[-1].headers["retry-after"]) >= 1
        # Many tokens from one address: the address's bound (10 a minute, 5 at once) holds.
        stored = sum(http.post("/api/feedback", json=feedback(n), headers={"X-End-User-Token": token(http)})
                     .status_code == 201 for n in range(10))
        assert 3 <= stored <= 4
        assert other.post("/api/feedback", json=feedback(99)).status_code == 201
        rows = other.get("/api/feedback/export", params={"format": "jsonl"},
                         headers={"Authorization": f"Bearer {SECRET}"}).text.splitlines()
    assert len(rows) == 2 + stored + 1


def test_admin_token_guessing_is_throttled_per_address(server_with):
    server = server_with(admin_token=SecretStr(SECRET), admin_failure_burst=3, admin_failures_per_minute=1)
    right, wrong = ({"Authorization": f"Bearer {value}"} for value in (SECRET, "guess"))
    with connect(server) as guesser, connect(server, OTHER) as operator:
        assert [operator.get("/api/admin/index", headers=right).status_code for _ in range(5)] == [200] * 5
        codes = [guesser.get("/api/admin/index", headers=wrong).status_code for _ in range(4)]
        assert codes == [403, 403, 403, 429]
        locked = guesser.get("/api/admin/index", headers=right)  # even a right token, or guesses learn from it
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) >= 30
        assert operator.get("/api/admin/index", headers=right).status_code == 200
        assert guesser.get("/api/admin/index").status_code == 401  # no token at all is not a guess


def test_ipv6_clients_count_by_their_64_network():
    from assistant.api.identity import Identities, TokenSigner, TrustedProxies

    identities = Identities(TokenSigner(b"k" * 32, 60), TrustedProxies([]))
    callers = [identities.identify({"client": (peer, 1), "headers": []})
               for peer in ("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:3::1", "::ffff:192.0.2.7",
                            "198.51.100.9")]
    assert [c.address for c in callers] == ["2001:db8:1:2::/64", "2001:db8:1:2::/64", "2001:db8:1:3::/64",
                                            "192.0.2.7", "198.51.100.9"]
    assert callers[0].key == callers[1].key != callers[2].key
