"""Plain text as content teams drop it in: wrapped by pdftotext or a text browser, tables copied from a page.

The samples are cut from the suite documents (eval/documents) as those tools write them.
"""

import subprocess

from assistant.config import PROJECT_ROOT
from assistant.ingest.corpus import load_document

BUDGET_AS_PDFTOTEXT = """Budget Speech by the Financial Secretary

Smart Manufacturing
45. We enhanced the New Industrialisation Funding Scheme last year to strengthen support for local
manufacturing enterprises to shift to smart manufacturing. The number of new smart production lines
supported by the Scheme has exceeded 100, involving industries such as biotechnology, nanofibre
materials, new energy, etc.
46. We also launched the New Industrialisation Acceleration Scheme in September last year to
provide matching subsidies to enterprises to build smart production facilities in Hong Kong.
"""

NEWS_AS_LYNX = """   Skip to main content

   This website uses cookies to improve your browsing experience. By
   continuing to browse this website, you agree to our use of cookies.
   Learn more
   (BUTTON) Accept (BUTTON) Reject

   news.gov.hk

   繁體 | 简体 | Text Size | Search | Sitemap

     * Top Stories
     * Finance
     * School & Work
     * City Life

   Home > Finance

                       Re-industrialisation subsidy opens

   July 27, 2020

   The Innovation & Technology Commission today rolled out the $2 billion
   Re-industrialisation Funding Scheme to subsidise manufacturers to set
   up new smart production lines in Hong Kong.
   Companies incorporated in Hong Kong under the Companies Ordinance are
   eligible to apply for the subsidy.
   For enquiries, call 3655 5678 or send an email to the scheme's secretariat.
   Share: Facebook X WhatsApp Email Print
   About Us | Important Notices | Privacy Policy | Accessibility | Contact
   2020 © news.gov.hk
   Back to top
"""


def _load(tmp_path, text):
    path = tmp_path / "dropped.txt"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def test_lines_wrapped_by_pdftotext_are_joined_into_their_numbered_paragraphs(tmp_path):
    document = _load(tmp_path, BUDGET_AS_PDFTOTEXT)
    paragraphs = [(b.heading_path[-1], b.paragraph, b.text) for b in document.blocks]
    assert [(heading, number) for heading, number, _ in paragraphs] == [
        ("Smart Manufacturing", "45"), ("Smart Manufacturing", "46")]
    assert paragraphs[0][2].endswith("nanofibre materials, new energy, etc.")
    assert "to build smart production facilities in Hong Kong." in paragraphs[1][2]


def test_a_page_dumped_by_a_text_browser_keeps_its_story_and_loses_the_site(tmp_path):
    document = _load(tmp_path, NEWS_AS_LYNX)
    assert document.title == "Re-industrialisation subsidy opens"
    assert document.date == "2020-07-27"
    texts = [b.text for b in document.blocks]
    assert texts[0].startswith("July 27, 2020")  # the dateline, not a heading
    assert any(t.startswith("The Innovation & Technology Commission today rolled out the $2 billion "
                            "Re-industrialisation Funding Scheme") and t.endswith("in Hong Kong.") for t in texts)
    assert "Companies incorporated in Hong Kong under the Companies Ordinance are eligible to apply for the subsidy." \
        in " ".join(texts)
    assert texts[-1] == "For enquiries, call 3655 5678 or send an email to the scheme's secretariat."
    furniture = ("Top Stories", "City Life", "Accept", "Home > Finance", "Privacy Policy", "©", "Share")
    assert not [t for t in texts if any(f in t for f in furniture)]
    assert all(block.heading_path == ("Re-industrialisation subsidy opens",) for block in document.blocks)


def test_a_table_copied_with_tabs_gives_rows_that_name_their_columns(tmp_path):
    document = _load(tmp_path, "Statistics of Approved Projects\n\n(as at 30/4/2017)\n\n"
                               "Programme\tApproved Projects\tFunds Approved\n"
                               "Innovation and Technology Support Programme\t2,406\t9,878.3\n"
                               "General Support Programme\t2,724\t1,085.8\n")
    rows = [b.text for b in document.blocks if b.kind == "row"]
    assert rows == ["Programme: Innovation and Technology Support Programme; Approved Projects: 2,406; "
                    "Funds Approved: 9,878.3",
                    "Programme: General Support Programme; Approved Projects: 2,724; Funds Approved: 1,085.8"]


