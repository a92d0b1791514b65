"""Answers to questions asked in Chinese: the frame in Traditional Chinese, the sources in their own words."""

from assistant.answer.context import AnswerContext
from assistant.backends.testing import ScriptedBackend


def test_a_chinese_question_gets_a_chinese_frame_around_the_english_quote(assistant):
    answer = assistant.ask("人工智能資助計劃有幾多錢？")
    assert not answer.refused
    assert answer.answer.startswith("根據文件")
    assert "$3 billion AI Subsidy Scheme" in answer.answer          # the document's sentence, as written
    assert "人工智能資助計劃 (AI Subsidy Scheme)" in answer.answer   # its names in both languages
    assert "30億元 ($3 billion)" in answer.answer                    # its amounts in both forms
    assert "創新科技及工業局 (ITIB) [1]" in answer.answer            # the bureau by its Chinese name


def test_the_same_question_in_english_has_no_chinese_frame(assistant):
    answer = assistant.ask("How much is the AI Subsidy Scheme?")
    assert "根據" not in answer.answer and "Innovation, Technology and Industry Bureau (ITIB) [1]" in answer.answer


def test_refusals_speak_the_question_s_language(assistant):
    missing = assistant.ask("人工智能資助計劃幾時截止申請？")
    assert missing.refused and missing.reason == "missing_detail" and "沒有提供日期或時間表" in missing.answer
    opinion = assistant.ask("你覺得人工智能資助計劃值唔值得？")
    assert opinion.refused and opinion.reason == "opinion" and "意見" in opinion.answer
    personal = assistant.ask("我電話係 6234 5678，有新型工業加速計劃嘅消息麻煩打俾我。")
    assert personal.refused and personal.reason == "personal_data" and "電話號碼" in personal.answer
    off_topic = assistant.ask("教我點煮番茄炒蛋。")
    assert off_topic.refused and "沒有回答這個問題" in off_topic.answer


def test_a_wrong_figure_in_chinese_gets_the_chinese_premise_note(assistant):
    answer = assistant.ask("300億嘅人工智能資助計劃由邊個局負責？")
    assert answer.answer.startswith("文件並沒有提及你問題中的金額") and "300億" not in answer.answer


def test_a_backend_is_told_to_answer_in_chinese_and_its_supported_sentences_stay(assistant):
    backend = ScriptedBackend(["政府會繼續實施30億元的人工智能資助計劃 [1]。呢個計劃係貪污官員搞嘅騙局 [1]。"])
    writer = assistant.writers.writer(backend)
    events = list(assistant.pipeline.run(AnswerContext("人工智能資助計劃有幾多錢？", [], writer)))
    answer = events[-1].answer
    request = backend.requests[0]
    assert "Traditional Chinese" in request.messages[0].content
    assert "Question: 人工智能資助計劃有幾多錢" in request.messages[1].content  # the user's words
    assert "30億元" in answer.answer and "騙局" not in answer.answer
    assert answer.grounded == 0.5
