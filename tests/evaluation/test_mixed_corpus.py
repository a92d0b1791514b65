"""Issue 15's judge, on our own documents: the chapter plus the eleven suite documents of eval/documents, dropped
into one corpus as bare files (no documents.yaml: titles, dates, languages and language versions come from the
files), the curated files of corpus/ in place. Twice: in their own formats (``mixed_corpus.py --bare``), and as
the text a person or tool makes of them (``as_text.py``: pdftotext, a browser's text of the pages), as the
issue's judge drops its documents in.

Bars a little below what the extractive backend achieves today (shown as "now"), so that a regression of two or
three cases fails while one does not; the issue's own targets are in the comments.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.evaluation.runner import RunOptions, run_suite, summarise
from assistant.evaluation.suite import load_suite
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant

TOOLS = PROJECT_ROOT / "eval" / "documents" / "tools"
#: Layout name -> the command line that lays the corpus out into a folder given last.
LAYOUTS = {"formats": [str(TOOLS / "mixed_corpus.py"), "--bare"], "as text": [str(TOOLS / "as_text.py")]}
SUITES = PROJECT_ROOT / "eval" / "suites"

#: (suite, metric, bar). documents.yaml: 68 answerable cases, 17 to refuse; golden.yaml: 77 and 16.
BARS = [
    ("documents", "hit@1", 0.78),                   # now 0.824 (56/68) in both layouts; the target 0.80
    ("documents", "citation_recall", 0.82),         # now 0.868; target 0.85
    ("documents", "facts", 0.86),                   # now 0.897; target 0.80
    ("documents", "answered_when_expected", 0.95),  # now 1.000 (68/68); target: at most 3 of 49 refused
    ("documents", "refused_when_expected", 0.70),   # now 0.824 (14/17), as text 0.765; target: at least 6 of 8
    ("golden", "hit@1", 0.85),                      # now 0.883 (68/77); target 0.93, not met
    ("golden", "citation_recall", 0.86),            # now 0.896 in both
    ("golden", "refused_when_expected", 0.75),      # now 0.812 (13/16)
]


@pytest.fixture(scope="module", params=list(LAYOUTS))
def summaries(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, embedder) -> dict[str, dict]:
    corpus = tmp_path_factory.mktemp("mixed")
    subprocess.run([sys.executable, *LAYOUTS[request.param][:1], str(corpus), *LAYOUTS[request.param][1:]],
                   check=True, capture_output=True)
    assert not (corpus / "documents.yaml").exists()
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("mixed-index"))
    IndexBuilder(settings, embedder).build()
    assistant = Assistant(settings, PolicyIndex.load(settings), embedder)
    return {name: summarise(run_suite(assistant, load_suite(SUITES / f"{name}.yaml"), RunOptions(k=5)))
            for name in sorted({suite for suite, _, _ in BARS})}


@pytest.mark.parametrize(("suite", "metric", "bar"), BARS, ids=[f"{s}: {m} >= {b}" for s, m, b in BARS])
def test_the_mixed_corpus_meets_its_bar(summaries, suite, metric, bar):
    assert summaries[suite][metric] >= bar, f"{suite} {metric} = {summaries[suite][metric]:.3f} < {bar}"
