"""The kill switch over a real SQLite store: shared between replicas, polled, audited, robust to the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.operations.switch import DEFAULT_MESSAGE, KillSwitch, token_fingerprint
from assistant.store.database import Database
from assistant.store.shared import Store


class Clock:
    """A clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_switch_on_one_replica_reaches_another_within_the_poll(tmp_path):
    path = tmp_path / "shared.sqlite3"
    clock = Clock()
    one, other = KillSwitch(Store(Database(path)), 2.0, clock), KillSwitch(Store(Database(path)), 2.0, clock)
    assert other.state().answers
    one.turn(False, "Paused for maintenance.", "token:abc", "a bad index")
    assert not one.state().answers
    assert other.state().answers  # its copy is fresh: it has not read the store again yet
    clock.now += 2.0
    state = other.state()
    assert (state.answers, state.message, state.actor) == (False, "Paused for maintenance.", "token:abc")
    one.turn(True, "", "token:abc", "fixed")
    clock.now += 2.0
    assert other.state().answers


def test_every_switch_is_audited_with_who_and_why(tmp_path):
    store = Store(Database(tmp_path / "shared.sqlite3"))
    switch = KillSwitch(store)
    switch.turn(False, "  ", "token:1", "incident 42")
    switch.turn(True, "ignored while on", "token:2", "resolved")
    entries = store.audit_log(datetime.now(UTC) - timedelta(minutes=1))
    assert [(e["action"], e["actor"], e["detail"]["answers"], e["detail"]["reason"]) for e in entries] == [
        ("switch", "token:1", False, "incident 42"), ("switch", "token:2", True, "resolved")]
    assert entries[0]["detail"]["message"] == DEFAULT_MESSAGE  # a blank message still tells citizens something
    assert entries[1]["detail"]["message"] == ""


def test_a_store_that_fails_keeps_the_last_state_known(tmp_path):
    store = Store(Database(tmp_path / "shared.sqlite3"))
    clock = Clock()
    switch = KillSwitch(store, 1.0, clock)
    switch.turn(False, "off", "token:1", "why")

    def broken(_: str) -> None:
        raise OSError("database is down")

    store.get_setting = broken
    clock.now += 5
    assert not switch.state().answers


def test_a_fingerprint_names_a_token_without_revealing_it():
    assert token_fingerprint("secret-one") != token_fingerprint("secret-two")
    assert "secret" not in token_fingerprint("secret-one")
    assert token_fingerprint("secret-one") == token_fingerprint("secret-one")
