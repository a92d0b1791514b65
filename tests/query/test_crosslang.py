"""The cross-language query: glossary names first, CC-CEDICT for the rest, the question words from the forms."""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.query.bilingual import BilingualGlossary
from assistant.query.crosslang import CrossLanguage


@pytest.fixture(scope="module")
def translator() -> CrossLanguage:
    return CrossLanguage(BilingualGlossary.load(PROJECT_ROOT / "corpus"))


@pytest.mark.parametrize("question, words", [
    ("人工智能資助計劃有幾多錢？", ["AI Subsidy Scheme", "how much"]),       # Traditional, Cantonese
    ("人工智能资助计划有多少钱？", ["AI Subsidy Scheme", "how much"]),       # Simplified
    ("智方便嘅AI助手可以做乜？", ["iAM Smart", "what"]),                    # a programme's common name
    ("Sandy Ridge嗰幅地幾時推出招標？", ["Sandy Ridge", "when", "tender"]),  # English names kept
    ("醫務衛生局負責咩？", ["Health Bureau"]),                              # a variant character (衛 / 衞)
    ("電動車電池回收廠幾時開始運作？", ["battery", "recycling", "when"]),    # dictionary words
])
def test_the_english_query_names_what_the_question_asks(translator, question, words):
    english = translator.english(question)
    assert all(word in english for word in words), english
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)


def test_a_chinese_amount_becomes_dollars(translator):
    assert "$30 billion" in translator.english("300億嘅人工智能資助計劃要點申請？")


def test_particles_translate_to_nothing(translator):
    assert translator.english("咗啲嘅㗎") == ""


def test_without_a_glossary_the_dictionary_still_translates(tmp_path):
    english = CrossLanguage(BilingualGlossary.load(tmp_path)).english("臨床試驗")
    assert "clinical" in english.lower()


def test_a_broken_glossary_says_which_file(tmp_path):
    (tmp_path / "glossary.yaml").write_text("entries: [{kind: scheme}]", encoding="utf-8")
    with pytest.raises(ValueError, match=r"glossary\.yaml"):
        BilingualGlossary.load(tmp_path)
