"""Lay out the real text of the evaluation documents in the formats publishers use (HTML, PDF, DOCX, Markdown).

Why: the loaders issue 15 asks for must be measured on real documents in real formats, but for several
documents only the text could be reached. This script puts that text (texts.py, copied faithfully) into the
format each publisher uses, with the furniture a loader must learn to drop (site navigation, cookie banners,
"Skip to main content", footers) and the structure it must keep (headings by font size, lists, real tables).
It also renders the chapter corpus/industry-development-and-reform.md as a PDF and as a web page.

Run with a tools environment that has python-docx, reportlab and opencc-python-reimplemented (not project
dependencies: only this script needs them):  python eval/documents/tools/render.py
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import opencc
from docx import Document
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

sys.path.insert(0, str(Path(__file__).parent))
import texts

DOCS = Path(__file__).resolve().parents[1]
REPO = DOCS.parents[1]

COOKIE_BANNER = (
    '<div class="cookie-banner" role="dialog" aria-label="Cookie notice"><p>This website uses cookies to improve '
    'your browsing experience. By continuing to browse this website, you agree to our use of cookies. '
    '<a href="/privacy">Learn more</a></p><button type="button">Accept</button><button type="button">Reject'
    '</button></div>')


def page(*, lang: str, head_title: str, site: str, nav: list[str], crumbs: list[str], article: str,
         footer: list[str], copyright_line: str) -> str:
    """A complete web page: the article inside the furniture a real government site puts around it."""
    nav_html = "".join(f'<li><a href="#">{html.escape(n)}</a></li>' for n in nav)
    crumb_html = " &gt; ".join(f'<a href="#">{html.escape(c)}</a>' for c in crumbs)
    foot_html = " | ".join(f'<a href="#">{html.escape(f)}</a>' for f in footer)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(head_title)}</title>
<link rel="stylesheet" href="/css/site.css">
<script src="/js/analytics.js" async></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to main content</a>
{COOKIE_BANNER}
<header class="site-header">
<div class="brand"><a href="/">{html.escape(site)}</a></div>
<div class="tools"><a href="#">繁體</a> | <a href="#">简体</a> | <a href="#">Text Size</a> | <a href="#">Search</a>
 | <a href="#">Sitemap</a></div>
<nav class="main-nav" aria-label="Main"><ul>{nav_html}</ul></nav>
</header>
<div class="breadcrumb">{crumb_html}</div>
<main id="content">
{article}
</main>
<aside class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a>
<a href="#">Email</a> <a href="#">Print</a></aside>
<footer class="site-footer">
<p>{foot_html}</p>
<p>{html.escape(copyright_line)}</p>
<p><a href="#top">Back to top</a></p>
</footer>
</body>
</html>
"""


def render_news_rfs() -> None:
    """The news.gov.hk story as a page with the site's header, navigation and footer."""
    doc = texts.NEWS_RFS_2020
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in doc["paragraphs"])
    article = (f'<article class="news-story">\n<h1>{html.escape(doc["title"])}</h1>\n'
               f'<p class="news-date">{html.escape(doc["date"])}</p>\n{body}\n</article>')
    out = page(lang="en", head_title=f"news.gov.hk - {doc['title']}", site="news.gov.hk",
               nav=["Top Stories", "Finance", "School & Work", "Health & Community", "Environment",
                    "Law & Order", "Infrastructure & Logistics", "City Life", "Record"],
               crumbs=["Home", "Finance"], article=article,
               footer=["About Us", "Important Notices", "Privacy Policy", "Accessibility", "Contact Us"],
               copyright_line="2020 \u00a9 news.gov.hk")
    write("news/2020-07-27-reindustrialisation-subsidy-opens.html", out)