def test_a_table_whose_columns_the_text_lost_keeps_one_passage_per_row_under_its_header_line(tmp_path):
    document = _load(tmp_path, "Statistics of Approved Projects\n\n"
                               "   Programme Approved Projects Funds Approved\n"
                               "   Innovation and Technology Support Programme 2,406 9,878.3\n"
                               "   General Support Programme 2,724 1,085.8\n"
                               "   Total: 6,229* 12,430.1**\n")
    rows = [b.text for b in document.blocks if b.kind == "row"]
    assert rows == ["Programme Approved Projects Funds Approved: Innovation and Technology Support Programme 2,406 "
                    "9,878.3", "Programme Approved Projects Funds Approved: General Support Programme 2,724 1,085.8",
                    "Programme Approved Projects Funds Approved: Total: 6,229* 12,430.1**"]
    assert [b.heading_path for b in document.blocks] == [("Statistics of Approved Projects",)] * 3


def test_wrapped_chinese_is_joined_without_spaces_and_keeps_its_punctuation(tmp_path):
    document = _load(tmp_path, "行政長官2025年施政報告\n\n推進AI科研和人才優勢\n\n69.\n"
                               "我們同時已預留十億元，於2026年成立「香港人工智能研發院」，促進AI上游研發、中下游成果轉化\n"
                               "及開拓應用場景。\n")
    [block] = document.blocks
    assert block.paragraph == "69"
    assert block.text == ("69. 我們同時已預留十億元，於2026年成立「香港人工智能研發院」，"
                          "促進AI上游研發、中下游成果轉化及開拓應用場景。")


def test_a_text_with_one_paragraph_per_line_is_read_line_by_line(tmp_path):
    long = "The Government will provide funding on a matching basis to enterprises. " * 4
    second = "A second paragraph of its own, shorter than the first."
    document = _load(tmp_path, f"Funding Schemes\n{long.strip()}\n{second}\n")
    assert [b.text for b in document.blocks] == [long.strip(), second]


def test_a_pdfs_running_footer_and_page_numbers_leave_the_text(tmp_path):
    pages = [f"{n}. Paragraph {n} of the speech, long enough to be a paragraph of its own here.\n\n"
             f"Financial Secretary of the HKSAR Government\n\n{n + 10}\n\f" for n in range(1, 5)]
    document = _load(tmp_path, "The 2025-26 Budget\n\n" + "".join(pages))
    assert document.title == "The 2025-26 Budget"
    assert [(b.paragraph, b.heading_path) for b in document.blocks] == [
        (str(n), ("The 2025-26 Budget",)) for n in range(1, 5)]
    assert not [b for b in document.blocks if "Financial Secretary" in b.text or b.text.isdigit()]
    headed = _load(tmp_path, "".join(f"The 2025-26 Budget\n\n{page}" for page in pages))
    assert headed.title == "The 2025-26 Budget" and len(headed.blocks) == 4


