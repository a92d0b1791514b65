"""Language versions of a document, linked through ``version_of`` in any metadata source."""

import logging

from assistant.ingest.corpus import read_corpus

EN = "---\ntitle: Policy Address\nlanguage: en\nurl: https://x.gov.hk/en\n---\n# Policy Address\n- Launch a fund.\n"
TC = "# 施政報告\n- 推出基金。\n"
SC = "# 施政报告\n- 推出基金。\n"


def _versions(documents):
    return {d.doc_id: sorted((v.doc_id, v.language, v.title, v.url) for v in d.versions) for d in documents}


def test_a_sidecar_links_two_versions_both_ways(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "address.md").write_text(EN, encoding="utf-8")
    (tmp_path / "address-tc.md").write_text(TC, encoding="utf-8")
    (tmp_path / "address-tc.md.meta.yaml").write_text(
        "language: zh-Hant-HK\nurl: https://x.gov.hk/tc\nversion_of: en/address.md\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n- Something else.\n", encoding="utf-8")
    assert _versions(read_corpus(tmp_path).documents) == {
        "en/address": [("address-tc", "zh-Hant-HK", "施政報告", "https://x.gov.hk/tc")],
        "address-tc": [("en/address", "en", "Policy Address", "https://x.gov.hk/en")],
        "other": []}


def test_links_chain_and_the_curated_file_may_name_a_document_by_its_id(tmp_path):
    (tmp_path / "en.md").write_text(EN, encoding="utf-8")
    (tmp_path / "tc.md").write_text(TC, encoding="utf-8")
    (tmp_path / "sc.md").write_text(SC, encoding="utf-8")
    (tmp_path / "documents.yaml").write_text(
        "documents:\n  - {file: tc.md, language: zh-Hant, version_of: en.md}\n"
        "  - {file: sc.md, language: zh-Hans, version_of: tc}\n", encoding="utf-8")
    versions = _versions(read_corpus(tmp_path).documents)
    assert [v[0] for v in versions["en"]] == ["sc", "tc"]
    assert [v[0] for v in versions["sc"]] == ["en", "tc"]


def test_a_version_of_no_document_is_reported_and_nothing_is_linked(tmp_path, caplog):
    (tmp_path / "tc.md").write_text("---\nversion_of: missing.md\n---\n" + TC, encoding="utf-8")
    (tmp_path / "en.md").write_text(EN, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        documents = read_corpus(tmp_path).documents
    assert all(not d.versions for d in documents)
    assert "tc: version_of 'missing.md' names no document of the corpus" in caplog.text


def _numbered(language: str, texts: list[str]) -> str:
    return f"---\nlanguage: {language}\n---\n# Address\n\n" + "\n\n".join(f"{n}. {t}" for n, t in enumerate(texts, 1))


EN_PARAGRAPHS = ["In 2026 the fund opens.", "In 2025 waiting time fell from 6.1 to 5.1 years.",
                 "In 2025 we set up 28 trials.", "The plan runs to 2030.", "In 2025 we met 100 firms.",
                 "In 2025 growth is projected at 3%."]
TC_PARAGRAPHS = ["基金於2026年推出。", "2025年輪候時間由6.1年降至5.1年。", "2025年我們進行28個試驗。", "計劃至2030年。",
                 "2025年我們會見了100間企業。", "2025年預計增長3%。"]
# Another speech of the same years, numbered alike: its years agree paragraph for paragraph, nothing else does.
OTHER_SPEECH = ["2026年會檢討。", "2025年輪候時間為4.7年。", "2025年有12項計劃。", "2030年前完成。",
                "2025年有40間企業參與。", "2025年增長1%。"]


def test_two_documents_in_two_languages_numbered_alike_with_the_same_figures_are_linked(tmp_path):
    (tmp_path / "address-en.md").write_text(_numbered("en", EN_PARAGRAPHS), encoding="utf-8")
    (tmp_path / "address-tc.md").write_text(_numbered("zh-Hant", TC_PARAGRAPHS), encoding="utf-8")
    versions = _versions(read_corpus(tmp_path).documents)
    assert [v[0] for v in versions["address-en"]] == ["address-tc"]
    assert [v[0] for v in versions["address-tc"]] == ["address-en"]


def test_documents_numbered_alike_are_not_linked_when_their_figures_differ_or_their_language_is_one(tmp_path):
    (tmp_path / "address-en.md").write_text(_numbered("en", EN_PARAGRAPHS), encoding="utf-8")
    (tmp_path / "budget-tc.md").write_text(_numbered("zh-Hant", OTHER_SPEECH), encoding="utf-8")
    (tmp_path / "address-en-copy.md").write_text(_numbered("en", EN_PARAGRAPHS), encoding="utf-8")
    assert all(not v for v in _versions(read_corpus(tmp_path).documents).values())
