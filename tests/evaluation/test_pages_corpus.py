"""Eight public pages as a browser copies them (eval/documents/pages), added to the project's corpus.

The pages were found after the assistant was built and first asked on 2026-12-08; their titles, a speech's
numbered paragraphs and a Chinese question naming a fund were then fixed. What is left is far below issue 15's
targets, and the bars, a little below today's numbers ("now"), keep it from getting worse while it is worked on.
"""

from __future__ import annotations

import shutil

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.evaluation.runner import RunOptions, run_suite, summarise
from assistant.evaluation.suite import load_suite
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.ingest.corpus import load_document
from assistant.service import Assistant

PAGES = PROJECT_ROOT / "eval" / "documents" / "pages"
SUITE = PROJECT_ROOT / "eval" / "suites" / "pages.yaml"

#: (metric, bar): 28 answerable cases, 7 to refuse.
BARS = [
    ("hit@1", 0.60),                   # now 0.679 (19/28); issue 15's target 0.80
    ("citation_recall", 0.60),         # now 0.679; target 0.85
    ("facts", 0.53),                   # now 0.607 (17/28); target 0.80
    ("answered_when_expected", 0.85),  # now 0.929 (26/28)
    ("refused_when_expected", 0.57),   # now 0.714 (5/7); target 6 of 8
]


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory, embedder) -> dict:
    corpus = tmp_path_factory.mktemp("pages-corpus")
    shutil.copytree(PROJECT_ROOT / "corpus", corpus, dirs_exist_ok=True)
    (corpus / "documents" / "pages").mkdir(parents=True)
    for page in PAGES.glob("*.txt"):
        shutil.copy(page, corpus / "documents" / "pages" / page.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("pages-index"))
    IndexBuilder(settings, embedder).build()
    assistant = Assistant(settings, PolicyIndex.load(settings), embedder)
    return summarise(run_suite(assistant, load_suite(SUITE), RunOptions(k=5)))


@pytest.mark.parametrize(("metric", "bar"), BARS, ids=[f"{m} >= {b}" for m, b in BARS])
def test_the_pages_meet_their_bar(summary, metric, bar):
    assert summary[metric] >= bar, f"{metric} = {summary[metric]:.3f} < {bar}"


def test_every_page_is_titled_by_its_own_heading():
    titles = {page.stem: load_document(page).title for page in PAGES.glob("*.txt")}
    assert titles["smelink-emf"] == "SME Export Marketing Fund"
    assert titles["tid-bud-fund"] == "Dedicated Fund on Branding, Upgrading and Domestic Sales (BUD Fund)"
    assert titles["lcq8-emf-2021-07-14"] == "LCQ8: SME Export Marketing Fund"
    assert titles["createsmart-initiative"] == "CreateSmart Initiative"