def test_a_text_file_in_big5_or_utf16_or_with_a_byte_order_mark_is_read(tmp_path):
    text = ("施政報告摘要\n\n"
            "政府會推出30億元的「前沿科技研究支援計劃」，支持本地資助院校吸引國際科研頂尖人物來港，帶領前沿科技基礎研究。\n")
    for encoding in ("big5", "utf-16", "utf-8-sig"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        document = load_document(path)
        assert document.title == "施政報告摘要", encoding
        assert [b.text for b in document.blocks] == [text.split("\n")[2]], encoding


BUDGET_PAGE_AS_SAVED = """Print this page
Brand Hong Kong
Government Information Centre Traditional Chinese Simplified Chinese  Search Search Site Map Contact Us
Budget Speech
Budget Speech
Press Releases
Related Documents
Previous Budgets
Related Links

Madam President,

        I move that the Appropriation Bill 2006 be read a second time.

2.   This is my third Budget. I have listened extensively to the views of the community.

Contents | Next

2005 © | Important notices Last revision date : 22 February, 2006
"""


def test_a_saved_page_loses_its_link_bar_and_menu_whose_first_label_names_it(tmp_path):
    document = _load(tmp_path, BUDGET_PAGE_AS_SAVED)
    assert document.title == "Budget Speech"
    assert [(b.heading_path, b.paragraph) for b in document.blocks] == [(("Budget Speech",), None)] * 2 + [
        (("Budget Speech",), "2")]
    assert document.blocks[-1].text == ("2. This is my third Budget. I have listened extensively to the views of the "
                                        "community.")


def test_a_press_release_page_keeps_its_title_under_the_language_bar(tmp_path):
    document = _load(tmp_path, "Traditional Chinese Simplified Chinese Email this article news.gov.hk\n"
                               "Budget Speech by the Financial Secretary (1) (with photo/video)\n"
                               "***************************************************\n\n"
                               "     Following is the full text of the Speech on the 2015-16 Budget delivered by the "
                               "Financial Secretary in the Legislative Council today (February 25):\n")
    assert document.title == "Budget Speech by the Financial Secretary (1) (with photo/video)"
    assert [b.text[:12] for b in document.blocks] == ["Following is"]


def test_the_chapter_through_pdftotext_gives_the_blocks_of_the_original(tmp_path):
    # pdftotext wraps every line, sets each bullet's glyph on a line of its own, wraps a heading over two lines
    # and an abbreviation ("(HKMA)") to a line's start: read back, the same measures under the same headings.
    pdf = PROJECT_ROOT / "eval" / "documents" / "chapter" / "industry-development-and-reform.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    original = load_document(PROJECT_ROOT / "corpus" / "industry-development-and-reform.md")
    document = _load(tmp_path, text)
    assert document.title == original.title
    assert ({(b.kind, b.heading_path, b.text) for b in document.blocks}
            == {(b.kind, b.heading_path, b.text) for b in original.blocks})


def test_a_scheme_page_is_titled_by_the_heading_it_gives_twice_not_by_the_sites_section_names(tmp_path):
    # smelink.gov.hk copied as text: the site's sections, then the page's title as breadcrumb and as heading.
    document = _load(tmp_path, "Support for SMEs\n\nGovernment Funding Schemes\n\nSME Export Marketing Fund\n"
                               "SME Export Marketing Fund\nObjective\n\nTo encourage SMEs to expand their markets "
                               "outside Hong Kong by providing financial assistance to SMEs for participation in "
                               "export promotion activities.\n")
    assert document.title == "SME Export Marketing Fund"
    assert [b.heading_path for b in document.blocks] == [("SME Export Marketing Fund", "Objective")]


def test_a_department_page_is_not_titled_by_its_banner_skip_links_or_a_stray_fragment(tmp_path):
    document = _load(tmp_path, "relative file path for layout\nSkip to main content  Skip to search  Skip to main "
                               "menu\nTrade and Industry Department The Government of the Hong Kong Special "
                               "Administrative Region\nBrand Hong Kong - Asia world city\n\nDedicated Fund on "
                               "Branding, Upgrading and Domestic Sales (BUD Fund)\n\nTo help Hong Kong enterprises "
                               "capture the opportunities, the Government set up the BUD Fund of HK$1 billion in "
                               "June 2012.\n")
    assert document.title == "Dedicated Fund on Branding, Upgrading and Domestic Sales (BUD Fund)"
    assert [b.text[:7] for b in document.blocks] == ["To help"]


def test_go_to_main_content_and_a_text_size_bar_are_furniture(tmp_path):
    lcq = _load(tmp_path, "Go to main content\nLCQ8: SME Export Marketing Fund\n     Following is a question by "
                          "the Hon Jimmy Ng and a written reply by the Secretary in the Legislative Council today "
                          "(July 14):\n")
    assert lcq.title == "LCQ8: SME Export Marketing Fund"
    page = _load(tmp_path, "Small Medium Large\nPrint this page\n\nCreateSmart Initiative\n\n\nThe CreateSmart "
                           "Initiative (CSI) was established by the Government in June 2009.\n")
    assert page.title == "CreateSmart Initiative"
