"""Chinese text: spellings folded for comparing, amounts with 億 and 萬, Han runs as character pairs in search."""

from assistant.text.chinese import chinese_amount_text, chinese_amounts, fold, to_traditional
from assistant.text.tokens import tokenize


def test_traditional_simplified_and_hong_kong_variants_fold_alike():
    assert fold("醫務衞生局") == fold("醫務衛生局") == fold("医务卫生局")
    assert fold("CorpID") == "CorpID"


def test_simplified_is_shown_in_hong_kong_traditional():
    assert to_traditional("香港首个大型电动车电池回收设施") == "香港首個大型電動車電池回收設施"


def test_amounts_read_with_their_chinese_scale():
    assert chinese_amounts("30億元、5,000萬港元、1.5亿、3千萬") == [3e9, 5e7, 1.5e8, 3e7]
    assert chinese_amounts("2027年推出") == []
    assert [chinese_amount_text(a) for a in (3e9, 1e10, 5e7)] == ["30億元", "100億元", "5,000萬元"]


def test_chinese_search_tokens_match_across_scripts_and_english_is_unchanged():
    assert set(tokenize("氫能標準認證")) == set(tokenize("氢能标准认证"))
    assert tokenize("The $3 billion AI Subsidy Scheme") == ["3", "billion", "ai", "subsidi", "scheme"]
    assert tokenize("AI資助計劃") == ["ai", "资助", "助计", "计划"]
