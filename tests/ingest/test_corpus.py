import re

import pytest

from assistant.ingest.corpus import load_corpus, load_document, read_corpus
from assistant.ingest.documents import CorpusError, parse_markdown
from assistant.ingest.plaintext import text_to_markdown
from tests.conftest import CORPUS_DIR

SOURCE_SAMPLE = """

Industry Development and Reform

Background

Al is the key driving force of a new round of revolution.

Industry Development and Reform

Promote the Development of the Al and Data Science **Industries**

Mobilise capital for Al investment

• The company has invested in Al. (FSO)
- · Continue the \\$3 billion Al Subsidy Scheme. (ITIB)
"""


def test_text_to_markdown_builds_headings_bullets_and_front_matter():
    markdown = text_to_markdown(SOURCE_SAMPLE)
    doc = parse_markdown("sample", markdown)
    assert doc.title == "Industry Development and Reform"
    assert doc.language == "en"
    assert [b.kind for b in doc.blocks] == ["paragraph", "bullet", "bullet"]
    assert doc.blocks[0].heading_path == ("Industry Development and Reform", "Background")
    assert doc.blocks[2].heading_path == ("Industry Development and Reform",
                                          "Promote the Development of the AI and Data Science Industries",
                                          "Mobilise capital for AI investment")
    assert doc.blocks[2].text == "Continue the $3 billion AI Subsidy Scheme. (ITIB)"


def test_the_committed_corpus_is_clean():
    text = (CORPUS_DIR / "industry-development-and-reform.md").read_text()
    assert text.startswith("---\ntitle: Industry Development and Reform\nlanguage: en\n---\n")
    assert not re.search(r"\bAl\b", text)
    assert "\\$" not in text and "·" not in text and "•" not in text and "**" not in text
    doc = load_document(CORPUS_DIR / "industry-development-and-reform.md")
    bullets = [b for b in doc.blocks if b.kind == "bullet"]
    assert len(bullets) == 56
    assert all(re.search(r"\([A-Za-z, ]+\)$", b.text) for b in bullets), "every measure keeps its bureau tag"
    assert {len(b.heading_path) for b in bullets} <= {2, 3}


def test_txt_loader_goes_through_the_same_repair(tmp_path):
    path = tmp_path / "policy.txt"
    path.write_text(SOURCE_SAMPLE)
    doc = load_document(path)
    assert doc.blocks[-1].text.startswith("Continue the $3 billion AI")


def test_unknown_format_and_empty_corpus_are_clear_errors(tmp_path):
    (tmp_path / "a.rtf").write_bytes(b"{\\rtf1}")
    with pytest.raises(CorpusError, match=r"no loader for '\.rtf'"):
        load_document(tmp_path / "a.rtf")
    with pytest.raises(CorpusError, match="no documents"):
        load_corpus(tmp_path)


def test_a_file_that_cannot_be_parsed_is_named_and_the_rest_still_loads(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    (tmp_path / "good.md").write_text("# Good\n\n- Launch a fund.\n")
    loaded = read_corpus(tmp_path)
    assert [d.doc_id for d in loaded.documents] == ["good"]
    assert len(loaded.skipped) == 2 and all("\n" not in line for line in loaded.skipped)
    assert any(line.startswith(str(tmp_path / "broken.pdf")) and "not a readable PDF" in line
               for line in loaded.skipped)
    assert any(line.startswith(str(tmp_path / "broken.docx")) and "DOCX" in line for line in loaded.skipped)
    (tmp_path / "good.md").unlink()
    with pytest.raises(CorpusError, match="no document could be loaded"):
        read_corpus(tmp_path)


def test_a_text_file_copied_from_a_web_page_loses_the_site_furniture_and_keeps_its_own_title(tmp_path):
    (tmp_path / "page.txt").write_text(
        "Skip to main content\nGovHK\nHome\n繁體\nPolicy Address 2025 Supplement\n\n"
        "The Government will launch a $3 billion scheme to support research.\n\nBack to top\nPrint\n"
        "Important notices\n", encoding="utf-8")
    document = load_document(tmp_path / "page.txt")
    assert document.title == "Policy Address 2025 Supplement"
    assert [b.heading_path for b in document.blocks] == [("Policy Address 2025 Supplement",)]
    assert [b.text for b in document.blocks] == ["The Government will launch a $3 billion scheme to support research."]
