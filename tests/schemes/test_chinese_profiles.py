"""A profile described in Chinese is matched as its English twin (the finder reads its Chinese in English)."""

import pytest

from assistant.schemes.profile import Profile

TWINS = [
    ("我哋係一間做物流嘅初創，想用AI", "We are a logistics start-up and want to use AI"),
    ("我哋係一間藥廠，想喺香港做臨床試驗", "We are a drug company and want to run clinical trials in Hong Kong"),
    ("我们是一家生产电动车电池的工厂，想回收电池", "We are a factory making EV batteries, we want to recycle them"),
]


@pytest.mark.parametrize("chinese, english", TWINS)
def test_a_chinese_profile_gets_its_english_twin_s_measures(assistant, chinese, english):
    finder = assistant.finder
    zh = [m.measure.name for m in finder.match(Profile(description=chinese)).matches[:3]]
    en = [m.measure.name for m in finder.match(Profile(description=english)).matches[:3]]
    assert zh and zh[0] in en and len(set(zh) & set(en)) >= 2, (zh, en)


def test_chinese_size_words_are_sizes():
    assert Profile(size="初創").size == "start-up" and Profile(size="中小企").size == "small"


def test_a_support_question_in_chinese_lists_measures_read_as_its_business(assistant):
    answer = assistant.ask("我哋係一間做物流嘅初創，想用AI，有咩資助？")
    assert not answer.refused and answer.citations and "logistics" in answer.answer
