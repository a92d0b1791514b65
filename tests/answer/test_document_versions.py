"""An English and a Chinese version of one document, linked: each answers questions in its own language, and
every citation names the other version too."""

import shutil
from pathlib import Path

import pytest
import yaml

from assistant.config import Settings
from assistant.index.build import IndexBuilder
from assistant.index.loaded import PolicyIndex
from assistant.service import Assistant

ROOT = Path(__file__).resolve().parents[2]
PAIR = ROOT / "eval" / "documents" / "policy-address"


def bilingual_assistant(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    """An assistant over an English and a Traditional Chinese version of one document, linked."""
    corpus = tmp_path_factory.mktemp("corpus")
    for name in ("bureaux.yaml", "glossary.yaml"):
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    shutil.copy(PAIR / "pa2025-en-excerpt.xml", corpus / "address-en.xml")
    shutil.copy(PAIR / "pa2025-tc-excerpt.xml", corpus / "address-tc.xml")
    # The Chinese file names its English version; the link goes both ways.
    (corpus / "documents.yaml").write_text(yaml.safe_dump({"documents": [
        {"file": "address-en.xml", "url": "https://example.gov.hk/en/address.xml", "language": "en"},
        {"file": "address-tc.xml", "url": "https://example.gov.hk/tc/address.xml", "language": "zh-Hant-HK",
         "version_of": "address-en.xml"}]}, allow_unicode=True), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"))
    IndexBuilder(settings, embedder).build()
    return Assistant(settings, PolicyIndex.load(settings), embedder)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory, embedder) -> Assistant:
    return bilingual_assistant(tmp_path_factory, embedder)


def test_a_chinese_question_is_answered_from_the_chinese_version_and_cites_the_english_one(bilingual):
    answer = bilingual.ask("前沿科技研究支援計劃有幾多錢？")
    assert not answer.refused
    first = answer.citations[0]
    assert "前沿科技研究支援計劃" in first.text and "30億元" in first.text  # the Chinese document's own words
    assert first.url.startswith("https://example.gov.hk/tc/address.xml")
    assert [(v.language, v.url) for v in first.versions] == [("en", "https://example.gov.hk/en/address.xml")]
    assert first.versions[0].title != first.document_title


def test_an_english_question_cites_the_english_version_and_names_the_chinese_one(bilingual):
    answer = bilingual.ask("How much is the Frontier Technology Research Support Scheme?")
    assert not answer.refused
    first = answer.citations[0]
    assert "Frontier Technology Research Support Scheme" in first.text
    assert [(v.language, v.url) for v in first.versions] == [("zh-Hant-HK", "https://example.gov.hk/tc/address.xml")]


def test_a_paragraph_split_into_more_english_passages_finds_its_chinese_one(bilingual):
    # Paragraph 65: seven English passages, four Chinese ones; the hydrogen sentence is the Chinese third.
    answer = bilingual.ask("而家有幾多個氫能源試驗項目進行緊或者準備緊？")
    assert not answer.refused
    assert "28個氫能源試驗項目" in answer.citations[0].text


def test_a_chinese_timeline_answers_a_how_long_question(bilingual):
    answer = bilingual.ask("申請公屋而家平均要等幾耐？")
    assert not answer.refused
    assert "5.1年" in answer.citations[0].text


def test_search_in_a_language_gives_the_passages_the_answer_quotes(bilingual):
    query = "How much is the Frontier Technology Research Support Scheme?"
    english = bilingual.search(query, 3)
    chinese = bilingual.search(query, 3, language="zh")
    assert english[0].chunk.language == "en"
    assert chinese[0].chunk.language.startswith("zh") and chinese[0].chunk.paragraph == english[0].chunk.paragraph
