"""Two replicas sharing a real PostgreSQL: the switch, the log, erasure, retention and scores are the same on both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.operations.conversations import ConversationLog
from assistant.operations.erasure import erase
from assistant.operations.retention import RetentionJob
from assistant.operations.scoring import DailyScoring, trend
from assistant.operations.switch import KillSwitch
from assistant.store.database import Database
from assistant.store.shared import Store
from assistant.types import Answer, Citation
from tests.store.conftest import fresh_postgres_database, postgres  # noqa: F401  (the session's server)

CITED = Citation(n=1, id="c1", text="DPO runs CorpID.", section="Chapter 2 > CorpID", score=1.0)


def test_replicas_on_one_postgresql_share_the_switch_the_log_and_erasure(postgres):  # noqa: F811
    url = fresh_postgres_database(postgres)
    one, other = Store(Database(url)), Store(Database(url))
    KillSwitch(one).turn(False, "Paused.", "token:abc", "drill")
    assert KillSwitch(other).state().message == "Paused."
    first, second = ConversationLog(one, "replica-1"), ConversationLog(other, "replica-2")
    first.answered("Who runs CorpID? HKID A123456(3)", Answer(answer="DPO [1].", citations=[CITED]), "token:u1", 4.0)
    first.flush()
    second.answered("Weather?", Answer(answer="No.", refused=True), "token:u2", 2.0)
    second.flush()
    since = datetime.now(UTC) - timedelta(minutes=5)
    seen = list(other.conversations(since))
    assert [(r.replica, r.outcome) for r in seen] == [("replica-1", "answered"), ("replica-2", "refused")]
    assert "A123456" not in seen[0].question
    scores = DailyScoring(other).run_once()[-1]
    assert scores["questions"] == 2 and scores["refusal_rate"] == 0.5
    assert trend(one, 1)[-1]["questions"] == 2
    assert erase(other, "u1", "token:admin") == {"conversations": 1, "feedback": 0}
    assert [r.end_user for r in one.conversations(since)] == ["token:u2"]
    later = datetime.now(UTC) + timedelta(days=31)
    assert RetentionJob(one, 30, now=lambda: later).run_once() == 1
    assert list(other.conversations(since)) == []