def itf_table_html(snap: dict) -> str:
    """One snapshot of the approved-projects statistics as an HTML table."""
    head = "<tr><th>Programme</th><th>Approved Projects</th><th>Funds Approved</th></tr>"
    rows = "\n".join(f"<tr><td>{html.escape(a)}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in snap["rows"])
    total = "<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in snap["total"]) + "</tr>"
    notes = "\n".join(f"<p class=\"note\">{html.escape(n)}</p>" for n in snap["notes"])
    return (f'<h1>Innovation and Technology Fund</h1>\n<h2>Statistics of Approved Projects</h2>\n'
            f'<p>{html.escape(snap["as_at"])}</p>\n<table class="stat">\n<thead>{head}</thead>\n'
            f'<tbody>\n{rows}\n</tbody>\n<tfoot>{total}</tfoot>\n</table>\n{notes}')


def render_itf_stats() -> None:
    """The Innovation and Technology Fund statistics pages, one per snapshot date."""
    for date, snap in texts.ITF_STATS.items():
        out = page(lang="en", head_title="ITF - Statistics of Approved Projects",
                   site="Innovation and Technology Fund",
                   nav=["Home", "About ITF", "Funding Programmes", "Application", "Statistics", "Project Search",
                        "Publications", "FAQ", "Contact Us"],
                   crumbs=["Home", "Statistics", "Statistics of Approved Projects"],
                   article=f'<article>\n{itf_table_html(snap)}\n</article>',
                   footer=["Important Notices", "Privacy Policy", "Copyright Notice", "Disclaimer"],
                   copyright_line=f"{date[:4]} \u00a9 | Innovation and Technology Commission")
        write(f"itf/itf-statistics-{date}.html", out)


def styles() -> dict[str, ParagraphStyle]:
    """Headings larger than body text, so a PDF loader can find them by font size alone."""
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontName="Helvetica-Bold", fontSize=22, leading=27,
                                spaceAfter=10, alignment=0),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName="Helvetica-Bold", fontSize=16, leading=20,
                             spaceBefore=12, spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName="Helvetica-Bold", fontSize=13, leading=16,
                             spaceBefore=9, spaceAfter=4),
        "body": ParagraphStyle("b", parent=base["BodyText"], fontName="Helvetica", fontSize=10.5, leading=14,
                               spaceAfter=6),
        "small": ParagraphStyle("s", parent=base["BodyText"], fontName="Helvetica", fontSize=8.5, leading=11),
    }


def pdf(path: str, title: str, author: str, story: list) -> None:
    """Write a PDF with reportlab from a list of flowables."""
    target = DOCS / path
    target.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(target), pagesize=A4, title=title, author=author, leftMargin=20 * mm,
                      rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm).build(story)
    print("wrote", path)


def esc(text: str) -> str:
    """Text escaped for reportlab's paragraph markup."""
    return html.escape(text, quote=False)


def render_budget_pdf() -> None:
    """The Budget speech excerpt as a PDF with headings in larger fonts."""
    st = styles()
    doc = texts.BUDGET_2025_PART3
    story: list = [Paragraph(esc(doc["title"]), st["title"])]
    for kind, text in doc["blocks"]:
        story.append(Paragraph(esc(text), st["h2" if kind == "h2" else "h3" if kind == "h3" else "body"]))
    pdf("budget/2025-26-budget-speech-part3-excerpt.pdf", doc["title"], "Financial Secretary, HKSAR Government",
        story)


