"""The loaders on real public documents in the formats publishers use (eval/documents/)."""

import pytest

from assistant.config import PROJECT_ROOT
from assistant.ingest.bureaux import BureauDirectory
from assistant.ingest.chunking import Chunker
from assistant.ingest.corpus import DOCUMENTS_FILE, SIDECAR_SUFFIX, load_document, read_corpus

DOCS = PROJECT_ROOT / "eval" / "documents"
CHAPTER = PROJECT_ROOT / "corpus" / "industry-development-and-reform.md"


def _texts(document):
    return [b.text for b in document.blocks]


def test_html_keeps_the_article_and_drops_navigation_banner_and_footer():
    doc = load_document(DOCS / "chapter" / "industry-development-and-reform.html")
    text = " ".join(_texts(doc))
    assert doc.title == "Industry Development and Reform"
    for furniture in ("Skip to main content", "uses cookies", "Privacy Policy", "Back to top", "Sitemap"):
        assert furniture not in text
    assert "Better utilise the $10 billion New Industrialisation Acceleration Scheme" in text


@pytest.mark.parametrize("name", ["chapter/industry-development-and-reform.html",
                                  "chapter/industry-development-and-reform.pdf"])
def test_the_chapter_in_another_format_gives_the_same_blocks_under_the_same_headings(name):
    original = load_document(CHAPTER)
    other = load_document(DOCS / name)
    blocks = {(b.kind, b.heading_path, b.text) for b in original.blocks}
    found = {(b.kind, b.heading_path, b.text) for b in other.blocks}
    assert found == blocks, (sorted(blocks - found)[:2], sorted(found - blocks)[:2])


@pytest.mark.parametrize("name", ["itf/itf-statistics-2017-04-30.html", "variants/itf-statistics-2017-04-30.pdf",
                                  "variants/itf-statistics-2017-04-30.docx"])
def test_table_rows_are_passages_that_carry_their_column_headers(name):
    rows = [b.text for b in load_document(DOCS / name).blocks if b.kind == "row"]
    assert "Programme: Technology Voucher Programme; Approved Projects: 46; Funds Approved: 5.8" in rows
    assert len(rows) == 8


def test_docbook_sections_become_headings_with_anchors_and_numbered_paragraphs():
    doc = load_document(DOCS / "policy-address" / "pa2025-en-excerpt.xml")
    assert doc.title == "Policy Address | The Chief Executive's 2025 Policy Address"
    assert doc.language == "en"
    block = next(b for b in doc.blocks if "Composite Waiting Time is now 5.1 years" in b.text)
    assert block.paragraph == "3" and block.anchor and block.anchor.startswith("chapter-i-")
    measure = next(b for b in doc.blocks if "minimum total project cost from $300 million" in b.text)
    assert measure.kind == "bullet" and measure.paragraph is not None
    assert any(h.startswith("(B)") for b in doc.blocks for h in b.heading_path)
    assert load_document(DOCS / "policy-address" / "pa2025-tc-excerpt.xml").language.startswith("zh")


def test_pdf_headings_come_from_font_size_and_paragraph_numbers_are_kept():
    doc = load_document(DOCS / "budget" / "2025-26-budget-speech-part3-excerpt.pdf")
    assert doc.title == "Budget Speech by the Financial Secretary (3)"
    numbered = {b.paragraph: b for b in doc.blocks if b.paragraph}
    assert set(numbered) == {"44", "45", "46", "47"}
    assert numbered["45"].heading_path[-1] == "Smart Manufacturing"
    assert numbered["46"].anchor == "page=1"


def test_titles_are_never_boilerplate_or_rules():
    titles = {d.doc_id: d.title for d in read_corpus(DOCS).documents}
    assert titles["press-releases/2025-02-05-nias-first-application"].startswith("First application under")
    assert titles["legco/2025-07-30-lcq8-new-industrialisation"] == \
        "LCQ8: Promoting development of new industrialisation"
    assert not any(t.lower().startswith(("skip", "*", "home")) for t in titles.values())


def test_metadata_from_a_sidecar_and_the_curated_file_reach_every_chunk(tmp_path):
    (tmp_path / "pa.xml").write_bytes((DOCS / "policy-address" / "pa2025-en-excerpt.xml").read_bytes())
    (tmp_path / "news.html").write_bytes((DOCS / "news" / "2020-07-27-reindustrialisation-subsidy-opens.html")
                                         .read_bytes())
    (tmp_path / ("pa.xml" + SIDECAR_SUFFIX)).write_text("url: https://example.gov.hk/pa.xml\ndate: 2025-09-17\n")
    (tmp_path / DOCUMENTS_FILE).write_text("documents:\n  - file: news.html\n    title: Subsidy opens\n"
                                           "    url: https://news.example/x\n    date: 2020-07-27\n")
    docs = {d.doc_id: d for d in read_corpus(tmp_path).documents}
    assert docs["news"].title == "Subsidy opens" and docs["news"].date == "2020-07-27"
    chunks = Chunker(BureauDirectory({})).chunk(docs["pa"])
    chunk = next(c for c in chunks if "Composite Waiting Time" in c.text)
    assert chunk.document_date == "2025-09-17" and chunk.paragraph == "3"
    assert chunk.url.startswith("https://example.gov.hk/pa.xml#chapter-i-")
    news = Chunker(BureauDirectory({})).chunk(docs["news"])[0]
    # The embedded text carries the document's date as a question names it: versions differ by it.
    assert news.embedding_text().startswith("Subsidy opens") and "(July 2020):" in news.embedding_text()


def test_a_document_without_a_date_in_its_metadata_is_dated_by_its_text_or_file_name():
    dates = {d.doc_id: d.date for d in read_corpus(DOCS).documents}
    assert dates["itf/itf-statistics-2016-11-30"] == "2016-11-30"          # "(as at 30/11/2016)" on the page
    assert dates["news/2020-07-27-reindustrialisation-subsidy-opens"] == "2020-07-27"
    assert dates["press-releases/2025-02-05-nias-first-application"] == "2025-02-05"   # the file's name
    assert dates["policy-address/pa2025-en-excerpt"] is None


def test_a_press_release_is_dated_by_its_sign_off_before_a_date_in_its_opening(tmp_path):
    # The opening's first full date is the launch it reports; the sign-off is the day it was issued.
    (tmp_path / "release.txt").write_text(
        "Scheme passes a milestone\n\nThe scheme, launched on 1 September 2024, supported its first project today.\n\n"
        "Ends/Wednesday, February 5, 2025\nIssued at HKT 15:30\n\nNNNN\n", encoding="utf-8")
    (tmp_path / "release-tc.txt").write_text(
        "計劃踏入新里程\n\n創新科技署今日公布，於2024年9月1日推出的加速計劃，評審委員會已支持首個項目，項目總成本約六億元，"
        "涉及的資助金額約二億元。\n\n完\n2025年2月5日（星期三）\n香港時間15時30分\n",
        encoding="utf-8")
    (tmp_path / "note.txt").write_text("A note\n\nThe scheme was launched on 1 September 2024.\n", encoding="utf-8")
    dates = {d.doc_id: d.date for d in read_corpus(tmp_path).documents}
    assert dates == {"release": "2025-02-05", "release-tc": "2025-02-05", "note": "2024-09-01"}
