"""Fixtures for the retrieval tests: an index built from a few real documents of eval/documents."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built_from(tmp_path_factory: pytest.TempPathFactory, embedder) -> Callable[[list[Path]], tuple]:
    """``built_from(documents)``: the settings and loaded index of a corpus of ``documents`` and corpus/bureaux.yaml."""
    def build(documents: list[Path]) -> tuple[Settings, PolicyIndex]:
        corpus = tmp_path_factory.mktemp("corpus")
        shutil.copy(ROOT / "corpus" / "bureaux.yaml", corpus / "bureaux.yaml")
        for document in documents:
            shutil.copy(document, corpus / document.name)
        settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"))
        IndexBuilder(settings, embedder).build()
        return settings, PolicyIndex.load(settings)

    return build