def itf_pdf_table(snap: dict) -> Table:
    """One statistics snapshot as a reportlab table with its header row."""
    data = [["Programme", "Approved Projects", "Funds Approved"], *snap["rows"], snap["total"]]
    cell = styles()["small"]
    data = [[Paragraph(esc(str(v)), cell) for v in row] for row in data]
    table = Table(data, colWidths=[100 * mm, 32 * mm, 32 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render_itf_variants() -> None:
    """The newest snapshot again as a PDF and a DOCX table, for table loaders (kept out of the suite corpus)."""
    snap = texts.ITF_STATS["2017-04-30"]
    st = styles()
    story = [Paragraph("Innovation and Technology Fund", st["title"]),
             Paragraph("Statistics of Approved Projects", st["h2"]), Paragraph(esc(snap["as_at"]), st["body"]),
             itf_pdf_table(snap), Spacer(1, 4 * mm), *[Paragraph(esc(n), st["small"]) for n in snap["notes"]]]
    pdf("variants/itf-statistics-2017-04-30.pdf", "Innovation and Technology Fund - Statistics of Approved Projects",
        "Innovation and Technology Commission", story)
    document = Document()
    document.core_properties.title = "Innovation and Technology Fund - Statistics of Approved Projects"
    document.core_properties.author = "Innovation and Technology Commission"
    document.add_heading("Innovation and Technology Fund", level=0)
    document.add_heading("Statistics of Approved Projects", level=1)
    document.add_paragraph(snap["as_at"])
    rows = [("Programme", "Approved Projects", "Funds Approved"), *snap["rows"], snap["total"]]
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for note in snap["notes"]:
        document.add_paragraph(note)
    save_docx(document, "variants/itf-statistics-2017-04-30.docx")


def save_docx(document: Document, path: str) -> None:
    """Save a python-docx document under eval/documents."""
    target = DOCS / path
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    print("wrote", path)


def render_lcq_docx() -> None:
    """The LegCo question as a DOCX with its heading and paragraphs."""
    doc = texts.LCQ8_2025
    document = Document()
    props = document.core_properties
    props.title = doc["title"]
    props.author = "Innovation, Technology and Industry Bureau"
    props.comments = ("Question part of the press release only: the written reply could not be retrieved "
                      "(see eval/documents/sources.yaml).")
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(doc["title"], level=1)
    for text in doc["paragraphs"]:
        if text == "Question:":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    save_docx(document, "legco/2025-07-30-lcq8-new-industrialisation.docx")


def render_markdown_and_text() -> None:
    """The scheme page as Markdown with front matter, and the press release as text."""
    front = ("---\ntitle: New Industrialisation Acceleration Scheme (NIAS)\n"
             "source_url: https://www.itf.gov.hk/en/funding-programmes/facilitating-technology/nias/index.html\n"
             "publisher: Innovation and Technology Commission\nlanguage: en\n---\n\n")
    write("itf/nias-scheme.md", front + texts.ITF_NIAS_PAGE)
    write("press-releases/2025-02-05-nias-first-application.txt", texts.PRESS_NIAS_2025_EN)
    write("variants/2025-02-05-nias-first-application.zh-hans.txt", texts.PRESS_NIAS_2025_SC)
    converted = opencc.OpenCC("s2hk").convert(texts.PRESS_NIAS_2025_SC)
    write("press-releases/2025-02-05-nias-first-application.zh-hant.txt", converted)


# --- the chapter ----------------------------------------------------------------------------------------

def chapter_blocks() -> tuple[str, list[tuple[str, str]]]:
    """The chapter's title and its blocks (h1/h2/h3/li/p), front matter dropped."""
    text = (REPO / "corpus/industry-development-and-reform.md").read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    blocks: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.match(r"(#{1,3}) (.*)", line)
        if match:
            blocks.append((f"h{len(match.group(1))}", match.group(2).strip()))
        elif line.startswith("- "):
            blocks.append(("li", line[2:].strip()))
        else:
            blocks.append(("p", line.strip()))
    title = next(t for k, t in blocks if k == "h1")
    return title, blocks


def render_chapter_html() -> None:
    """The chapter as a web page with skip link, cookie banner, navigation and footer."""
    title, blocks = chapter_blocks()
    parts: list[str] = []
    in_list = False
    for kind, text in blocks:
        if kind == "li" and not in_list:
            parts.append("<ul>")
            in_list = True
        if kind != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        tag = {"h1": "h1", "h2": "h2", "h3": "h3", "li": "li", "p": "p"}[kind]
        parts.append(f"<{tag}>{html.escape(text, quote=False)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    article = '<article class="pa-content">\n' + "\n".join(parts) + "\n</article>"
    out = page(lang="en", head_title="The Chief Executive's 2025 Policy Address - Supplement",
               site="The Chief Executive's 2025 Policy Address",
               nav=["Home", "Policy Address", "Supplement", "Highlights", "Video", "Download", "Archives"],
               crumbs=["Home", "Supplement", title], article=article,
               footer=["Important Notices", "Privacy Policy", "Accessibility", "Site Map", "Contact Us"],
               copyright_line="2025 \u00a9 The Government of the Hong Kong Special Administrative Region")
    write("chapter/industry-development-and-reform.html", out)


def render_chapter_pdf() -> None:
    """The chapter as a PDF: title and headings by font size, one bullet per measure."""
    title, blocks = chapter_blocks()
    st = styles()
    story: list = []
    pending: list[ListItem] = []

    def flush() -> None:
        if pending:
            story.append(ListFlowable(list(pending), bulletType="bullet", start="\u2022", leftIndent=14,
                                      bulletFontSize=9))
            pending.clear()

    for kind, text in blocks:
        if kind == "li":
            pending.append(ListItem(Paragraph(esc(text), st["body"]), leftIndent=14))
            continue
        flush()
        style = {"h1": "title", "h2": "h2", "h3": "h3", "p": "body"}[kind]
        story.append(Paragraph(esc(text), st[style]))
    flush()
    pdf("chapter/industry-development-and-reform.pdf", title, "HKSAR Government", story)


def write(path: str, text: str) -> None:
    """Write a text file under eval/documents."""
    target = DOCS / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print("wrote", path)


if __name__ == "__main__":
    render_news_rfs()
    render_itf_stats()
    render_budget_pdf()
    render_itf_variants()
    render_lcq_docx()
    render_markdown_and_text()
    render_chapter_html()
    render_chapter_pdf()
