"""HTML pages: the article only, through trafilatura (navigation, footers, cookie banners and skip links go).

trafilatura (Apache-2.0, maintained, the best-scoring open-source main-content extractor in published
benchmarks) finds the article and writes it as Markdown with its headings, lists and tables; lxml reads the
page's own metadata (``<title>``, ``lang``, canonical link, date meta tags) and the headings' ids for anchors.
"""

from __future__ import annotations

import re
from pathlib import Path

import htmldate
import lxml.html
import trafilatura

from assistant.ingest.documents import CorpusError
from assistant.ingest.formats.common import clean, first_title, with_front_matter

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")


def _anchors(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Heading text -> id, from the heading's own id or its enclosing section's."""
    found: dict[str, str] = {}
    for node in tree.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        anchor = node.get("id") or (node.getparent().get("id") if node.getparent() is not None else None)
        if anchor:
            found.setdefault(clean(node.text_content()), anchor)
    return found


def _with_anchors(markdown: str, anchors: dict[str, str]) -> str:
    lines = []
    for line in markdown.splitlines():
        match = _MD_HEADING.match(line)
        anchor = anchors.get(clean(match.group(2)).replace("\\", "")) if match else None
        lines.append(f"{line} {{#{anchor}}}" if anchor else line)
    return "\n".join(lines)


def _page_meta(tree: lxml.html.HtmlElement, html: str) -> dict:
    def first(xpath: str) -> str | None:
        values = tree.xpath(xpath)
        return clean(str(values[0])) if values else None

    date = htmldate.find_date(html, extensive_search=False, original_date=True)
    return {"url": first("//link[@rel='canonical']/@href") or first("//meta[@property='og:url']/@content"),
            "publisher": first("//meta[@property='og:site_name']/@content") or first("//meta[@name='author']/@content"),
            "date": date, "language": first("/html/@lang") or first("//meta[@http-equiv='content-language']/@content")}


def load_html(path: Path) -> str:
    """The page's article as Markdown with front matter (title, url, publisher, date, language)."""
    raw = path.read_bytes()
    html = raw.decode("utf-8", errors="replace")
    try:
        tree = lxml.html.fromstring(raw)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise CorpusError(f"not an HTML page: {exc}") from exc
    body = trafilatura.extract(html, output_format="markdown", include_tables=True, include_links=False,
                               include_comments=False, favor_recall=True)
    if not body:
        raise CorpusError("no article text found in the page")
    meta = _page_meta(tree, html)
    first_heading = next((m.group(2) for line in body.splitlines() if (m := _MD_HEADING.match(line))), None)
    meta["title"] = first_title(first_heading, tree.findtext(".//title"))
    return with_front_matter(meta, _with_anchors(body.replace("\\*", "*"), _anchors(tree)))
