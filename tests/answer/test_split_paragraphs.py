"""A paragraph longer than a passage is split in two: the half that matches a question best may leave the detail
asked for (the company's name) to the other half. On a real press release, built into its own index."""

import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "eval" / "documents" / "press-releases" / "2025-02-05-nias-first-application.txt"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "corpus" / "bureaux.yaml", corpus / "bureaux.yaml")
    shutil.copy(RELEASE, corpus / RELEASE.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"))
    IndexBuilder(settings, embedder).build()
    return Assistant(settings, PolicyIndex.load(settings), embedder)


def test_the_company_is_named_from_the_other_half_of_the_paragraph(release):
    halves = [c for c in release.index.chunks if "Company Limited" in c.text or "first NIAS project" in c.text]
    assert sorted(c.part for c in halves) == [0, 1]  # one paragraph, two passages: what this test is about
    answer = release.ask("Which company had the first NIAS project approved?")
    assert not answer.refused and "Jean-Marie Pharmacal Company Limited" in answer.answer


@pytest.mark.parametrize("question", ["Which company got the second NIAS project approved?",
                                      "Which bank lends the money for NIAS projects?"])
def test_an_organisation_or_an_ordinal_the_release_never_gives_is_refused(release, question):
    answer = release.ask(question)
    assert answer.refused and answer.reason == "missing_detail"


def test_the_other_half_is_read_even_when_retrieval_did_not_rank_it(release):
    # With one passage retrieved, the half naming the company is not among the passages: it is read from the index.
    one = Assistant(release.settings.model_copy(update={"top_k": 1}), release.index, release.embedder)
    answer = one.ask("Which company had the first NIAS project approved?")
    assert not answer.refused and "Jean-Marie Pharmacal Company Limited" in answer.answer
